import { describe, expect, it } from 'vitest';
import { defaultService } from './defaults';
import type { Service, ServiceSpec } from '../../../schema/kube/service';

const svc = (spec: ServiceSpec): Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web' },
  spec,
});

describe('defaultService', () => {
  it('fills a minimal NodePort service the way kube-apiserver stores it', () => {
    const out = defaultService(
      svc({ type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80 }] }),
    );
    expect(out).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: {
        externalTrafficPolicy: 'Cluster',
        internalTrafficPolicy: 'Cluster',
        ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
        selector: { app: 'web' },
        sessionAffinity: 'None',
        type: 'NodePort',
      },
      status: { loadBalancer: {} },
    });
    expect(Object.keys(out.spec ?? {})).toEqual([...Object.keys(out.spec ?? {})].sort());
  });

  it.each([
    { name: 'type defaults to ClusterIP', spec: {}, key: 'type', want: 'ClusterIP' },
    {
      name: 'ClusterIP has no externalTrafficPolicy',
      spec: {},
      key: 'externalTrafficPolicy',
      want: undefined,
    },
    {
      name: 'ClusterIP with externalIPs gets externalTrafficPolicy Cluster',
      spec: { externalIPs: ['192.168.1.10'] },
      key: 'externalTrafficPolicy',
      want: 'Cluster',
    },
    {
      name: 'LoadBalancer allocates node ports by default',
      spec: { type: 'LoadBalancer' },
      key: 'allocateLoadBalancerNodePorts',
      want: true,
    },
    {
      name: 'NodePort has no allocateLoadBalancerNodePorts',
      spec: { type: 'NodePort' },
      key: 'allocateLoadBalancerNodePorts',
      want: undefined,
    },
    {
      name: 'an explicit Local policy is kept',
      spec: { type: 'NodePort', externalTrafficPolicy: 'Local' },
      key: 'externalTrafficPolicy',
      want: 'Local',
    },
    {
      name: 'ClientIP affinity gets the 3 hour timeout',
      spec: { sessionAffinity: 'ClientIP' },
      key: 'sessionAffinityConfig',
      want: { clientIP: { timeoutSeconds: 10800 } },
    },
    {
      name: 'a given ClientIP timeout is kept',
      spec: {
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } },
      },
      key: 'sessionAffinityConfig',
      want: { clientIP: { timeoutSeconds: 60 } },
    },
    {
      name: 'affinity None drops a stray config',
      spec: { sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } },
      key: 'sessionAffinityConfig',
      want: undefined,
    },
    {
      name: 'clusterIP fills clusterIPs',
      spec: { clusterIP: '10.96.0.5' },
      key: 'clusterIPs',
      want: ['10.96.0.5'],
    },
    {
      name: 'clusterIPs fill clusterIP',
      spec: { clusterIPs: ['10.96.0.6'] },
      key: 'clusterIP',
      want: '10.96.0.6',
    },
    { name: 'clusterIP is not invented', spec: {}, key: 'clusterIP', want: undefined },
    {
      name: 'ExternalName has no ipFamilies',
      spec: { type: 'ExternalName', externalName: 'db.example.com' },
      key: 'ipFamilies',
      want: undefined,
    },
    {
      name: 'ExternalName has no internalTrafficPolicy',
      spec: { type: 'ExternalName', externalName: 'db.example.com' },
      key: 'internalTrafficPolicy',
      want: undefined,
    },
  ])('$name', ({ spec, key, want }) => {
    const out = defaultService(svc(spec as ServiceSpec));
    expect((out.spec as Record<string, unknown>)[key]).toEqual(want);
  });

  it.each([
    {
      name: 'absent targetPort becomes the port',
      port: { port: 8080 },
      want: { port: 8080, protocol: 'TCP', targetPort: 8080 },
    },
    {
      name: 'targetPort 0 becomes the port',
      port: { port: 80, targetPort: 0 },
      want: { port: 80, protocol: 'TCP', targetPort: 80 },
    },
    {
      name: 'named targetPort is kept',
      port: { port: 80, targetPort: 'http' },
      want: { port: 80, protocol: 'TCP', targetPort: 'http' },
    },
    {
      name: 'UDP is kept',
      port: { port: 53, protocol: 'UDP' },
      want: { port: 53, protocol: 'UDP', targetPort: 53 },
    },
    {
      name: 'nodePort and name are kept',
      port: { name: 'http', port: 80, nodePort: 30080 },
      want: { name: 'http', nodePort: 30080, port: 80, protocol: 'TCP', targetPort: 80 },
    },
  ])('port: $name', ({ port, want }) => {
    const out = defaultService(svc({ type: 'NodePort', ports: [port] }));
    expect(out.spec?.ports?.[0]).toEqual(want);
  });

  it('does not mutate its input and is idempotent', () => {
    const input = svc({ type: 'NodePort', ports: [{ port: 80 }], sessionAffinity: 'ClientIP' });
    const before = structuredClone(input);
    const once = defaultService(input);
    expect(input).toEqual(before);
    expect(defaultService(once)).toEqual(once);
    once.spec?.ports?.push({ port: 81 });
    expect(input.spec?.ports).toHaveLength(1);
  });

  it('keeps an existing status and adds loadBalancer', () => {
    const out = defaultService({
      ...svc({}),
      status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } },
    });
    expect(out.status).toEqual({ loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } });
  });
});
