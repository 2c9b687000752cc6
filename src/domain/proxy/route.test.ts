import { describe, expect, it } from 'vitest';
import { chiSquare } from '../stats/hit-stats';
import { labView } from '../../../test/fixtures/tutorial-lab';
import { NGINX_VERSION, NGINX_WELCOME_PAGE } from '../kubelet/containers/nginx/pages';
import { routeExternal } from './route';
import { DrawState, mulberry32, NOW } from '../../../test/fixtures/traffic-objects';
import type { ExternalRequest, RouteDecision } from './types';

const LAPTOP = '192.168.1.10';
const req = (ip: string, port: number, extra: Partial<ExternalRequest> = {}): ExternalRequest => ({
  ip,
  port,
  clientIp: LAPTOP,
  method: 'GET',
  path: '/',
  headers: {},
  ...extra,
});
const once = (r: ExternalRequest, random = 0): RouteDecision =>
  routeExternal(labView(), r, { random, rrCounter: () => 0, affinity: () => undefined, now: NOW });
const echoJson = (d: RouteDecision): Record<string, unknown> =>
  JSON.parse(d.response?.body ?? '{}') as Record<string, unknown>;

describe('routeExternal outcomes', () => {
  it.each([
    [
      'ok: echo tutorial through node01',
      req('192.168.1.3', 30007),
      'ok',
      'node01 forwarded 192.168.1.3:30007 to pod echo-0',
      undefined,
    ],
    [
      'ok: nodePorts are open on the control plane too',
      req('192.168.1.2', 30007),
      'ok',
      'controlplane forwarded',
      undefined,
    ],
    [
      'refused: no service on that nodePort',
      req('192.168.1.3', 30999),
      'connection_refused',
      'no service has nodePort 30999 on node01 (192.168.1.3)',
      "curl: (7) Failed to connect to 192.168.1.3 port 30999 after 0 ms: Couldn't connect to server",
    ],
    [
      'refused: service without endpoints',
      req('192.168.1.3', 30001),
      'connection_refused',
      'service default/empty has no endpoints',
      "curl: (7) Failed to connect to 192.168.1.3 port 30001 after 0 ms: Couldn't connect to server",
    ],
    [
      'refused: targetPort nobody listens on',
      req('192.168.1.3', 30080),
      'connection_refused',
      'pod web-x does not listen on port 8080 (container nginx listens on 80)',
      "curl: (7) Failed to connect to 192.168.1.3 port 30080 after 1 ms: Couldn't connect to server",
    ],
    [
      'timeout: Local without local endpoints',
      req('192.168.1.3', 30002),
      'timeout',
      'no local endpoints on node01 and externalTrafficPolicy is Local',
      "curl: (28) Failed to connect to 192.168.1.3 port 30002 after 130000 ms: Couldn't connect to server",
    ],
    [
      'ok: Local on the node that has the endpoint',
      req('192.168.1.4', 30002),
      'ok',
      'node02 forwarded',
      undefined,
    ],
    [
      'no route: unknown address',
      req('192.168.1.99', 80),
      'no_route',
      '192.168.1.99 is not a node or an external address of any service',
      'curl: (7) Failed to connect to 192.168.1.99 port 80 after 3071 ms: No route to host',
    ],
    [
      'no route: a ClusterIP from outside',
      req('10.96.100.7', 80),
      'no_route',
      'it is the ClusterIP of service default/echo-nodeport-service',
      'curl: (7) Failed to connect to 10.96.100.7 port 80 after 3071 ms: No route to host',
    ],
    [
      'refused: external IP on a port the service lacks',
      req('1.2.3.110', 30008),
      'connection_refused',
      'service default/node-port-service has no TCP port 30008 on 1.2.3.110',
      "curl: (7) Failed to connect to 1.2.3.110 port 30008 after 0 ms: Couldn't connect to server",
    ],
  ])('%s', (_name, request, outcome, message, curlError) => {
    const d = once(request);
    expect(d.outcome).toBe(outcome);
    expect(d.message).toContain(message);
    expect(d.curlError).toBe(curlError);
    expect(d.updates.hit !== undefined).toBe(outcome === 'ok');
  });
});

