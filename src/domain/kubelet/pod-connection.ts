// A connection made straight to a pod's IP and port, past kube-proxy: kube-apiserver's proxy
// subresources dial the endpoint address they picked, and the kubelet's port-forward dials the
// port inside the pod's network namespace. The container answers as it answers any client, and
// the answer counts as a hit of the Service the request was for (services/proxy), else of the
// first Service (by namespace/name) whose endpoints hold the pod on that port.
import { podWithIp } from '../proxy/pod-index';
import type { Pod } from '../../schema/kube/pod';
import { answerOnPort, containerServers, notListeningDetail } from './containers/answers';
import { header } from './containers/http-message';
import { uniformIndex } from '../proxy/kube-proxy';
import type {
  NodeInfo,
  PodResponse,
  RouteDecision,
  RoutingDraws,
  TrafficView,
} from '../proxy/types';

/** One connection to one of `ips` (kube-apiserver draws among a subset's addresses). */
export interface PodConnection {
  ips: string[];
  port: number;
  /** The Service the request was addressed to, if any. */
  service?: { namespace: string; name: string };
  /** Where the dialler runs, and the address the pod sees. */
  source: NodeInfo;
  remoteAddr: string;
  method: string;
  path: string;
  headers: Record<string, string>;
}

function serviceFor(
  view: TrafficView,
  pod: Pod,
  port: number,
): { namespace: string; name: string } | undefined {
  const namespace = pod.metadata.namespace ?? 'default';
  const names = view.services
    .filter((s) => (s.metadata.namespace ?? 'default') === namespace)
    .filter((s) =>
      (s.spec?.ports ?? []).some((_, i) =>
        view.endpoints(s, i).some((e) => e.podName === pod.metadata.name && e.port === port),
      ),
    )
    .map((s) => s.metadata.name ?? '')
    .sort();
  return names[0] === undefined ? undefined : { namespace, name: names[0] };
}

/**
 * The pod's answer on `conn.port`, or connection refused when no running container listens
 * there (the kubelet's and kube-apiserver's dial fails as any TCP connect does).
 */
export function connectToPod(
  view: TrafficView,
  conn: PodConnection,
  draws: RoutingDraws,
): RouteDecision {
  const ip = conn.ips[uniformIndex(draws.random, Math.max(conn.ips.length, 1))] ?? '';
  const pod = podWithIp(view.pods, ip);
  const name = pod?.metadata.name ?? '';
  const decision: RouteDecision = {
    outcome: 'connection_refused',
    message: `${conn.source.name} connected straight to pod ${name || ip} (${ip}:${conn.port})`,
    receivingNode: conn.source,
    remoteAddr: conn.remoteAddr,
    updates: {},
  };
  if (!pod) {
    decision.message = `no pod has the address ${ip}`;
    return decision;
  }
  const namespace = pod.metadata.namespace ?? 'default';
  const node = pod.spec?.nodeName ?? '';
  decision.pod = { name, namespace, ip, node, targetPort: conn.port };
  const { method, path, remoteAddr } = conn;
  // The dialler names the address it dialled, port and all (Go keeps `:80` in Host).
  const headers = header(conn.headers, 'host')
    ? conn.headers
    : { Host: `${ip}:${conn.port}`, ...conn.headers };
  const request = { method, path, headers, remoteAddr };
  const answer = answerOnPort(pod, conn.port, view.configMaps, request, draws.now);
  if (!answer.listening) {
    decision.message = `pod ${name} does not listen on port ${conn.port} (${notListeningDetail(answer.servers)})`;
    return decision;
  }
  decision.outcome = 'ok';
  decision.response = answer.response satisfies PodResponse;
  const service = conn.service ?? serviceFor(view, pod, conn.port);
  if (service) {
    const hit = { namespace, service: service.name, pod: name, node, entryNode: conn.source.name };
    decision.updates = { hit };
  }
  return decision;
}

/**
 * Whether a connect to `port` inside the pod succeeds now (a running container listens there):
 * what the kubelet's port-forward learns before any byte flows.
 */
export function podListensOn(
  pod: Pod,
  port: number,
  view: Pick<TrafficView, 'configMaps'>,
): boolean {
  if (pod.status?.phase !== 'Running') return false;
  return containerServers(pod, view.configMaps).some(
    (s) => s.failure === undefined && s.ports.includes(port),
  );
}
