import { describe, expect, it } from 'vitest';
import type { Endpoints } from '../../schema/kube/core';
import { endpointSlicesFor } from './endpointslices';
import type { KubeObject } from '../apimachinery/objects';

const svc: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: {
    name: 'web',
    namespace: 'default',
    uid: '5f1c3f7e-0000-4000-8000-000000000001',
    resourceVersion: '3',
    creationTimestamp: '2026-11-22T10:00:00Z',
    labels: { app: 'web' },
  },
  spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
};

const address = (ip: string, name: string) => ({
  ip,
  nodeName: 'node01',
  targetRef: { kind: 'Pod', namespace: 'default', name, uid: `uid-${name}` },
});

function endpoints(subsets: Endpoints['subsets'], labels?: Record<string, string>): Endpoints {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'web', namespace: 'default', ...(labels ? { labels } : {}) },
    ...(subsets ? { subsets } : {}),
  };
}

describe('endpointSlicesFor', () => {
  it('turns each subset into a slice, ready and not-ready endpoints with their conditions', () => {
    const [slice, ...rest] = endpointSlicesFor(
      svc,
      endpoints([
        {
          addresses: [address('10.244.1.2', 'a')],
          notReadyAddresses: [address('10.244.1.3', 'b')],
          ports: [{ port: 80, protocol: 'TCP' }],
        },
      ]),
    );
    expect(rest).toEqual([]);
    expect(slice).toMatchObject({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        generateName: 'web-',
        namespace: 'default',
        labels: {
          app: 'web',
          'kubernetes.io/service-name': 'web',
          'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
        },
        ownerReferences: [
          { kind: 'Service', name: 'web', uid: svc.metadata.uid, controller: true },
        ],
      },
      addressType: 'IPv4',
      endpoints: [
        {
          addresses: ['10.244.1.2'],
          conditions: { ready: true, serving: true, terminating: false },
          nodeName: 'node01',
        },
        {
          addresses: ['10.244.1.3'],
          conditions: { ready: false, serving: false, terminating: false },
        },
      ],
      ports: [{ name: '', port: 80, protocol: 'TCP' }],
    });
    expect(slice!.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('names slices stably from the service uid', () => {
    const a = endpointSlicesFor(svc, endpoints([{ ports: [{ port: 80, protocol: 'TCP' }] }]));
    const b = endpointSlicesFor(svc, endpoints([{ ports: [{ port: 80, protocol: 'TCP' }] }]));
    expect(a[0]!.metadata.name).toBe(b[0]!.metadata.name);
    expect(a[0]!.metadata.uid).toBe(b[0]!.metadata.uid);
  });

  it('keeps one empty slice for a selector that matches nothing, none without a selector', () => {
    expect(endpointSlicesFor(svc, endpoints(undefined))).toEqual([
      expect.objectContaining({ endpoints: [], ports: [] }),
    ]);
    expect(
      endpointSlicesFor({ ...svc, spec: { ports: [{ port: 80 }] } }, endpoints(undefined)),
    ).toEqual([]);
  });

  it('names the API server’s slice after the kubernetes service', () => {
    const kubernetes = { ...svc, metadata: { ...svc.metadata, name: 'kubernetes' }, spec: {} };
    const [slice] = endpointSlicesFor(
      kubernetes,
      endpoints(
        [
          {
            addresses: [{ ip: '192.168.1.2' }],
            ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
          },
        ],
        { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
      ),
    );
    expect(slice!.metadata.name).toBe('kubernetes');
    expect(slice!.metadata.labels).toEqual({
      'endpointslice.kubernetes.io/managed-by': 'endpoint-reconciler.kubernetes.io',
      'kubernetes.io/service-name': 'kubernetes',
    });
    expect(slice!.ports).toEqual([{ name: 'https', port: 6443, protocol: 'TCP' }]);
  });
});
