// The last hop: the connection, DNATed to a pod IP and target port, meets the pod's containers.
import { answerWith, notListeningDetail } from '../kubelet/containers/answers';
import { curlRefused, curlTimeout } from './curl-errors';
import { judgeConnection } from './network-policy';
import { header, type ContainerRequest } from '../kubelet/containers/http-message';
import { planServer, planServers, type EndpointPlan } from './endpoint-plans';
import type { EndpointTarget, RouteDecision, RoutingDraws, TrafficView } from './types';

/** A request as sent by curl: Host defaults to what was dialled. */
export function withHost(
  headers: Record<string, string>,
  host: string,
  port: number,
): Record<string, string> {
  if (header(headers, 'host') !== undefined) return headers;
  return Object.assign({ Host: port === 80 ? host : `${host}:${port}` }, headers);
}

/** What reaching a pod needs besides the pod: the request, the source it appears from, the clock. */
export interface Delivery {
  view: TrafficView;
  request: Omit<ContainerRequest, 'remoteAddr'>;
  /** Source address the pod sees. */
  remoteAddr: string;
  /** The client's own address before SNAT (a pod IP when a pod dialled): its egress policies. */
  clientIp?: string;
  /** What the client dialled, for curl's error line. */
  dialed: { host: string; port: number };
  draws: RoutingDraws;
}

/**
 * Completes `decision` once the connection reached `ep`: the pod's answer if a container listens on
 * the target port, else connection refused (kube-proxy does not know what pods listen on).
 */
export function deliverToPod(
  plan: EndpointPlan,
  ep: EndpointTarget,
  input: Delivery,
  decision: RouteDecision,
): RouteDecision {
  const { pod } = plan;
  decision.pod = plan.target;
  decision.remoteAddr = input.remoteAddr;
  // The CNI drops what the policies do not allow before the pod sees it: no answer, no RST.
  const policy = pod
    ? judgeConnection(input.view, {
        target: pod,
        port: ep.port,
        sourceIp: input.remoteAddr,
        clientIp: input.clientIp,
      })
    : undefined;
  if (policy) decision.networkPolicy = policy;
  if (policy && !policy.allowed) {
    decision.outcome = 'timeout';
    decision.message = policy.reason ?? 'denied by NetworkPolicy';
    decision.curlError = curlTimeout(input.dialed.host, input.dialed.port);
    return decision;
  }
  const { method, path, headers } = input.request;
  const request: ContainerRequest = { method, path, headers, remoteAddr: input.remoteAddr };
  const server = planServer(plan, ep.port);
  if (server) {
    const { answers, now } = input.draws;
    const answer = answers
      ? answers.answer(server, ep.port, request, now)
      : answerWith(server, ep.port, request, now);
    decision.outcome = 'ok';
    decision.response = answer.response;
    if (answer.note) decision.message = `${decision.message}; ${answer.note}`;
    return decision;
  }
  const servers = planServers(plan);
  const detail = servers ? notListeningDetail(servers) : 'the pod no longer exists';
  decision.outcome = 'connection_refused';
  decision.message = `pod ${ep.podName} does not listen on port ${ep.port} (${detail})`;
  decision.curlError = curlRefused(input.dialed.host, input.dialed.port, 1);
  return decision;
}
