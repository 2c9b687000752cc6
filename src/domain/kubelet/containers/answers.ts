// What a pod's containers answer. All containers share the pod's network namespace, so a port is
// served by whichever container listens on it; nobody listening means the connection is refused.
import type { ConfigMap } from '../../../schema/kube/core';
import type { Container, Pod } from '../../../schema/kube/pod';
import {
  declaredTcpPorts,
  echoAnswer,
  httpdAnswer,
  httpEchoAnswer,
  httpEchoConfig,
  imageKind,
  type ImageKind,
} from './images';
import { sharePart } from '../../apimachinery/shared-part';
import type { ContainerRequest } from './http-message';
import { loadPodNginx } from './nginx/image';
import { serveNginx } from './nginx/serve';
import { listeningPorts } from './nginx/servers';
import type { PodResponse } from './http-message';

/** One container's server: the ports it accepts on and how it answers. */
export interface ContainerServer {
  container: string;
  kind: ImageKind;
  ports: number[];
  /** Why the server is not running (an nginx config error), if it is not. */
  failure?: string;
  /** What explains a backslash in its answers (nginx keeps the one of `\$`), if anything. */
  backslashNote?: string;
  answer: (port: number, request: ContainerRequest, now: Date) => PodResponse;
  /**
   * The clock's step its answers can tell apart, in ms: 1,000 (the Date header, nginx's
   * $time_iso8601), 1 for an nginx whose files name $msec. Within one step an answer is a function
   * of the port and the request alone, so the last one is kept (see answerWith).
   */
  clockMs: number;
  last?: LastAnswer;
}

/** A server's last answer and what it answered. */
interface LastAnswer {
  port: number;
  tick: number;
  method: string;
  path: string;
  remoteAddr: string;
  /** The request's headers, names and values in order, as JSON (exact: no separator to forge). */
  headers: string;
  answer: ContainerAnswer & { listening: true };
}

/** The result of connecting to a pod port and sending a request. */
export type ContainerAnswer =
  | { listening: true; container: string; response: PodResponse; note?: string }
  | { listening: false; servers: ContainerServer[] };

function podIdentity(pod: Pod): { pod: string; namespace: string; podIP: string; node: string } {
  return {
    pod: pod.metadata.name ?? '',
    namespace: pod.metadata.namespace ?? 'default',
    podIP: pod.status?.podIP ?? '',
    node: pod.spec?.nodeName ?? '',
  };
}

function nginxServer(pod: Pod, container: Container, configMaps: ConfigMap[]): ContainerServer {
  const id = podIdentity(pod);
  const loaded = loadPodNginx(pod, container, configMaps);
  const base = { container: container.name, kind: 'nginx' as const, clockMs: SECOND };
  if (!loaded.ok)
    return {
      ...base,
      ports: [],
      failure: loaded.error,
      answer: () => ({ status: 0, headers: {}, body: '' }),
    };
  const at = loaded.model.escapedDollars;
  // The answer captures the fields it reads, not their holders: one object fewer to fetch per
  // request (a lab's server is cold memory when requests spread over many labs).
  const { model, files } = loaded;
  const { pod: podName, podIP } = id;
  const msec = [...files.files.values()].some((f) => f.content.includes('msec'));
  return {
    ...base,
    ...(at.length ? { backslashNote: backslashNote(at) } : {}),
    ...(msec ? { clockMs: 1 } : {}),
    ports: listeningPorts(model, podIP),
    answer: (port, request, now) =>
      serveNginx(model, { podName, podIP, port, now, files, request }),
  };
}

/** Why `\$server_addr` answers `\10.244.1.5`, and what to write instead. */
function backslashNote(at: string[]): string {
  return (
    `nginx keeps the backslash of \\$ (${at.join(', ')}): its parser unescapes only \\", \\', ` +
    '\\\\, \\t, \\r and \\n. Tutorials write \\$ inside a shell heredoc, where it passes a $ through; ' +
    'in a YAML file write $server_addr'
  );
}

