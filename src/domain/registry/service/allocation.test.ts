import { describe, expect, it } from 'vitest';
import { allocateServiceAddresses } from './allocation';
import type { ServiceSpec } from '../../../schema/kube/service';
import {
  allocators,
  errorText,
  snapshot,
  success,
  svc,
  tcp,
} from '../../../../test/fixtures/service-allocation';

describe('allocateServiceAddresses on create: failures roll back everything', () => {
  const cases: {
    name: string;
    spec: ServiceSpec;
    ports?: number[];
    ips?: string[];
    error: string;
  }[] = [
    {
      name: 'nodePort below the range',
      spec: { type: 'NodePort', ports: [tcp(80, 80)] },
      error:
        'spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    },
    {
      name: 'nodePort already taken',
      spec: { type: 'NodePort', ports: [tcp(80, 30080)] },
      ports: [30080],
      error: 'spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    },
    {
      name: 'second port fails after the first was reserved',
      spec: { type: 'NodePort', ports: [tcp(80, 30080, 'http'), tcp(443, 30443, 'https')] },
      ports: [30443],
      error: 'spec.ports[1].nodePort: Invalid value: 30443: provided port is already allocated',
    },
    {
      name: 'same nodePort on two port numbers',
      spec: { type: 'NodePort', ports: [tcp(80, 30080, 'a'), tcp(81, 30080, 'b')] },
      error: 'spec.ports[1].nodePort: Invalid value: 30080: provided port is already allocated',
    },
    {
      name: 'clusterIP outside the service CIDR',
      spec: { type: 'ClusterIP', clusterIP: '1.1.1.1', clusterIPs: ['1.1.1.1'], ports: [tcp(80)] },
      error:
        'spec.clusterIPs: Invalid value: ["1.1.1.1"]: failed to allocate IP 1.1.1.1: the provided IP (1.1.1.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    },
    {
      name: 'clusterIP already taken',
      spec: { type: 'ClusterIP', clusterIP: '10.96.0.50', ports: [tcp(80)] },
      ips: ['10.96.0.50'],
      error:
        'spec.clusterIPs: Invalid value: ["10.96.0.50"]: failed to allocate IP 10.96.0.50: provided IP is already allocated',
    },
    {
      name: 'nodePort range full',
      spec: { type: 'NodePort', ports: [tcp(80)] },
      ports: Array.from({ length: 2768 }, (_, i) => 30000 + i),
      error: 'internal: failed to allocate a nodePort: range is full',
    },
  ];
  it.each(cases)('$name', ({ spec, ports, ips, error }) => {
    const alloc = allocators(ports, ips);
    const before = snapshot(alloc);
    expect(errorText(allocateServiceAddresses(svc(spec), undefined, alloc))).toBe(error);
    expect(snapshot(alloc)).toEqual(before);
  });
});

describe('allocateServiceAddresses on create: what gets filled in', () => {
  it('gives a ClusterIP service an address from the dynamic range, and no nodePorts', () => {
    const alloc = allocators();
    const input = svc({ type: 'ClusterIP', ports: [tcp(80)] });
    const result = success(allocateServiceAddresses(input, undefined, alloc));
    const ip = result.service.spec?.clusterIP ?? '';
    expect(result.service.spec?.clusterIPs).toEqual([ip]);
    expect(alloc.ips.has(ip)).toBe(true);
    expect(result.service.spec?.ports?.[0]?.nodePort).toBeUndefined();
    expect(result.allocated).toEqual({ nodePorts: [], clusterIPs: [ip] });
    expect(input.spec?.clusterIP).toBeUndefined(); // the input is not mutated
  });

  it('keeps a requested clusterIP, also in the static band', () => {
    const alloc = allocators();
    const result = success(
      allocateServiceAddresses(
        svc({ clusterIP: '10.96.0.10', ports: [tcp(53)] }),
        undefined,
        alloc,
      ),
    );
    expect(result.service.spec?.clusterIPs).toEqual(['10.96.0.10']);
    expect(result.allocated.clusterIPs).toEqual(['10.96.0.10']);
  });

  it.each([
    { name: 'headless', spec: { type: 'ClusterIP', clusterIP: 'None', ports: [tcp(80)] } },
    { name: 'ExternalName', spec: { type: 'ExternalName', externalName: 'example.com' } },
  ])('allocates nothing for $name', ({ spec }) => {
    const alloc = allocators();
    const result = success(allocateServiceAddresses(svc(spec), undefined, alloc));
    expect(result.allocated).toEqual({ nodePorts: [], clusterIPs: [] });
    expect(alloc.ips.used()).toEqual(new Set(['10.96.0.1']));
  });

  it.each([
    {
      name: 'a malformed clusterIP',
      spec: { type: 'NodePort', clusterIP: 'abc', ports: [tcp(80)] },
      want: 'spec.clusterIPs[0]: Invalid value: "abc": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    },
    {
      name: 'a dual-stack request',
      spec: {
        clusterIP: '10.96.0.9',
        clusterIPs: ['10.96.0.9', 'fd00::9'],
        ipFamilyPolicy: 'PreferDualStack',
        ports: [tcp(80)],
      },
      want: 'spec.clusterIPs[1]: Invalid value: ["10.96.0.9","fd00::9"]: IPv6 is not configured on this cluster',
    },
  ])('refuses $name before allocating anything', ({ spec, want }) => {
    const alloc = allocators();
    expect(errorText(allocateServiceAddresses(svc(spec), undefined, alloc))).toBe(want);
    expect(alloc.ips.used()).toEqual(new Set(['10.96.0.1']));
    expect(alloc.ports.used().size).toBe(0);
  });

  it('allocates nodePorts from the upper band, sharing one per port number (TCP and UDP 53)', () => {
    const alloc = allocators();
    const ports = [
      { name: 'dns', port: 53, protocol: 'UDP' },
      { name: 'dns-tcp', port: 53, protocol: 'TCP' },
      { name: 'metrics', port: 9153, protocol: 'TCP' },
    ];
    const result = success(
      allocateServiceAddresses(svc({ type: 'NodePort', ports }), undefined, alloc),
    );
    const [udp, tcpPort, metrics] = (result.service.spec?.ports ?? []).map((p) => p.nodePort ?? 0);
    expect(udp).toBe(tcpPort);
    expect(metrics).not.toBe(udp);
    expect(result.allocated.nodePorts).toEqual([udp, metrics]);
    for (const np of [udp, metrics]) expect(np).toBeGreaterThanOrEqual(30086);
  });

  it('an explicit nodePort on the UDP entry is reused by the TCP entry of the same port', () => {
    const alloc = allocators();
    const ports = [
      { name: 'a', port: 53, protocol: 'TCP' },
      { name: 'b', port: 53, protocol: 'UDP', nodePort: 30053 },
    ];
    const result = success(
      allocateServiceAddresses(svc({ type: 'NodePort', ports }), undefined, alloc),
    );
    expect(result.service.spec?.ports?.map((p) => p.nodePort)).toEqual([30053, 30053]);
    expect(result.allocated.nodePorts).toEqual([30053]);
  });

  it('LoadBalancer with allocateLoadBalancerNodePorts false only takes explicit nodePorts', () => {
    const alloc = allocators();
    const spec = {
      type: 'LoadBalancer',
      allocateLoadBalancerNodePorts: false,
      ports: [tcp(80, undefined, 'a'), tcp(81, 30081, 'b')],
    };
    const result = success(allocateServiceAddresses(svc(spec), undefined, alloc));
    expect(result.service.spec?.ports?.map((p) => p.nodePort)).toEqual([undefined, 30081]);
  });

  it('services allocated one after another see each other', () => {
    const alloc = allocators();
    success(
      allocateServiceAddresses(
        svc({ type: 'NodePort', ports: [tcp(80, 30080)] }, 'a'),
        undefined,
        alloc,
      ),
    );
    const second = allocateServiceAddresses(
      svc({ type: 'NodePort', ports: [tcp(80, 30080)] }, 'b'),
      undefined,
      alloc,
    );
    expect(errorText(second)).toBe(
      'spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    );
  });
});
