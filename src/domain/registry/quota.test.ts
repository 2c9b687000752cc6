import { describe, expect, it } from 'vitest';
import type { WritePlan } from '../lab/cluster-state';
import type { KubeObject } from '../apimachinery/objects';
import { containersViolation, LAB_QUOTA, quotaUsage, quotaViolation } from './quota';

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
    const own = [...many('Pod', 2), obj('ConfigMap', 'c')];
    expect(quotaUsage([...system, ...own])).toEqual({
      objects: 3,
      pods: 2,
      networkPolicies: 0,
      storedBytes: own.reduce((n, o) => n + JSON.stringify(o).length, 0),
    });
  });
});

describe('quotaViolation', () => {
  it('refuses the 51st NetworkPolicy, naming the quota', () => {
    const err = quotaViolation(many('NetworkPolicy', 50), plan([obj('NetworkPolicy', 'extra')]));
    expect(err?.message).toBe(
      'networkpolicies.networking.k8s.io "extra" is forbidden: exceeded quota: lab, requested: networkPolicies=1, used: networkPolicies=50, limited: networkPolicies=50',
    );
  });

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

describe('containersViolation', () => {
  const withContainers = (kind: string, n: number, init = 0): KubeObject => {
    const spec = {
      containers: Array.from({ length: n }, (_, i) => ({ name: `c${i}` })),
      initContainers: Array.from({ length: init }, (_, i) => ({ name: `i${i}` })),
    };
    return { ...obj(kind, 'x'), spec: kind === 'Pod' ? spec : { template: { spec } } };
  };
  const none = () => undefined;

  it('lets a pod or template have up to the quota, init containers counted', () => {
    expect(containersViolation([withContainers('Pod', 30, 2)], none)).toBeUndefined();
    expect(containersViolation([withContainers('Deployment', 32)], none)).toBeUndefined();
  });

  it('refuses one more, naming the object as kube-apiserver names it', () => {
    expect(containersViolation([withContainers('Pod', 32, 1)], none)?.message).toBe(
      'pods "x" is forbidden: exceeded quota: lab, requested: containersPerPod=33, used: containersPerPod=0, limited: containersPerPod=32',
    );
    expect(containersViolation([withContainers('Deployment', 40)], none)?.message).toMatch(
      /^deployments\.apps "x" is forbidden: .*requested: containersPerPod=40, used: containersPerPod=0,/,
    );
  });

  it('lets an object stored over the quota keep (not grow) its containers', () => {
    const old = withContainers('Pod', 40);
    expect(containersViolation([withContainers('Pod', 40)], () => old)).toBeUndefined();
    expect(containersViolation([withContainers('Pod', 41)], () => old)?.code).toBe(403);
  });
});

describe('stored bytes quota', () => {
  const sized = (name: string, bytes: number): KubeObject => ({
    ...obj('ConfigMap', name),
    data: { v: 'x'.repeat(bytes) },
  });

  it('refuses growth past the quota and lets a lab over it shrink', () => {
    const lab = [...system, sized('a', 2_000_000), sized('b', 2_000_000)];
    expect(quotaViolation(lab, plan([sized('c', 200_000)]))?.message).toMatch(
      /^configmaps "c" is forbidden: exceeded quota: lab, requested: storedBytes=200\d{3}, used: storedBytes=4000\d{3}, limited: storedBytes=4194304$/,
    );
    expect(quotaViolation(lab, plan([sized('b', 2_300_000)]))?.code).toBe(403);
    expect(quotaViolation(lab, plan([sized('b', 10)]))).toBeUndefined();
    const over = [...lab, sized('c', 500_000)];
    expect(quotaViolation(over, plan([sized('c', 400_000)]))).toBeUndefined();
    expect(quotaViolation(over, plan([], [sized('a', 0)]))).toBeUndefined();
  });
});
