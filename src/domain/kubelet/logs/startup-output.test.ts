import { describe, expect, it } from 'vitest';
import type { Container, Pod } from '../../../schema/kube/pod';
import { configMap, ECHO_CONFIG, nginx, pod } from '../../../../test/fixtures/traffic-objects';
import { startupOutput } from './startup-output';

const at = { kernel: '6.8.0-1029-gcp', cpus: 2, time: Date.UTC(2026, 11, 1, 11, 30, 5, 250) };
const IPV6 = '10-listen-on-ipv6-by-default.sh: info:';
const conf = { name: 'conf', configMap: { name: 'nginx-echo-config' } };

function nginxWith(mountPath: string | undefined, subPath?: string): [Pod, Container] {
  const container: Container = {
    ...nginx(),
    ...(mountPath
      ? { volumeMounts: [{ name: 'conf', mountPath, ...(subPath ? { subPath } : {}) }] }
      : {}),
  };
  const p = pod('web', '10.244.1.5', 'node01', [container], mountPath ? { volumes: [conf] } : {});
  return [p, container];
}

describe('nginx start-up', () => {
  it.each([
    [
      'the stock default.conf',
      undefined,
      undefined,
      [
        `${IPV6} Getting the checksum of /etc/nginx/conf.d/default.conf`,
        `${IPV6} Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf`,
      ],
    ],
    [
      'a ConfigMap with default.conf on conf.d',
      '/etc/nginx/conf.d',
      undefined,
      [`${IPV6} can not modify /etc/nginx/conf.d/default.conf (read-only file system?)`],
    ],
    [
      'default.conf mounted by subPath',
      '/etc/nginx/conf.d/default.conf',
      'default.conf',
      [`${IPV6} can not modify /etc/nginx/conf.d/default.conf (read-only file system?)`],
    ],
    [
      'a ConfigMap without default.conf on conf.d',
      '/etc/nginx/conf.d',
      'none',
      [`${IPV6} /etc/nginx/conf.d/default.conf is not a file or does not exist`],
    ],
  ])('with %s', (_, mountPath, subPath, ipv6) => {
    const [p, c] = nginxWith(mountPath, subPath === 'none' ? undefined : subPath);
    const maps =
      subPath === 'none' ? [configMap('nginx-echo-config', { 'x.conf': '' })] : [ECHO_CONFIG];
    const lines = startupOutput(p, c, maps, at);
    expect(lines.slice(3, 3 + ipv6.length)).toEqual(ipv6);
    expect(lines.slice(3 + ipv6.length, 3 + ipv6.length + 4)).toEqual([
      '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
      '/docker-entrypoint.sh: Configuration complete; ready for start up',
    ]);
    expect(lines.slice(-8)).toEqual([
      '2026/12/01 11:30:05 [notice] 1#1: using the "epoll" event method',
      '2026/12/01 11:30:05 [notice] 1#1: nginx/1.29.3',
      '2026/12/01 11:30:05 [notice] 1#1: built by gcc 14.2.0 (Debian 14.2.0-19) ',
      '2026/12/01 11:30:05 [notice] 1#1: OS: Linux 6.8.0-1029-gcp',
      '2026/12/01 11:30:05 [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576',
      '2026/12/01 11:30:05 [notice] 1#1: start worker processes',
      '2026/12/01 11:30:05 [notice] 1#1: start worker process 29',
      '2026/12/01 11:30:05 [notice] 1#1: start worker process 30',
    ]);
  });

  it('ends with the [emerg] twice (error log, then stderr) when the config is refused', () => {
    const [p, c] = nginxWith(undefined);
    const failure = 'nginx: [emerg] unexpected "}" in /etc/nginx/conf.d/default.conf:8';
    const lines = startupOutput(p, c, [], { ...at, failure });
    expect(lines.slice(-3)).toEqual([
      '/docker-entrypoint.sh: Configuration complete; ready for start up',
      '2026/12/01 11:30:05 [emerg] 1#1: unexpected "}" in /etc/nginx/conf.d/default.conf:8',
      'nginx: [emerg] unexpected "}" in /etc/nginx/conf.d/default.conf:8',
    ]);
  });

  it('names the Alpine compiler for alpine tags', () => {
    const c = nginx('nginx:1.27-alpine');
    const lines = startupOutput(pod('web', '10.244.1.5', 'node01', [c]), c, [], at);
    expect(lines).toContain(
      '2026/12/01 11:30:05 [notice] 1#1: built by gcc 14.2.0 (Alpine 14.2.0) ',
    );
  });
});

describe('other images', () => {
  it.each([
    [
      'httpd',
      { name: 'web', image: 'httpd:2.4' },
      [
        "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 10.244.1.5. Set the 'ServerName' directive globally to suppress this message",
        "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 10.244.1.5. Set the 'ServerName' directive globally to suppress this message",
        '[Tue Dec 01 11:30:05.250000 2026] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.65 (Unix) configured -- resuming normal operations',
        "[Tue Dec 01 11:30:05.250000 2026] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'",
      ],
    ],
    [
      'hashicorp/http-echo',
      { name: 'echo', image: 'hashicorp/http-echo', args: ['-text=hi', '-listen=:8080'] },
      ['2026/12/01 11:30:05 [INFO] server is listening on :8080'],
    ],
    ['the generic echo app', { name: 'api', image: 'ghcr.io/acme/api:1' }, []],
  ])('%s', (_, container, expected) => {
    const p = pod('web', '10.244.1.5', 'node01', [container]);
    expect(startupOutput(p, container, [], at)).toEqual(expected);
  });
});
