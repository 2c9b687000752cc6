import { describe, expect, it } from 'vitest';
import { labView } from '../../../test/fixtures/tutorial-lab';
import { resolveServiceName } from './cluster-dns';
import { routeInCluster } from './route-cluster';
import { DrawState, mulberry32, NOW } from '../../../test/fixtures/traffic-objects';
import type { InClusterRequest, ProxyMode, RouteDecision } from './types';

const draws = { random: 0, rrCounter: () => 0, affinity: () => undefined, now: NOW };
const curlFrom = (req: InClusterRequest, mode: ProxyMode = 'iptables'): RouteDecision =>
  routeInCluster(labView(mode), req, draws);
const TEST_POD = '10.244.1.6'; // echo-1 on node01, the tutorial's curl pod stand-in

describe('cluster DNS', () => {
  it.each([
    ['short name', 'echo-nodeport-service', 'default', 'echo-nodeport-service'],
    ['name.namespace', 'echo-nodeport-service.default', 'default', 'echo-nodeport-service'],
    ['name.namespace.svc', 'echo-nodeport-service.default.svc', 'default', 'echo-nodeport-service'],
    [
      'fully qualified',
      'echo-nodeport-service.default.svc.cluster.local',
      'default',
      'echo-nodeport-service',
    ],
    [
      'fully qualified with a trailing dot',
      'echo-nodeport-service.default.svc.cluster.local.',
      'default',
      'echo-nodeport-service',
    ],
    ['short name from another namespace', 'api', 'shop', 'api'],
    ['short name is namespace-relative', 'echo-nodeport-service', 'shop', undefined],
    ['unknown', 'web2', 'default', undefined],
  ])('%s', (_name, host, namespace, service) => {
    expect(resolveServiceName(labView(), host, namespace)?.metadata.name).toBe(service);
  });

  it('answers a name asked again, and past the names it remembers, as the first time', () => {
    const view = labView();
    for (let i = 0; i < 100; i++)
      expect(resolveServiceName(view, `web${i}`, 'default')).toBe(undefined);
    for (let round = 0; round < 2; round++) {
      expect(resolveServiceName(view, 'api', 'shop')?.metadata.name).toBe('api');
      expect(resolveServiceName(view, 'api', 'default')).toBe(undefined);
    }
  });

  it('remembers names per Service list: a view without the Service does not resolve it', () => {
    const view = labView();
    expect(resolveServiceName(view, 'api', 'shop')?.metadata.name).toBe('api');
    const without = { ...view, services: view.services.filter((s) => s.metadata.name !== 'api') };
    expect(resolveServiceName(without, 'api', 'shop')).toBe(undefined);
  });
});

