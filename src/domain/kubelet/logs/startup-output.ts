// What each image prints when its container starts, as `kubectl logs` shows it. nginx is modelled
// on the official image the lab serves (nginx 1.29.3, the `Server` header's version) for every
// tag: its docker-entrypoint.sh lines, then nginx's own [notice] lines, or the [emerg] line of a
// configuration it refuses. httpd prints Apache's start-up notices, hashicorp/http-echo its
// listening line; the generic echo app every other image stands for prints nothing.
import type { ConfigMap } from '../../../schema/kube/core';
import type { Container, Pod } from '../../../schema/kube/pod';
import { httpEchoConfig, imageKind } from '../containers/images';
import { NGINX_IMAGE_FILES } from '../containers/nginx/image';
import { NGINX_DEFAULT_CONF, NGINX_IMAGE_MTIME, NGINX_VERSION } from '../containers/nginx/pages';
import { buildPodFiles } from '../containers/pod-files';
import { apacheErrorTime, slashTime } from './log-time';

/** What start-up output depends on besides the container: its node and the moment it starts. */
export interface StartContext {
  /** The node's kernel (`status.nodeInfo.kernelVersion`), nginx's `OS:` line. */
  kernel: string;
  /** The node's CPUs: nginx's `worker_processes auto` starts one worker per CPU. */
  cpus: number;
  /** Lab time, ms since the epoch. */
  time: number;
  /** Why the container's server fails at start-up (an nginx `[emerg]`), if it does. */
  failure?: string | undefined;
}

const ENTRYPOINT = '/docker-entrypoint.sh';
const DEFAULT_CONF = '/etc/nginx/conf.d/default.conf';
const IPV6 = '10-listen-on-ipv6-by-default.sh';

/**
 * 10-listen-on-ipv6-by-default.sh's lines: it edits the stock default.conf, and says why not when
 * a mount replaced it (ConfigMap volumes are read-only) or took it away.
 */
function ipv6Lines(pod: Pod, container: Container, configMaps: ConfigMap[]): string[] {
  const files = buildPodFiles(pod, container, configMaps, NGINX_IMAGE_FILES, NGINX_IMAGE_MTIME);
  const conf = files.files.get(DEFAULT_CONF);
  if (conf === undefined) return [`${IPV6}: info: ${DEFAULT_CONF} is not a file or does not exist`];
  if (conf.mtime !== NGINX_IMAGE_MTIME || conf.content !== NGINX_DEFAULT_CONF) {
    return [`${IPV6}: info: can not modify ${DEFAULT_CONF} (read-only file system?)`];
  }
  return [
    `${IPV6}: info: Getting the checksum of ${DEFAULT_CONF}`,
    `${IPV6}: info: Enabled listen on IPv6 in ${DEFAULT_CONF}`,
  ];
}

/** The compiler nginx names (`NGX_COMPILER`, with its trailing space) in each image variant. */
function compiler(image: string): string {
  return /alpine/i.test(image) ? 'gcc 14.2.0 (Alpine 14.2.0) ' : 'gcc 14.2.0 (Debian 14.2.0-19) ';
}

/** The nginx image's start-up: entrypoint lines, then nginx's notices or its `[emerg]`. */
export function nginxStartup(
  pod: Pod,
  container: Container,
  configMaps: ConfigMap[],
  at: StartContext,
): string[] {
  const lines = [
    `${ENTRYPOINT}: /docker-entrypoint.d/ is not empty, will attempt to perform configuration`,
    `${ENTRYPOINT}: Looking for shell scripts in /docker-entrypoint.d/`,
    `${ENTRYPOINT}: Launching /docker-entrypoint.d/${IPV6}`,
    ...ipv6Lines(pod, container, configMaps),
    `${ENTRYPOINT}: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh`,
    `${ENTRYPOINT}: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh`,
    `${ENTRYPOINT}: Launching /docker-entrypoint.d/30-tune-worker-processes.sh`,
    `${ENTRYPOINT}: Configuration complete; ready for start up`,
  ];
  const stamp = `${slashTime(at.time)} [notice] 1#1: `;
  if (at.failure !== undefined) {
    // nginx writes the error to its error log (stderr in the image) and again to stderr itself.
    const message = at.failure.replace(/^nginx: \[emerg\] /, '');
    return [...lines, `${slashTime(at.time)} [emerg] 1#1: ${message}`, `nginx: [emerg] ${message}`];
  }
  const workers = Array.from(
    { length: Math.max(1, at.cpus) },
    (_, i) => `start worker process ${29 + i}`,
  );
  const notices = [
    'using the "epoll" event method',
    `nginx/${NGINX_VERSION}`,
    `built by ${compiler(container.image ?? '')}`,
    `OS: Linux ${at.kernel}`,
    'getrlimit(RLIMIT_NOFILE): 1048576:1048576',
    'start worker processes',
    ...workers,
  ];
  return [...lines, ...notices.map((n) => stamp + n)];
}

/**
 * httpd's start-up with the image's httpd.conf (no ServerName): AH00558 twice (the configuration
 * is read twice), naming the address the pod's hostname resolves to, then the event MPM's notices.
 */
export function httpdStartup(pod: Pod, at: StartContext): string[] {
  const ip = pod.status?.podIP ?? '127.0.0.1';
  const fqdn = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${ip}. Set the 'ServerName' directive globally to suppress this message`;
  const stamp = `[${apacheErrorTime(at.time)}]`;
  return [
    fqdn,
    fqdn,
    `${stamp} [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.65 (Unix) configured -- resuming normal operations`,
    `${stamp} [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'`,
  ];
}

/** hashicorp/http-echo logs where it listens (Go's `log`, to stderr). */
export function httpEchoStartup(container: Container, at: StartContext): string[] {
  const { port } = httpEchoConfig(container);
  return [`${slashTime(at.time)} [INFO] server is listening on :${port}`];
}

/** The lines `container` of `pod` prints as it starts (before any request reaches it). */
export function startupOutput(
  pod: Pod,
  container: Container,
  configMaps: ConfigMap[],
  at: StartContext,
): string[] {
  switch (imageKind(container.image)) {
    case 'nginx':
      return nginxStartup(pod, container, configMaps, at);
    case 'httpd':
      return httpdStartup(pod, at);
    case 'http-echo':
      return httpEchoStartup(container, at);
    default:
      return [];
  }
}
