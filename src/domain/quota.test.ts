import { describe, expect, it } from 'vitest';
import type { WritePlan } from './cluster-state';
import type { KubeObject } from './objects';
import { LAB_QUOTA, quotaUsage, quotaViolation } from './quota';

const obj = (kind: string, name: string, namespace: string | null = 'default'): KubeObject => ({
  apiVersion: 'v1',
  kind,
  metadata: {
    name,
    uid: name,
    resourceVersion: '1',
    creationTimestamp: '',
    ...(namespace ? { namespace } : {}),
  },
});
const system = [
  obj('Node', 'node01', null),
  obj('Namespace', 'default', null),
  obj('Namespace', 'kube-system', null),
  obj('Service', 'kubernetes'),
  obj('Service', 'kube-dns', 'kube-system'),
];
const many = (kind: string, n: number, prefix = kind.toLowerCase()) =>
  Array.from({ length: n }, (_, i) => obj(kind, `${prefix}-${i}`));
const plan = (upserts: KubeObject[], deletes: KubeObject[] = []): WritePlan => ({
  baseRevision: 1,
  revision: 2,
  upserts,
  deletes: deletes.map((o) => ({
    kind: o.kind,
    namespace: o.metadata.namespace ?? '',
    name: o.metadata.name,
  })),
  allocate: [],
  release: [],
});

describe('quotaUsage', () => {
  it('leaves out what every cluster starts with', () => {
    expect(quotaUsage([...system, ...many('Pod', 2), obj('ConfigMap', 'c')])).toEqual({
      objects: 3,
      pods: 2,
    });
  });
});

describe('quotaViolation', () => {
  const full = [...system, ...many('ConfigMap', LAB_QUOTA.objects)];

  it('passes a write that stays within the quota', () => {
    expect(quotaViolation(many('ConfigMap', 499), plan([obj('ConfigMap', 'x')]))).toBeUndefined();
  });

  it('refuses the object past the limit, naming the quota', () => {
    const err = quotaViolation(full, plan([obj('ConfigMap', 'extra')]));
    expect(err?.code).toBe(403);
    expect(err?.message).toBe(
      'configmaps "extra" is forbidden: exceeded quota: lab, requested: objects=1, used: objects=500, limited: objects=500',
    );
  });

  it('counts updates as nothing new and deletes as room', () => {
    expect(quotaViolation(full, plan([obj('ConfigMap', 'configmap-3')]))).toBeUndefined();
    expect(
      quotaViolation(full, plan([obj('ConfigMap', 'extra')], [obj('ConfigMap', 'configmap-0')])),
    ).toBeUndefined();
  });

  it('checks pods first, with their own limit', () => {
    const pods = many('Pod', LAB_QUOTA.pods);
    const err = quotaViolation(pods, plan([obj('Pod', 'p'), obj('Pod', 'q')]));
    expect(err?.message).toBe(
      'pods "p" is forbidden: exceeded quota: lab, requested: pods=2, used: pods=200, limited: pods=200',
    );
  });

  it('lets a lab already over its quota shrink or stay', () => {
    const over = many('Pod', LAB_QUOTA.pods + 5);
    expect(quotaViolation(over, plan([], [over[0]!]))).toBeUndefined();
    expect(quotaViolation(over, plan([obj('Pod', 'x')], [over[0]!]))).toBeUndefined();
  });
});
