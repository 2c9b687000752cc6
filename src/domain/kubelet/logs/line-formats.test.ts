// A logging server's last line (line-formats.ts): a request whose logged inputs are all the same
// as the last one's gets that line's string without formatting; any input that differs gets the
// line a server keeping nothing writes.
import { describe, expect, it } from 'vitest';
import type { Container } from '../../../schema/kube/pod';
import {
  DrawState,
  mulberry32,
  NODES,
  nginx,
  pod,
  service,
  view,
} from '../../../../test/fixtures/traffic-objects';
import type { ClusterState } from '../../lab/cluster-state';
import { planLogging, planOfTarget } from '../../proxy/endpoint-plans';
import { programRules } from '../../proxy/programmed-rules';
import { routeExternal } from '../../proxy/route';
import type { RouteDecision } from '../../proxy/types';
import { accessLine, type ReceivedRequest } from './access-log';

const time = Date.UTC(2026, 11, 1, 11, 30, 5, 100);
const REMEMBERED = 'the remembered line';

/** A programmed state with one pod running `container` behind NodePort 30080, and a routed decision. */
function lab(container: Container, port: number) {
  const p = pod('web', '10.244.1.5', 'node01', [container], { labels: { app: 'web' } });
  const status = { name: container.name, ready: true, restartCount: 0, containerID: 'c://1' };
  p.status!.containerStatuses = [status as never];
  const svc = service('web', {
    type: 'NodePort',
    clusterIP: '10.96.0.10',
    selector: { app: 'web' },
    ports: [{ protocol: 'TCP', port: 80, targetPort: port, nodePort: 30080 }],
  });
  const nodes = NODES.map((n) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: n.name },
    status: { addresses: [{ type: 'InternalIP', address: n.ip }] },
  }));
  const objects = [...nodes, svc, p] as ClusterState['objects'];
  const rules = programRules({ objects, settings: { proxyMode: 'iptables' } as never });
  const r = { ip: NODES[0]!.ip, port: 30080, clientIp: '192.168.1.10', method: 'GET', path: '/' };
  const decision = routeExternal(
    rules,
    { ...r, headers: {} },
    new DrawState(mulberry32(1)).draws(),
  );
  expect(decision.outcome).toBe('ok');
  const logging = planLogging(planOfTarget(rules, decision.pod!)!)!;
  return { rules, plain: view([svc], [p]), decision, logging };
}

const base: ReceivedRequest = {
  method: 'GET',
  path: '/',
  headers: { host: '192.168.1.2:30080', 'user-agent': 'curl/8.5.0' },
};

type Variant = [string, ReceivedRequest, number, (d: RouteDecision) => RouteDecision];
const same = (d: RouteDecision) => d;
const variants: Variant[] = [
  [
    'another user agent',
    { ...base, headers: { host: base.headers.host!, 'User-Agent': 'wget' } },
    time,
    same,
  ],
  ['a referer', { ...base, headers: { ...base.headers, referer: 'http://x/' } }, time, same],
  [
    'an X-Forwarded-For',
    { ...base, headers: { ...base.headers, 'x-forwarded-for': '1.2.3.4' } },
    time,
    same,
  ],
  ['another path', { ...base, path: '/a' }, time, same],
  ['another method', { ...base, method: 'HEAD' }, time, same],
  ['the next second', base, time + 900, same],
  ['another client', base, time, (d) => ({ ...d, remoteAddr: '10.0.0.1' })],
  ['another status', base, time, (d) => ({ ...d, response: { ...d.response!, status: 404 } })],
  ['another size', base, time, (d) => ({ ...d, response: { ...d.response!, body: 'x' } })],
];

describe('a logging server’s last line', () => {
  it('is reused for the same inputs (same second, other connection) and never for others', () => {
    const { rules, plain, decision, logging } = lab(nginx(), 80);
    const line = (r: ReceivedRequest, at: number, d: RouteDecision, conn = 7) =>
      accessLine(rules, d, r, conn, at)?.text;
    const fresh = (r: ReceivedRequest, at: number, d: RouteDecision) =>
      accessLine(plain, d, r, 7, at)?.text;
    const remember = () => {
      logging.lastLine = undefined;
      expect(line(base, time, decision)).toBe(fresh(base, time, decision));
      (logging.lastLine as { text: string }).text = REMEMBERED;
    };
    remember();
    expect(line(base, time, decision, 8)).toBe(REMEMBERED);
    expect(line({ ...base, headers: { ...base.headers } }, time + 899, decision)).toBe(REMEMBERED);
    for (const [what, r, at, change] of variants) {
      remember();
      const expected = fresh(r, at, change(decision));
      expect(expected, what).not.toBe(fresh(base, time, decision));
      expect(line(r, at, change(decision)), what).toBe(expected);
    }
  });

  it('of httpd ignores the headers it does not log; http-echo’s lines are never reused', () => {
    const httpd = lab({ name: 'httpd', image: 'httpd:2.4' }, 80);
    accessLine(httpd.rules, httpd.decision, base, 7, time);
    (httpd.logging.lastLine as { text: string }).text = REMEMBERED;
    const ua = { ...base, headers: { ...base.headers, 'user-agent': 'wget' } };
    expect(accessLine(httpd.rules, httpd.decision, ua, 8, time)?.text).toBe(REMEMBERED);
    const echo = lab({ name: 'echo', image: 'hashicorp/http-echo', args: ['-text=hi'] }, 5678);
    const first = accessLine(echo.rules, echo.decision, base, 7, time)?.text;
    expect(echo.logging.lastLine).toBeUndefined();
    expect(accessLine(echo.rules, echo.decision, base, 8, time)?.text).not.toBe(first);
  });
});
