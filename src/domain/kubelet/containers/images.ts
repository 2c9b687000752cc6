// The non-nginx images the lab knows: httpd ("It works!"), hashicorp/http-echo, and the generic echo
// app every other image stands for (it listens on its declared containerPorts and answers JSON);
// and what each image's main process does on its stop signal when its pod is deleted.
import type { Container } from '../../../schema/kube/pod';
import { hasOwn } from '../../apimachinery/own-property';
import { byteLength, httpDate, splitPath, type ContainerRequest } from './http-message';
import type { PodResponse } from './http-message';

/** Which simulated server an image runs. */
export type ImageKind = 'nginx' | 'httpd' | 'http-echo' | 'echo';

/** Repository name of an image reference without registry, tag or digest: `docker.io/library/nginx:1.27` -> `nginx`. */
export function imageName(image: string): string {
  const noDigest = image.split('@')[0] ?? '';
  const lastSlash = noDigest.lastIndexOf('/');
  const colon = noDigest.indexOf(':', lastSlash + 1);
  const path = colon < 0 ? noDigest : noDigest.slice(0, colon);
  return path.slice(path.lastIndexOf('/') + 1).toLowerCase();
}

/** The server an image runs; anything unknown is the generic echo app. */
export function imageKind(image: string | undefined): ImageKind {
  const name = imageName(image ?? '');
  if (name === 'nginx') return 'nginx';
  if (name === 'httpd') return 'httpd';
  if (name === 'http-echo') return 'http-echo';
  return 'echo';
}

/**
 * What an image's main process does on its stop signal (the image's STOPSIGNAL, else SIGTERM), one
 * field per image; `argsReplaceServer` tells whether a pod's `args` replace the server (CMD) or are
 * handed to it (ENTRYPOINT). nginx's STOPSIGNAL SIGQUIT is its graceful shutdown, which with no open
 * connection exits at once with status 0; httpd's SIGWINCH is Apache's graceful stop; http-echo and
 * the echo apps the lab stands in for are Go servers that exit on SIGTERM. The base images run a
 * shell (or the pod's `sleep`) as PID 1, which has no handler and so ignores SIGTERM.
 */
export interface ImageStop {
  signal: 'SIGQUIT' | 'SIGWINCH' | 'SIGTERM';
  exits: boolean;
  argsReplaceServer: boolean;
}

const SHELL_IMAGE: ImageStop = { signal: 'SIGTERM', exits: false, argsReplaceServer: true };
const GO_SERVER: ImageStop = { signal: 'SIGTERM', exits: true, argsReplaceServer: false };

export const IMAGE_STOP: Readonly<Record<string, ImageStop>> = {
  // docker-entrypoint.sh ends in `exec "$@"`, so args replace nginx as PID 1.
  nginx: { signal: 'SIGQUIT', exits: true, argsReplaceServer: true },
  httpd: { signal: 'SIGWINCH', exits: true, argsReplaceServer: true },
  'http-echo': GO_SERVER,
  busybox: SHELL_IMAGE,
  alpine: SHELL_IMAGE,
  ubuntu: SHELL_IMAGE,
  debian: SHELL_IMAGE,
};

/** Programs that, run as PID 1, ignore SIGTERM: PID 1 gets no default action, only handlers. */
const NO_HANDLER_PID1 = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'sleep', 'tail']);

/** Whether the container's main process exits on its stop signal (else it waits for SIGKILL). */
export function exitsOnStopSignal(container: Container): boolean {
  const name = imageName(container.image ?? '');
  const stop = hasOwn(IMAGE_STOP, name) ? IMAGE_STOP[name]! : GO_SERVER;
  const own = container.command?.[0] ?? (stop.argsReplaceServer ? container.args?.[0] : undefined);
  if (own === undefined) return stop.exits;
  const program = own.slice(own.lastIndexOf('/') + 1);
  return NO_HANDLER_PID1.has(program) ? false : stop.exits;
}

