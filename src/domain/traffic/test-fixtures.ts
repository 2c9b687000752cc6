// Test-only cluster fixtures for the traffic tests: the tutorials' manifests as plain typed objects,
// the cluster's own endpoints function and seeded PRNG.
import type { ConfigMap } from '../../schema/core';
import type { Container, Pod } from '../../schema/pod';
import type { Service, ServiceSpec } from '../../schema/service';
import { endpointTargets } from '../endpoints';
import { seededRandom } from '../random';
import type { AffinityRecord, NodeInfo, ProxyMode, RoutingDraws, TrafficView } from './types';

export const NODES: NodeInfo[] = [
  { name: 'controlplane', ip: '192.168.1.2' },
  { name: 'node01', ip: '192.168.1.3' },
  { name: 'node02', ip: '192.168.1.4' },
];

export const NOW = new Date('2025-06-01T12:00:00Z');

/** The lab's own seeded generator (mulberry32), so tests draw the way labs do. */
export const mulberry32 = seededRandom;

type PodOptions = {
  labels?: Record<string, string>;
  namespace?: string;
  volumes?: NonNullable<Pod['spec']>['volumes'];
};

export function pod(
  name: string,
  ip: string,
  node: string,
  containers: Container[],
  opts: PodOptions = {},
): Pod {
  const spec: NonNullable<Pod['spec']> = { containers, nodeName: node };
  if (opts.volumes) spec.volumes = opts.volumes;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: opts.namespace ?? 'default', labels: opts.labels ?? {} },
    spec,
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      podIP: ip,
      hostIP: '',
      startTime: '2025-06-01T11:00:00Z',
    },
  };
}

export function service(
  name: string,
  spec: ServiceSpec,
  namespace = 'default',
  status?: Service['status'],
): Service {
  const svc: Service = { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec };
  if (status) svc.status = status;
  return svc;
}

export function configMap(
  name: string,
  data: Record<string, string>,
  namespace = 'default',
): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
}

export const nginx = (image = 'nginx', port = 80): Container => ({
  name: 'nginx',
  image,
  ports: [{ containerPort: port, protocol: 'TCP' }],
});

/** The echo tutorial's ConfigMap, exactly as seed 003 writes it (note `\$server_addr`). */
export const ECHO_CONFIG = configMap('nginx-echo-config', {
  'default.conf':
    'server {\n  listen 80;\n  server_name localhost;\n  location / {\n    default_type text/plain;\n' +
    '    return 200 "Hello! I am Pod: $server_addr\\n";\n  }\n}\n',
});

export function echoPod(name: string, ip: string, node: string): Pod {
  const container: Container = {
    ...nginx('nginx:alpine'),
    volumeMounts: [{ name: 'config-volume', mountPath: '/etc/nginx/conf.d' }],
  };
  const volumes = [{ name: 'config-volume', configMap: { name: 'nginx-echo-config' } }];
  return pod(name, ip, node, [container], { labels: { app: 'echo-nodeport' }, volumes });
}

/** Endpoints exactly as the cluster computes them (src/domain/endpoints.ts). */
export function endpointsOf(pods: Pod[]): TrafficView['endpoints'] {
  return (svc, index) => endpointTargets(svc, index, pods);
}

export function view(
  services: Service[],
  pods: Pod[],
  configMaps: ConfigMap[] = [],
  proxyMode: ProxyMode = 'iptables',
): TrafficView {
  return { nodes: NODES, services, endpoints: endpointsOf(pods), pods, configMaps, proxyMode };
}

/** Draws backed by in-memory state, applying a decision's updates like the lead's store would. */
export class DrawState {
  rr = new Map<string, number>();
  affinity = new Map<string, AffinityRecord>();
  constructor(
    private readonly rand: () => number,
    public now: Date = NOW,
  ) {}
  draws(): RoutingDraws {
    return {
      random: this.rand(),
      rrCounter: (k) => this.rr.get(k) ?? 0,
      affinity: (k) => this.affinity.get(k),
      now: this.now,
    };
  }
  apply(updates: {
    affinity?: { key: string; record: AffinityRecord };
    rrCounterKey?: string;
  }): void {
    if (updates.affinity) this.affinity.set(updates.affinity.key, updates.affinity.record);
    if (updates.rrCounterKey)
      this.rr.set(updates.rrCounterKey, (this.rr.get(updates.rrCounterKey) ?? 0) + 1);
  }
  advance(seconds: number): void {
    this.now = new Date(this.now.getTime() + seconds * 1000);
  }
}