// A batch routes many requests through the same view objects; servers depend only on them.
const serversOf = new WeakMap<Pod, { configMaps: ConfigMap[]; servers: ContainerServer[] }>();

/** The server each container of `pod` runs, in container order. */
export function containerServers(pod: Pod, configMaps: ConfigMap[]): ContainerServer[] {
  const known = serversOf.get(pod);
  if (known && known.configMaps === configMaps) return known.servers;
  const servers = buildServers(pod, configMaps);
  serversOf.set(pod, { configMaps, servers });
  return servers;
}

function buildServers(pod: Pod, configMaps: ConfigMap[]): ContainerServer[] {
  return (pod.spec?.containers ?? []).map((container): ContainerServer => {
    const kind = imageKind(container.image);
    const base = { container: container.name, kind, clockMs: SECOND };
    if (kind === 'nginx') return nginxServer(pod, container, configMaps);
    if (kind === 'httpd')
      return { ...base, ports: [80], answer: (_p, req, now) => httpdAnswer(req, now) };
    if (kind === 'http-echo') {
      const { port, text } = httpEchoConfig(container);
      return { ...base, ports: [port], answer: (_p, req, now) => httpEchoAnswer(text, req, now) };
    }
    const id = podIdentity(pod);
    return {
      ...base,
      ports: declaredTcpPorts(container),
      answer: (_p, req, now) => echoAnswer(id, req, now),
    };
  });
}

/** Connects to `port` of `pod` and sends `request`; the first container listening there answers. */
export function answerOnPort(
  pod: Pod,
  port: number,
  configMaps: ConfigMap[],
  request: ContainerRequest,
  now: Date,
): ContainerAnswer {
  return answerFrom(containerServers(pod, configMaps), port, request, now);
}

/** answerOnPort with the pod's servers already at hand (a route plan keeps them per endpoint). */
export function answerFrom(
  servers: ContainerServer[],
  port: number,
  request: ContainerRequest,
  now: Date,
): ContainerAnswer {
  const server = serverOn(servers, port);
  if (server === undefined) return { listening: false, servers };
  return answerWith(server, port, request, now);
}

/** The first running server listening on `port`: the one a connection to it reaches. */
export function serverOn(servers: ContainerServer[], port: number): ContainerServer | undefined {
  return servers.find((s) => s.failure === undefined && s.ports.includes(port));
}

const SECOND = 1000;

/**
 * `server`'s answer to `request` on `port`. A request like the server's last one, within the same
 * step of its clock, gets that answer again, shared (frozen, its JSON written once): a loop of curls
 * costs a comparison, not a run through nginx's configuration and a new answer to serialise.
 */
export function answerWith(
  server: ContainerServer,
  port: number,
  request: ContainerRequest,
  now: Date,
): ContainerAnswer & { listening: true } {
  const tick = Math.floor(now.getTime() / server.clockMs);
  const headers = JSON.stringify(request.headers);
  const last = server.last;
  if (
    last !== undefined &&
    last.tick === tick &&
    last.port === port &&
    last.method === request.method &&
    last.path === request.path &&
    last.remoteAddr === request.remoteAddr &&
    last.headers === headers
  ) {
    return last.answer;
  }
  const fresh = server.answer(port, request, now);
  const response = sharePart({ ...fresh, headers: Object.freeze(fresh.headers) });
  const note = server.backslashNote && response.body.includes('\\') ? server.backslashNote : '';
  const answer = sharePart({
    listening: true as const,
    container: server.container,
    response,
    ...(note ? { note } : {}),
  });
  const { method, path, remoteAddr } = request;
  server.last = { port, tick, method, path, remoteAddr, headers, answer };
  return answer;
}

/** Human explanation of why nothing answered on `port`, in terms of what each container does listen on. */
export function notListeningDetail(servers: ContainerServer[]): string {
  const parts = servers.map((s) => {
    if (s.failure !== undefined) return `container ${s.container} is not running (${s.failure})`;
    if (s.ports.length === 0) return `container ${s.container} listens on no port`;
    return `container ${s.container} listens on ${s.ports.join(', ')}`;
  });
  return parts.join('; ');
}
