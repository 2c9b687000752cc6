import { describe, expect, it } from 'vitest';
import { nodeLease } from './node-leases';
import type { KubeObject } from '../apimachinery/objects';

const node: KubeObject = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {
    name: 'node01',
    uid: 'b06ffb10-d686-4c80-9ab1-ab65c5b7c550',
    resourceVersion: '1',
    creationTimestamp: '2026-12-01T09:00:00Z',
  },
};

const renewTime = (now: string) =>
  (nodeLease(node, new Date(now)).spec as { renewTime: string }).renewTime;

describe('nodeLease', () => {
  it('is held by the node for 40 s, in kube-node-lease, owned by the Node', () => {
    const lease = nodeLease(node, new Date('2026-12-01T09:00:05Z'));
    expect(lease.metadata).toMatchObject({
      name: 'node01',
      namespace: 'kube-node-lease',
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'node01', uid: node.metadata.uid }],
    });
    expect(lease.spec).toEqual({
      holderIdentity: 'node01',
      leaseDurationSeconds: 40,
      renewTime: '2026-12-01T09:00:00.000000Z',
    });
  });

  it('is renewed every 10 s on the lab clock', () => {
    expect(renewTime('2026-12-01T09:00:09.999Z')).toBe('2026-12-01T09:00:00.000000Z');
    expect(renewTime('2026-12-01T09:00:10Z')).toBe('2026-12-01T09:00:10.000000Z');
    expect(renewTime('2026-12-01T10:30:47Z')).toBe('2026-12-01T10:30:40.000000Z');
  });

  it('keeps its uid across renewals and differs per node', () => {
    const a = nodeLease(node, new Date('2026-12-01T09:00:05Z'));
    const b = nodeLease(node, new Date('2026-12-01T09:05:05Z'));
    const other = nodeLease(
      { ...node, metadata: { ...node.metadata, name: 'node02', uid: 'another-uid' } },
      new Date('2026-12-01T09:00:05Z'),
    );
    expect(a.metadata.uid).toBe(b.metadata.uid);
    expect(other.metadata.uid).not.toBe(a.metadata.uid);
  });
});
