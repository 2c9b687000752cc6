import { describe, expect, it } from 'vitest';
import type { NetworkPolicy, NetworkPolicySpec } from '../../schema/kube/networking';
import type { Pod } from '../../schema/kube/pod';
import { judgeConnection, selectingPolicies } from './network-policy';
import type { TrafficView } from './types';

const pod = (name: string, ip: string, labels: Record<string, string>, node = 'node02'): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels },
  spec: {
    nodeName: node,
    containers: [{ name: 'c', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }],
  },
  status: { podIP: ip },
});
const policy = (name: string, spec: NetworkPolicySpec): NetworkPolicy => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace: 'default' },
  spec: { policyTypes: ['Ingress'], ...spec },
});
const web = pod('web', '10.244.2.2', { app: 'web' });
const client = pod('client', '10.244.1.2', { role: 'client' }, 'node01');
const view = (networkPolicies: NetworkPolicy[]): TrafficView => ({
  nodes: [
    { name: 'node01', ip: '192.168.1.3' },
    { name: 'node02', ip: '192.168.1.4' },
  ],
  services: [],
  endpoints: () => [],
  pods: [web, client],
  configMaps: [],
  proxyMode: 'iptables',
  networkPolicies,
});
const from = (sourceIp: string, port = 8080) => ({
  target: web,
  port,
  sourceIp,
  clientIp: sourceIp,
});

describe('judgeConnection', () => {
  it('costs nothing and says nothing without policies', () => {
    expect(judgeConnection(view([]), from('203.0.113.1'))).toBeUndefined();
  });

  it.each([
    { name: 'inside the block', ip: '10.1.2.3', allowed: true },
    { name: 'in an except block', ip: '10.9.0.1', allowed: false },
    { name: 'outside the block', ip: '11.0.0.1', allowed: false },
    { name: "the pod's own node", ip: '192.168.1.4', allowed: true },
    { name: 'another node', ip: '192.168.1.3', allowed: false },
  ])('ipBlock with except: $name', ({ ip, allowed }) => {
    const v = view([
      policy('blocks', {
        ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.9.0.0/16'] } }] }],
      }),
    ]);
    expect(judgeConnection(v, from(ip))?.allowed).toBe(allowed);
  });

  it.each([
    { name: 'a number', ports: [{ port: 8080 }], allowed: true },
    { name: 'a range with endPort', ports: [{ port: 8000, endPort: 8100 }], allowed: true },
    { name: 'a range below', ports: [{ port: 80, endPort: 443 }], allowed: false },
    { name: 'the named container port', ports: [{ port: 'http' }], allowed: true },
    { name: 'another name', ports: [{ port: 'metrics' }], allowed: false },
    { name: 'UDP only', ports: [{ protocol: 'UDP', port: 8080 }], allowed: false },
  ])('ports: $name', ({ ports, allowed }) => {
    const v = view([policy('ports', { ingress: [{ ports }] })]);
    expect(judgeConnection(v, from('203.0.113.9'))?.allowed).toBe(allowed);
  });

  it('ANDs podSelector and namespaceSelector in one peer', () => {
    const peer = {
      podSelector: { matchLabels: { role: 'client' } },
      namespaceSelector: { matchLabels: { team: 'ops' } },
    };
    const v = view([policy('and', { ingress: [{ from: [peer] }] })]);
    expect(judgeConnection(v, from(client.status!.podIP!))?.allowed).toBe(false);
    const labelled = {
      ...v,
      namespaces: [
        {
          apiVersion: 'v1' as const,
          kind: 'Namespace' as const,
          metadata: { name: 'default', labels: { team: 'ops' } },
        },
      ],
    };
    expect(judgeConnection(labelled, from(client.status!.podIP!))?.allowed).toBe(true);
  });

  it('selects by policyTypes: an Egress-only policy does not isolate for ingress', () => {
    const v = view([policy('egress', { policyTypes: ['Egress'] })]);
    expect(selectingPolicies(v, web, 'Ingress')).toEqual([]);
    expect(judgeConnection(v, from('203.0.113.1'))).toBeUndefined();
    const out = judgeConnection(v, {
      target: client,
      port: 80,
      sourceIp: web.status!.podIP!,
      clientIp: web.status!.podIP!,
    });
    expect(out).toMatchObject({ allowed: false, deniedBy: 'default/egress' });
  });
});
