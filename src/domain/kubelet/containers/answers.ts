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
import type { ContainerRequest } from './http-message';
import { loadPodNginx } from './nginx/image';
import { serveNginx } from './nginx/serve';
import { listeningPorts, type NginxModel } from './nginx/servers';
import type { PodFiles } from './pod-files';
import type { PodResponse } from './http-message';

/** One container's server: the ports it accepts on and how it answers. */
export interface ContainerServer {
  container: string;
  kind: ImageKind;
  ports: number[];
  /** Why the server is not running (an nginx config error), if it is not. */
  failure?: string;
  /** What explains a backslash in its answers (nginx keeps the one of `\$`), if anything. */
  backslashNote?: string | undefined;
  answer: (port: number, request: ContainerRequest, now: Date) => PodResponse;
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

/**
 * A running nginx: its configuration, files and pod address held as fields, answering through a
 * method all nginx servers share. A closure per pod made each answer fetch the closure, its
 * context and the context it was made in: spread over 1,000 labs, three cache misses a request.
 */
class NginxServer implements ContainerServer {
  readonly kind = 'nginx' as const;
  readonly ports: number[];
  readonly backslashNote: string | undefined;

  constructor(
    readonly container: string,
    private readonly model: NginxModel,
    private readonly files: PodFiles,
    private readonly podName: string,
    private readonly podIP: string,
  ) {
    const at = model.escapedDollars;
    this.backslashNote = at.length ? backslashNote(at) : undefined;
    this.ports = listeningPorts(model, podIP);
  }

  answer(port: number, request: ContainerRequest, now: Date): PodResponse {
    const { podName, podIP, files } = this;
    return serveNginx(this.model, { podName, podIP, port, now, files, request });
  }
}

function nginxServer(pod: Pod, container: Container, configMaps: ConfigMap[]): ContainerServer {
  const loaded = loadPodNginx(pod, container, configMaps);
  if (!loaded.ok)
    return {
      container: container.name,
      kind: 'nginx',
      ports: [],
      failure: loaded.error,
      answer: () => ({ status: 0, headers: {}, body: '' }),
    };
  const { pod: podName, podIP } = podIdentity(pod);
  return new NginxServer(container.name, loaded.model, loaded.files, podName, podIP);
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
    const base = { container: container.name, kind };
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

/**
 * Answers a batch of connections already got. A server's answer depends only on the port, the
 * request and the clock, and a batch sends one request at one instant: a `count=10000` batch to
 * nginx built the same page ten thousand times (most of a 200 ms event-loop block).
 */
export class AnswerMemo {
  private readonly kept = new Map<
    ContainerServer,
    {
      port: number;
      request: ContainerRequest;
      at: number;
      answer: ContainerAnswer & { listening: true };
    }[]
  >();

  answer(server: ContainerServer, port: number, request: ContainerRequest, now: Date) {
    let list = this.kept.get(server);
    if (!list) this.kept.set(server, (list = []));
    const at = now.getTime();
    const known = list.find(
      (k) => k.port === port && k.at === at && sameRequest(k.request, request),
    );
    if (known) return known.answer;
    const answer = answerWith(server, port, request, now);
    // Bounded: a batch reaches few (server, source address) pairs; past that, answer afresh.
    if (list.length < 16) list.push({ port, request, at, answer });
    return answer;
  }
}

const sameRequest = (a: ContainerRequest, b: ContainerRequest): boolean =>
  a.remoteAddr === b.remoteAddr &&
  a.method === b.method &&
  a.path === b.path &&
  a.headers === b.headers;

/** `server`'s answer to `request` on `port`. */
export function answerWith(
  server: ContainerServer,
  port: number,
  request: ContainerRequest,
  now: Date,
): ContainerAnswer & { listening: true } {
  const response = server.answer(port, request, now);
  const note = server.backslashNote && response.body.includes('\\') ? server.backslashNote : '';
  return { listening: true, container: server.container, response, ...(note ? { note } : {}) };
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
