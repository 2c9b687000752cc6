import { describe, expect, it } from 'vitest';
import { allocateServiceAddresses, releaseAddresses, serviceAddresses } from './allocation';
import type { ServiceSpec } from '../../../schema/kube/service';
import {
  allocators,
  errorText,
  snapshot,
  success,
  svc,
  tcp,
} from '../../../../test/fixtures/service-allocation';

describe('allocateServiceAddresses on update', () => {
  /** Creates `spec` as service "web" and returns the stored version plus the allocators. */
  function created(spec: ServiceSpec, ports: number[] = []) {
    const alloc = allocators(ports);
    const stored = success(allocateServiceAddresses(svc(spec), undefined, alloc)).service;
    return { alloc, stored, spec: stored.spec ?? {} };
  }

  it('re-applying the manifest without clusterIP/nodePort keeps both', () => {
    const { alloc, stored, spec } = created({ type: 'NodePort', ports: [tcp(80)] });
    const before = snapshot(alloc);
    const result = success(
      allocateServiceAddresses(svc({ type: 'NodePort', ports: [tcp(80)] }), stored, alloc),
    );
    expect(result.service.spec?.clusterIP).toBe(spec.clusterIP);
    expect(result.service.spec?.clusterIPs).toEqual(spec.clusterIPs);
    expect(result.service.spec?.ports?.[0]?.nodePort).toBe(spec.ports?.[0]?.nodePort);
    expect(result.allocated).toEqual({ nodePorts: [], clusterIPs: [] });
    expect(result.released).toEqual({ nodePorts: [], clusterIPs: [] });
    expect(snapshot(alloc)).toEqual(before);
  });

  it('keeps the nodePort of the port with the same name when the port number changes', () => {
    const { alloc, stored, spec } = created({ type: 'NodePort', ports: [tcp(80)] });
    const result = success(
      allocateServiceAddresses(svc({ type: 'NodePort', ports: [tcp(8080)] }), stored, alloc),
    );
    expect(result.service.spec?.ports?.[0]?.nodePort).toBe(spec.ports?.[0]?.nodePort);
  });

  it('releases nodePorts that are no longer in the spec (deferred to the caller)', () => {
    const { alloc, stored } = created({
      type: 'NodePort',
      ports: [tcp(80, 30080, 'http'), tcp(443, 30443, 'https')],
    });
    const result = success(
      allocateServiceAddresses(
        svc({ type: 'NodePort', ports: [tcp(80, undefined, 'http')] }),
        stored,
        alloc,
      ),
    );
    expect(result.service.spec?.ports?.map((p) => p.nodePort)).toEqual([30080]);
    expect(result.released).toEqual({ nodePorts: [30443], clusterIPs: [] });
    expect(alloc.ports.has(30443)).toBe(true);
    releaseAddresses(alloc, result.released);
    expect(alloc.ports.has(30443)).toBe(false);
  });

  it('changing to ClusterIP strips and releases all nodePorts', () => {
    const { alloc, stored, spec } = created({ type: 'NodePort', ports: [tcp(80, 30080)] });
    const update = svc({ ...spec, type: 'ClusterIP' });
    const result = success(allocateServiceAddresses(update, stored, alloc));
    expect(result.service.spec?.ports?.[0]?.nodePort).toBeUndefined();
    expect(result.released.nodePorts).toEqual([30080]);
  });

  it('changing to ExternalName strips and releases the clusterIP', () => {
    const { alloc, stored, spec } = created({ type: 'ClusterIP', ports: [tcp(80)] });
    const update = svc({ ...spec, type: 'ExternalName', externalName: 'example.com' });
    const result = success(allocateServiceAddresses(update, stored, alloc));
    expect(result.service.spec?.clusterIP).toBeUndefined();
    expect(result.service.spec?.clusterIPs).toBeUndefined();
    expect(result.released.clusterIPs).toEqual(spec.clusterIPs);
  });

  it('changing from ExternalName allocates a clusterIP', () => {
    const { alloc, stored } = created({ type: 'ExternalName', externalName: 'example.com' });
    const result = success(
      allocateServiceAddresses(svc({ type: 'ClusterIP', ports: [tcp(80)] }), stored, alloc),
    );
    expect(result.allocated.clusterIPs).toEqual([result.service.spec?.clusterIP]);
  });

  it('changing from ClusterIP to NodePort allocates a nodePort and keeps the clusterIP', () => {
    const { alloc, stored, spec } = created({ type: 'ClusterIP', ports: [tcp(80)] });
    const result = success(
      allocateServiceAddresses(svc({ type: 'NodePort', ports: [tcp(80)] }), stored, alloc),
    );
    expect(result.service.spec?.clusterIP).toBe(spec.clusterIP);
    expect(result.allocated.nodePorts).toEqual([result.service.spec?.ports?.[0]?.nodePort]);
  });

  it('an explicit nodePort the old version holds is not re-allocated', () => {
    const { alloc, stored } = created({ type: 'NodePort', ports: [tcp(80, 30080)] });
    const result = success(
      allocateServiceAddresses(svc({ type: 'NodePort', ports: [tcp(80, 30080)] }), stored, alloc),
    );
    expect(result.allocated.nodePorts).toEqual([]);
  });

  it('an explicit nodePort held by another service fails and rolls back', () => {
    const { alloc, stored } = created({ type: 'NodePort', ports: [tcp(80, 30080, 'a')] }, [30090]);
    const before = snapshot(alloc);
    const update = svc({
      type: 'NodePort',
      ports: [tcp(80, undefined, 'a'), tcp(81, undefined, 'b'), tcp(82, 30090, 'c')],
    });
    const result = allocateServiceAddresses(update, stored, alloc);
    expect(errorText(result)).toBe(
      'spec.ports[2].nodePort: Invalid value: 30090: provided port is already allocated',
    );
    expect(snapshot(alloc)).toEqual(before);
  });

  it('the same nodePort and protocol twice is a bare Go error on update (a 500 without reason)', () => {
    const { alloc, stored } = created({ type: 'NodePort', ports: [tcp(80, 30080, 'a')] });
    const update = svc({ type: 'NodePort', ports: [tcp(80, 30080, 'a'), tcp(81, 30080, 'b')] });
    expect(errorText(allocateServiceAddresses(update, stored, alloc))).toBe(
      'plain: duplicate nodePort: {TCP 30080}',
    );
  });
});

describe('serviceAddresses', () => {
  it.each([
    {
      name: 'NodePort',
      spec: {
        type: 'NodePort',
        clusterIPs: ['10.96.0.9'],
        ports: [tcp(80, 30080), tcp(81, 30081)],
      },
      held: { nodePorts: [30080, 30081], clusterIPs: ['10.96.0.9'] },
    },
    {
      name: 'headless',
      spec: { clusterIP: 'None', clusterIPs: ['None'], ports: [tcp(80)] },
      held: { nodePorts: [], clusterIPs: [] },
    },
    {
      name: 'ExternalName',
      spec: { type: 'ExternalName', externalName: 'x.example' },
      held: { nodePorts: [], clusterIPs: [] },
    },
  ])('$name', ({ spec, held }) => {
    expect(serviceAddresses(svc(spec))).toEqual(held);
  });
});
