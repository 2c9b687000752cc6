// Per-lab quotas, checked like a ResourceQuota at admission: a write that would take a lab past a
// limit is refused whole with a 403 that names the quota, so one student cannot exhaust a server.
import type { WritePlan } from './cluster-state';
import { ApiError } from './errors';
import { keyString, type KubeObject } from './objects';
import { typeOf } from './resources';

/** The limits every lab has; `name` is what error messages call the quota. */
export const LAB_QUOTA = {
  name: 'lab',
  /** Stored objects of the lab's own (see countsAsObject), pods and controllers' children included. */
  objects: 500,
  pods: 200,
  /** Simulated connections in one `?count=` batch. */
  requestsPerBatch: 10_000,
} as const;

export interface QuotaUsage {
  objects: number;
  pods: number;
}

const SYSTEM_OBJECTS = new Set([
  'Namespace//default',
  'Namespace//kube-system',
  'Namespace//kube-public',
  'Namespace//kube-node-lease',
  'Service/default/kubernetes',
  'Service/kube-system/kube-dns',
]);

interface Counted {
  kind: string;
  namespace: string;
  name: string;
}

/**
 * Whether an object counts toward the `objects` quota: everything but what every cluster starts
 * with (nodes, the system namespaces, the kubernetes and kube-dns Services), so that 500 is what
 * the lab's users may add, whatever the number of nodes.
 */
export function countsAsObject(o: Counted): boolean {
  return o.kind !== 'Node' && !SYSTEM_OBJECTS.has(keyString(o));
}

const counted = (o: KubeObject): Counted => ({
  kind: o.kind,
  namespace: o.metadata.namespace ?? '',
  name: o.metadata.name,
});

/** What a lab uses of its quota. */
export function quotaUsage(objects: readonly KubeObject[]): QuotaUsage {
  return {
    objects: objects.map(counted).filter(countsAsObject).length,
    pods: objects.filter((o) => o.kind === 'Pod').length,
  };
}

/** `exceeded quota: lab, requested: pods=1, used: pods=200, limited: pods=200`, as kube words it. */
export function exceededQuotaText(
  resource: keyof QuotaUsage,
  requested: number,
  used: number,
): string {
  const limit = LAB_QUOTA[resource];
  return `exceeded quota: ${LAB_QUOTA.name}, requested: ${resource}=${requested}, used: ${resource}=${used}, limited: ${resource}=${limit}`;
}

/**
 * The 403 for a plan that would take the lab over a quota, or undefined. A plan that does not add
 * to an exceeded usage (deleting, updating) always passes, so a lab over quota can still shrink.
 */
export function quotaViolation(
  before: readonly KubeObject[],
  plan: WritePlan,
): ApiError | undefined {
  const existing = new Set(before.map((o) => keyString(counted(o))));
  const created = plan.upserts.filter((o) => !existing.has(keyString(counted(o))));
  const removed = plan.deletes.filter((k) => existing.has(keyString(k)));
  const used = quotaUsage(before);
  const checks: [keyof QuotaUsage, KubeObject[], number][] = [
    [
      'pods',
      created.filter((o) => o.kind === 'Pod'),
      removed.filter((k) => k.kind === 'Pod').length,
    ],
    [
      'objects',
      created.filter((o) => countsAsObject(counted(o))),
      removed.filter(countsAsObject).length,
    ],
  ];
  for (const [resource, added, gone] of checks) {
    const after = used[resource] + added.length - gone;
    if (after <= LAB_QUOTA[resource] || after <= used[resource]) continue;
    const first = added[0]!;
    const type = typeOf(first.kind);
    return new ApiError(
      403,
      'Forbidden',
      `${type.resource} "${first.metadata.name}" is forbidden: ${exceededQuotaText(resource, added.length, used[resource])}`,
      {
        name: first.metadata.name,
        ...(type.group ? { group: type.group } : {}),
        kind: type.resource,
      },
    );
  }
  return undefined;
}