describe('what answers', () => {
  it.each([
    ['echo-0', 0, '10.244.1.5'],
    ['echo-1', 0.5, '10.244.1.6'],
    ['echo-2', 0.9, '10.244.2.7'],
  ])('echo tutorial: %s answers with its pod IP', (pod, random, ip) => {
    const d = once(req('192.168.1.3', 30007), random);
    expect(d.pod).toMatchObject({ name: pod, ip, targetPort: 80 });
    expect(d.response?.body).toBe(`Hello! I am Pod: ${ip}\n`);
    expect(d.response?.headers['Content-Type']).toBe('text/plain');
    expect(d.updates.hit).toEqual({
      namespace: 'default',
      service: 'echo-nodeport-service',
      pod,
      node: d.pod?.node,
      entryNode: 'node01',
    });
  });

  it('seed 000: the nginx pod on nodePort 31110 serves the 615-byte welcome page', () => {
    const d = once(req('192.168.1.3', 31110));
    expect(d.service).toMatchObject({
      name: 'nginx-nodeport-service',
      port: 80,
      nodePort: 31110,
      targetPort: 80,
      protocol: 'TCP',
      via: 'nodePort',
    });
    expect(d.response?.status).toBe(200);
    expect(d.response?.body).toBe(NGINX_WELCOME_PAGE);
    expect(d.response?.headers).toMatchObject({
      Server: `nginx/${NGINX_VERSION}`,
      'Content-Type': 'text/html',
      'Content-Length': '615',
      ETag: '"6900b176-267"',
    });
  });

  it('seed 000: other paths get nginx 404 page', () => {
    const d = once(req('192.168.1.3', 31110, { path: '/missing' }));
    expect(d.response?.status).toBe(404);
    expect(d.response?.body).toContain('<center><h1>404 Not Found</h1></center>\r\n');
  });

  it('externalIPs (seed 004): 1.2.3.110:80 reaches the service port', () => {
    const d = once(req('1.2.3.110', 80));
    expect(d.outcome).toBe('ok');
    expect(d.service).toMatchObject({ name: 'node-port-service', via: 'externalIP', port: 80 });
    expect(d.response?.body).toBe('<html><body><h1>It works!</h1></body></html>\n');
  });

  it('LoadBalancer ingress IP reaches the service port', () => {
    const d = once(req('203.0.113.10', 80));
    expect(d.service).toMatchObject({
      name: 'shop',
      via: 'loadBalancer',
      port: 80,
      nodePort: 30500,
      targetPort: 8080,
    });
    expect(d.response?.body).toBe('hello from shop\n');
  });
});

describe('kube-proxy decision in the answer', () => {
  it.each([
    ['iptables', 'iptables-statistic', /^KUBE-SVC-/],
    ['nftables', 'nft-numgen', /^service-[A-Z2-7]{8}-default\/echo-nodeport-service\/tcp\/$/],
    ['ipvs', 'ipvs-rr', /^TCP {2}192\.168\.1\.3:30007 rr$/],
  ] as const)('%s', (mode, kind, chain) => {
    const d = routeExternal(labView(mode), req('192.168.1.3', 30007), {
      random: 0,
      rrCounter: () => 0,
      affinity: () => undefined,
      now: NOW,
    });
    expect(d.proxy).toMatchObject({
      mode,
      rule: { kind, index: 0, of: 3 },
      affinityHit: false,
      totalEndpoints: 3,
    });
    expect(d.proxy?.rule?.chain).toMatch(chain);
    expect(d.proxy?.candidates.map((c) => c.podName)).toEqual(['echo-0', 'echo-1', 'echo-2']);
  });
});

describe('source address the pod sees', () => {
  it.each([
    ['Local preserves the client IP', '192.168.1.4', 30002, 'Local', LAPTOP, false],
    [
      'Cluster masquerades to the receiving node',
      '192.168.1.3',
      30003,
      'Cluster',
      '192.168.1.3',
      true,
    ],
  ])('%s', (_name, ip, port, policy, remote, masq) => {
    const d = once(req(ip, port));
    expect(d.proxy).toMatchObject({ trafficPolicy: policy, masqueraded: masq });
    expect(d.remoteAddr).toBe(remote);
    expect(echoJson(d)).toMatchObject({
      remoteAddr: remote,
      pod: 'api-0',
      podIP: '10.244.2.20',
      node: 'node02',
    });
  });

  it('Local traffic from the node itself short-circuits to the Cluster chain', () => {
    const d = once(req('192.168.1.3', 30002, { clientIp: '192.168.1.3' }));
    expect(d.outcome).toBe('ok');
    expect(d.proxy?.trafficPolicy).toBe('Cluster');
  });
});

describe('balancing over many requests', () => {
  const run = (
    mode: 'iptables' | 'ipvs',
    n: number,
    port = 30007,
    state = new DrawState(mulberry32(7)),
  ) => {
    const counts = new Map<string, number>();
    const view = labView(mode);
    for (let i = 0; i < n; i++) {
      const d = routeExternal(view, req('192.168.1.3', port), state.draws());
      state.apply(d.updates);
      const pod = d.updates.hit?.pod ?? 'none';
      counts.set(pod, (counts.get(pod) ?? 0) + 1);
    }
    return counts;
  };

  it('iptables spreads uniformly (chi-square p > 0.001 for a fixed seed)', () => {
    const counts = run('iptables', 3000);
    expect([...counts.keys()].sort()).toEqual(['echo-0', 'echo-1', 'echo-2']);
    expect(chiSquare([...counts.values()]).pValue).toBeGreaterThan(0.001);
  });

  it('ipvs round robin is exactly even', () => {
    expect(Object.fromEntries(run('ipvs', 300))).toEqual({
      'echo-0': 100,
      'echo-1': 100,
      'echo-2': 100,
    });
  });

  it('ClientIP affinity sticks, restarts its timer, then expires after timeoutSeconds of silence', () => {
    const state = new DrawState(mulberry32(3));
    const hit = (): RouteDecision => {
      const d = routeExternal(labView(), req('192.168.1.3', 30600), state.draws());
      state.apply(d.updates);
      return d;
    };
    const first = hit();
    expect(first.proxy?.affinityHit).toBe(false);
    const pods = new Set<string>();
    for (let i = 0; i < 20; i++) {
      state.advance(20);
      const d = hit();
      expect(d.proxy?.affinityHit).toBe(true);
      pods.add(d.pod?.name ?? '');
    }
    expect([...pods]).toEqual([first.pod?.name]);
    state.advance(30);
    expect(hit().proxy?.affinityHit).toBe(false);
  });
});
