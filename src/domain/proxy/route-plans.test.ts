// The route plans a programmed state keeps (entry-plans.ts, the forward plans of route-forward.ts,
// endpoint-plans.ts) must change nothing a request sees: the same decisions as a view that keeps
// nothing, and a new committed state (a Service port, an endpoint) seen by the very next request.
import { describe, expect, it } from 'vitest';
import type { Node } from '../../schema/kube/core';
import type { Service } from '../../schema/kube/service';
import type { ClusterState } from '../lab/cluster-state';
import {
  ECHO_CONFIG,
  DrawState,
  mulberry32,
  NODES,
  view,
} from '../../../test/fixtures/traffic-objects';
import { LAB_PODS, LAB_SERVICES } from '../../../test/fixtures/tutorial-lab';
import { planOfTarget } from './endpoint-plans';
import { keptEntries } from './entry-plans';
import { programRules } from './programmed-rules';
import { routeExternal } from './route';
import type { ExternalRequest, ProxyMode, RouteDecision, TrafficView } from './types';

const nodeObject = (n: { name: string; ip: string }): Node => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: n.name },
  status: { addresses: [{ type: 'InternalIP', address: n.ip }] },
});

/** A committed state's object list: a new list, as every write makes. */
const objects = (services: Service[], pods = LAB_PODS): ClusterState['objects'] =>
  [...NODES.map(nodeObject), ...services, ...pods, ECHO_CONFIG] as ClusterState['objects'];

const programmed = (list: ClusterState['objects'], proxyMode: ProxyMode = 'iptables') =>
  programRules({ objects: list, settings: { proxyMode } as ClusterState['settings'] });

const req = (ip: string, port: number, clientIp = '192.168.1.10'): ExternalRequest => ({
  ip,
  port,
  clientIp,
  method: 'GET',
  path: '/',
  headers: { 'User-Agent': 'curl/8.5.0' },
});

/** `n` connections through `v`, kube-proxy memory carried from one to the next. */
function route(v: TrafficView, r: ExternalRequest, n: number, seed = 7): RouteDecision[] {
  const state = new DrawState(mulberry32(seed));
  return Array.from({ length: n }, () => {
    const d = routeExternal(v, r, state.draws());
    state.apply(d.updates);
    return d;
  });
}

const json = (ds: RouteDecision[]) => ds.map((d) => JSON.stringify(d));

describe('route plans', () => {
  it.each<[string, ExternalRequest]>([
    ['a nodePort from outside', req('192.168.1.3', 30007)],
    ['a nodePort from the node itself', req('192.168.1.3', 30007, '192.168.1.3')],
    ['a nodePort from a pod', req('192.168.1.4', 30007, '10.244.1.10')],
    ['externalTrafficPolicy Local from outside', req('192.168.1.3', 30002)],
    ['externalTrafficPolicy Local from a pod', req('192.168.1.3', 30002, '10.244.1.10')],
    ['ClientIP affinity', req('192.168.1.3', 30600)],
    ['an externalIP', req('1.2.3.110', 80)],
    ['a load balancer', req('203.0.113.10', 80)],
    ['a service without endpoints', req('192.168.1.3', 30001)],
    ['a port nothing opens', req('192.168.1.3', 31999)],
  ])('decide %s as a view keeping nothing does', (_name, r) => {
    for (const mode of ['iptables', 'nftables', 'ipvs'] as const) {
      const plain = json(route(view(LAB_SERVICES, LAB_PODS, [ECHO_CONFIG], mode), r, 30));
      const program = programmed(objects(LAB_SERVICES), mode);
      // Twice through the same program: the second run reads only what the first one kept.
      expect(json(route(program, r, 30))).toEqual(plain);
      expect(json(route(program, r, 30))).toEqual(plain);
    }
  });

  it('keep the plans of each client kind apart (policy and masquerading differ)', () => {
    const clients = ['192.168.1.10', '192.168.1.3', '10.244.1.10', '192.168.1.4'];
    for (const port of [30002, 30007]) {
      const program = programmed(objects(LAB_SERVICES));
      const plain = view(LAB_SERVICES, LAB_PODS, [ECHO_CONFIG]);
      for (let i = 0; i < 24; i++) {
        const r = req('192.168.1.3', port, clients[i % clients.length]);
        expect(json(route(program, r, 1, i))).toEqual(json(route(plain, r, 1, i)));
      }
    }
  });

  it('see a changed nodePort and a removed endpoint in the next request', () => {
    const echo = LAB_SERVICES[0]!;
    const before = programmed(objects(LAB_SERVICES));
    expect(route(before, req('192.168.1.3', 30007), 3).map((d) => d.outcome)).toEqual([
      'ok',
      'ok',
      'ok',
    ]);
    const moved: Service = {
      ...echo,
      spec: {
        ...echo.spec,
        ports: [{ protocol: 'TCP', port: 80, targetPort: 80, nodePort: 30017 }],
      },
    };
    const after = programmed(objects([moved, ...LAB_SERVICES.slice(1)]));
    expect(route(after, req('192.168.1.3', 30007), 1)[0]!.outcome).toBe('connection_refused');
    expect(route(after, req('192.168.1.3', 30017), 1)[0]!.service?.nodePort).toBe(30017);

    const fewer = programmed(objects(LAB_SERVICES, LAB_PODS.slice(1)));
    const pods = route(fewer, req('192.168.1.3', 30007), 40).map((d) => d.pod?.name);
    expect(new Set(pods)).toEqual(new Set(['echo-1', 'echo-2']));
    expect(route(fewer, req('192.168.1.3', 30007), 1)[0]!.proxy?.totalEndpoints).toBe(2);
  });

  it('keep no entry for an address that reaches nothing', () => {
    const program = programmed(objects(LAB_SERVICES));
    for (let port = 40000; port < 40200; port++) route(program, req('192.168.1.3', port), 1);
    route(program, req('10.0.0.1', 80), 1);
    expect(keptEntries(program).size).toBe(0);
    route(program, req('192.168.1.3', 30007), 1);
    expect([...keptEntries(program).values()].map((m) => [...m.keys()])).toEqual([[30007]]);
  });

  it('answer each of two addresses dialled in turn as a view keeping nothing does', () => {
    // The program remembers the last entry dialled: alternating must not route one as the other.
    const a = req('192.168.1.3', 30007);
    const b = req('1.2.3.110', 80);
    const plain = view(LAB_SERVICES, LAB_PODS, [ECHO_CONFIG]);
    const program = programmed(objects(LAB_SERVICES));
    for (let i = 0; i < 6; i++) {
      const r = i % 2 ? b : a;
      expect(json(route(program, r, 3, i))).toEqual(json(route(plain, r, 3, i)));
    }
  });

  it('lead a reported pod back to its plan in its own state only', () => {
    const program = programmed(objects(LAB_SERVICES));
    const [decision] = route(program, req('192.168.1.3', 30007), 1);
    const plan = planOfTarget(program, decision!.pod!);
    expect(plan?.target).toBe(decision!.pod);
    // The next committed state (a new list) has plans of its own; a hand-made view has none.
    expect(planOfTarget(programmed(objects(LAB_SERVICES)), decision!.pod!)).toBeUndefined();
    expect(planOfTarget(view(LAB_SERVICES, LAB_PODS), decision!.pod!)).toBeUndefined();
    // The way back is invisible to JSON and spreads.
    expect(Object.keys(JSON.parse(JSON.stringify(decision!.pod)))).toEqual(
      Object.keys(decision!.pod!),
    );
    expect(Object.getOwnPropertySymbols({ ...decision!.pod })).toEqual([]);
  });
});
