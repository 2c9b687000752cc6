import { describe, expect, it } from 'vitest';
import type { Container } from '../../../schema/kube/pod';
import { nginx, pod, view } from '../../../../test/fixtures/traffic-objects';
import type { RouteDecision } from '../../proxy/types';
import { AccessLogBatch, accessLine, RoutedAccessLog } from './access-log';
import { LOG_BOUNDS } from './container-log';

const time = Date.UTC(2026, 11, 1, 11, 30, 5);
const RUN = 'containerd://abc';

function served(container: Container, port: number, status = 200, body = 'hello\n') {
  const p = pod('web', '10.244.1.5', 'node01', [container]);
  p.status!.containerStatuses = [
    { name: container.name, ready: true, restartCount: 0, containerID: RUN } as never,
  ];
  const decision: RouteDecision = {
    outcome: 'ok',
    message: '',
    pod: { name: 'web', namespace: 'default', ip: '10.244.1.5', node: 'node01', targetPort: port },
    remoteAddr: '192.168.1.3',
    response: { status, headers: {}, body },
    updates: {},
  };
  return { v: view([], [p]), decision };
}

const request = (path: string, headers: Record<string, string> = {}) => ({
  method: 'GET',
  path,
  headers: { host: '192.168.1.3:30007', 'user-agent': 'curl/8.5.0', ...headers },
});

describe('accessLine', () => {
  it.each([
    [
      "nginx's main format",
      nginx(),
      80,
      request('/'),
      '192.168.1.3 - - [01/Dec/2026:11:30:05 +0000] "GET / HTTP/1.1" 200 6 "-" "curl/8.5.0" "-"',
    ],
    [
      'nginx with referer and X-Forwarded-For, escaping quotes',
      nginx(),
      80,
      request('/a"b', {
        referer: 'http://x/',
        'x-forwarded-for': '203.0.113.9',
        'user-agent': 'a"b\n',
      }),
      '192.168.1.3 - - [01/Dec/2026:11:30:05 +0000] "GET /a\\x22b HTTP/1.1" 200 6 "http://x/" "a\\x22b\\x0A" "203.0.113.9"',
    ],
    [
      "httpd's common format",
      { name: 'web', image: 'httpd:2.4' },
      80,
      request('/'),
      '192.168.1.3 - - [01/Dec/2026:11:30:05 +0000] "GET / HTTP/1.1" 200 6',
    ],
    [
      "http-echo's own format",
      { name: 'echo', image: 'hashicorp/http-echo', args: ['-text=hi'] },
      5678,
      request('/x?y=1'),
      '2026/12/01 11:30:05 192.168.1.3:30007 192.168.1.3:59969 "GET /x HTTP/1.1" 200 6 "curl/8.5.0" 27.7µs',
    ],
  ])('%s', (_, container, port, req, line) => {
    const { v, decision } = served(container, port);
    expect(accessLine(v, decision, req, 7, time)).toEqual({
      namespace: 'default',
      pod: 'web',
      container: container.name,
      run: RUN,
      text: line,
    });
  });

  it('writes nothing for a refused connection, http-echo /health or the generic echo app', () => {
    const refused = served(nginx(), 80);
    expect(
      accessLine(
        refused.v,
        { ...refused.decision, outcome: 'connection_refused' },
        request('/'),
        1,
        time,
      ),
    ).toBeUndefined();
    const echo = served({ name: 'echo', image: 'hashicorp/http-echo' }, 5678);
    expect(accessLine(echo.v, echo.decision, request('/health'), 1, time)).toBeUndefined();
    const api = served(
      { name: 'api', image: 'ghcr.io/acme/api', ports: [{ containerPort: 8080 }] },
      8080,
    );
    expect(accessLine(api.v, api.decision, request('/'), 1, time)).toBeUndefined();
  });

  it('groups lines made one by one by run, keeping the newest', () => {
    const batch = new AccessLogBatch();
    const line = { namespace: 'default', pod: 'web', container: 'nginx', run: RUN };
    for (let i = 0; i < 2500; i++) batch.add({ ...line, text: String(i) }, time);
    batch.add(undefined, time);
    const [write] = batch.writes();
    expect(write!.lines).toHaveLength(LOG_BOUNDS.linesPerRun);
    expect(write!.lines.at(-1)!.text).toBe('2499');
  });

  it('keeps the newest lines of a run within a routed batch, in connection order', () => {
    const { v, decision } = served(nginx(), 80);
    const batch = new RoutedAccessLog(v, request('/'), time);
    for (let i = 0; i < 2500; i++) {
      batch.add({ ...decision, response: { status: 200, headers: {}, body: 'x'.repeat(i) } }, i);
    }
    batch.add({ ...decision, outcome: 'timeout' }, 2500);
    const [write, more] = batch.writes();
    expect(more).toBeUndefined();
    expect(write!.lines).toHaveLength(LOG_BOUNDS.linesPerRun);
    expect(write!.lines.at(-1)!.text).toContain('" 200 2499 "');
    expect(write!.lines[0]!.text).toContain(`" 200 ${2500 - LOG_BOUNDS.linesPerRun} "`);
  });
});