describe('routeInCluster', () => {
  it.each([
    [
      'the echo tutorial curl by name',
      { host: 'echo-nodeport-service', port: 80, clientPodIp: TEST_POD },
      'ok',
      'Hello! I am Pod: 10.244.1.5\n',
    ],
    ['by ClusterIP', { host: '10.96.100.7', port: 80 }, 'ok', 'Hello! I am Pod: 10.244.1.5\n'],
    [
      'a pod IP on its container port',
      { host: '10.244.2.7', port: 80 },
      'ok',
      'Hello! I am Pod: 10.244.2.7\n',
    ],
    [
      'a node IP and nodePort from a pod',
      { host: '192.168.1.4', port: 30007, clientPodIp: TEST_POD },
      'ok',
      'Hello! I am Pod: 10.244.1.5\n',
    ],
  ])('%s', (_name, req, outcome, body) => {
    const d = curlFrom(req);
    expect(d.outcome).toBe(outcome);
    expect(d.response?.body).toBe(body);
  });

  it('ClusterIP traffic ignores externalTrafficPolicy and keeps the source address', () => {
    const d = curlFrom({ host: 'local-api', port: 80, clientPodIp: TEST_POD });
    expect(d.outcome).toBe('ok');
    expect(d.service?.via).toBe('clusterIP');
    expect(d.proxy).toMatchObject({ trafficPolicy: 'Cluster', masqueraded: false });
    expect(JSON.parse(d.response?.body ?? '{}')).toMatchObject({
      remoteAddr: TEST_POD,
      node: 'node02',
    });
    expect(d.updates.hit).toEqual({
      namespace: 'default',
      service: 'local-api',
      pod: 'api-0',
      node: 'node02',
      // The ClusterIP was resolved by kube-proxy on the client pod's node.
      entryNode: 'node01',
    });
  });

  it.each([
    [
      'unknown name',
      { host: 'web2', port: 80 },
      'unknown_host',
      'curl: (6) Could not resolve host: web2',
    ],
    [
      'internalTrafficPolicy Local without a local endpoint',
      { host: 'internal-api', port: 80, clientPodIp: TEST_POD },
      'timeout',
      "curl: (28) Failed to connect to internal-api port 80 after 130000 ms: Couldn't connect to server",
    ],
    [
      'service in another namespace without endpoints',
      { host: 'api.shop', port: 80 },
      'connection_refused',
      "curl: (7) Failed to connect to api.shop port 80 after 0 ms: Couldn't connect to server",
    ],
    [
      'pod IP on a port nobody listens on',
      { host: '10.244.1.5', port: 8080 },
      'connection_refused',
      "curl: (7) Failed to connect to 10.244.1.5 port 8080 after 1 ms: Couldn't connect to server",
    ],
    [
      'unknown address',
      { host: '10.0.0.9', port: 80 },
      'no_route',
      'curl: (7) Failed to connect to 10.0.0.9 port 80 after 3071 ms: No route to host',
    ],
  ])('%s', (_name, req, outcome, curlError) => {
    const d = curlFrom(req);
    expect(d.outcome).toBe(outcome);
    expect(d.curlError).toBe(curlError);
  });

  it('internalTrafficPolicy Local works from the node that has the endpoint', () => {
    const d = curlFrom({ host: 'internal-api', port: 80, clientPodIp: '10.244.2.7' });
    expect(d.outcome).toBe('ok');
    expect(d.receivingNode?.name).toBe('node02');
  });

  it.each([
    ['iptables drops it', 'iptables' as const, 'timeout'],
    ['ipvs rejects it', 'ipvs' as const, 'connection_refused'],
    ['nftables rejects it', 'nftables' as const, 'connection_refused'],
  ])('a ClusterIP on a port the service lacks: %s', (_name, mode, outcome) => {
    const d = curlFrom({ host: 'echo-nodeport-service', port: 8080 }, mode);
    expect(d.outcome).toBe(outcome);
    expect(d.message).toBe(
      'service default/echo-nodeport-service has no TCP port 8080 (ports: 80/TCP)',
    );
  });

  it('a headless service name resolves to a pod, dialled on the given port', () => {
    const d = curlFrom({ host: 'db', port: 8080 });
    expect(d.outcome).toBe('ok');
    expect(d.pod).toMatchObject({ name: 'headless-0', ip: '10.244.2.50', targetPort: 8080 });
    expect(d.service).toBeUndefined();
  });

  it('the Host header is what curl sends', () => {
    const d = curlFrom({ host: 'cluster-api.default', port: 80, path: '/x' });
    expect(JSON.parse(d.response?.body ?? '{}')).toMatchObject({
      path: '/x',
      headers: { Host: 'cluster-api.default' },
    });
  });

  it('ipvs keeps one round-robin per virtual server, whether reached by name or by ClusterIP', () => {
    const state = new DrawState(mulberry32(1));
    const pods: string[] = [];
    for (const host of [
      'echo-nodeport-service',
      '10.96.100.7',
      'echo-nodeport-service.default',
      '10.96.100.7',
      'echo-nodeport-service',
      '10.96.100.7',
    ]) {
      const d = routeInCluster(
        labView('ipvs'),
        { host, port: 80, clientPodIp: TEST_POD },
        state.draws(),
      );
      expect(d.updates.rrCounterKey).toBe('rr/node01/10.96.100.7:80/TCP');
      state.apply(d.updates);
      pods.push(d.pod?.name ?? '');
    }
    expect(pods).toEqual(['echo-0', 'echo-1', 'echo-2', 'echo-0', 'echo-1', 'echo-2']);
  });
});