/** Apache's htdocs/index.html in the httpd image. */
export const HTTPD_INDEX = '<html><body><h1>It works!</h1></body></html>\n';
const HTTPD_404 =
  '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n' +
  '<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n';

/** httpd answers on 80: "It works!" at `/` and `/index.html`, Apache's 404 elsewhere. */
export function httpdAnswer(request: ContainerRequest, now: Date): PodResponse {
  const { uri } = splitPath(request.path);
  const found = uri === '/' || uri === '/index.html';
  const body = found ? HTTPD_INDEX : HTTPD_404;
  const headers: Record<string, string> = { Date: httpDate(now), Server: 'Apache/2.4.65 (Unix)' };
  if (found) {
    headers['Last-Modified'] = 'Mon, 11 Jun 2007 18:53:14 GMT';
    headers['ETag'] = '"2d-432a5e4a73a80"';
    headers['Accept-Ranges'] = 'bytes';
  }
  headers['Content-Length'] = String(byteLength(body));
  headers['Content-Type'] = found ? 'text/html' : 'text/html; charset=iso-8859-1';
  return {
    status: found ? 200 : 404,
    headers,
    body: request.method.toUpperCase() === 'HEAD' ? '' : body,
  };
}

/** Go-flag style lookup: `-name=value`, `--name=value`, `-name value`. */
function flag(argv: string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const m = /^--?([^=]+)(?:=(.*))?$/s.exec(argv[i] ?? '');
    if (m?.[1] !== name) continue;
    return m[2] ?? argv[i + 1];
  }
  return undefined;
}

/** http-echo's settings from its arguments (`command` after the binary, then `args`). */
export function httpEchoConfig(container: Container): { port: number; text: string } {
  const argv = [...(container.command ?? []).slice(1), ...(container.args ?? [])];
  const listen = flag(argv, 'listen') ?? ':5678';
  const port = Number(/:(\d+)$/.exec(listen)?.[1] ?? 5678);
  const envText = container.env?.find((e) => e.name === 'ECHO_TEXT')?.value;
  return { port, text: flag(argv, 'text') ?? envText ?? '' };
}

/** http-echo answers its text plus a newline on every path (`/health` is its health check). */
export function httpEchoAnswer(text: string, request: ContainerRequest, now: Date): PodResponse {
  const health = splitPath(request.path).uri === '/health';
  const body = health ? '{"status":"ok"}\n' : `${text}\n`;
  const headers: Record<string, string> = {
    'Content-Type': health ? 'application/json' : 'text/plain; charset=utf-8',
    'X-App-Name': 'http-echo',
    'X-App-Version': '1.0.0',
    Date: httpDate(now),
    'Content-Length': String(byteLength(body)),
  };
  return { status: 200, headers, body: request.method.toUpperCase() === 'HEAD' ? '' : body };
}

/** TCP ports the generic echo app listens on: exactly the declared containerPorts. */
export function declaredTcpPorts(container: Container): number[] {
  return (container.ports ?? [])
    .filter((p) => (p.protocol ?? 'TCP') === 'TCP')
    .map((p) => p.containerPort);
}

/** Who the generic echo app is running as. */
export interface EchoIdentity {
  pod: string;
  namespace: string;
  podIP: string;
  node: string;
}

/** The generic echo app's JSON: who answered, and the request as it arrived (remoteAddr included). */
export function echoAnswer(id: EchoIdentity, request: ContainerRequest, now: Date): PodResponse {
  const { method, path, headers: seen, remoteAddr } = request;
  // Fields named, not `{ ...id, method, ... }`: on Node 20 a spread followed by properties costs
  // about 2-6 us (docs/development.md), an eighth of a routed request.
  const { pod, namespace, podIP, node } = id;
  const answer = { pod, namespace, podIP, node, method, path, headers: seen, remoteAddr };
  const body = `${JSON.stringify(answer, null, 2)}\n`;
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Date: httpDate(now),
    'Content-Length': String(byteLength(body)),
  };
  return { status: 200, headers, body: method.toUpperCase() === 'HEAD' ? '' : body };
}
