// Per-lab quotas, checked like a ResourceQuota at admission: a write that would take a lab past a
// limit is refused whole with a 403 that names the quota, so one student cannot exhaust a server.
import type { WritePlan } from '../lab/cluster-state';
import { ApiError } from '../apimachinery/errors';
import { keyString, type KubeObject } from '../apimachinery/objects';
import { typeOf } from '../apimachinery/resources';
import { plannedBytes, storedBytes } from './stored-size';
import { byteLength } from '../apimachinery/string-formats';

/** The limits every lab has; `name` is what error messages call the quota. */
export const LAB_QUOTA = {
  name: 'lab',
  /** Stored objects of the lab's own (see countsAsObject), pods and controllers' children included. */
  objects: 500,
  pods: 200,
  /**
   * Bytes the lab's own objects take in storage (their JSON): room for the largest ConfigMap
   * (1 MiB) three times over, while a class of a few hundred labs stays within memory.
   */
  storedBytes: 4 * 1024 * 1024,
  /** Containers and init containers of one pod or pod template; lessons use one to three. */
  containersPerPod: 32,
  /** NetworkPolicies of a lab: every simulated connection reads the policies of two pods. */
  networkPolicies: 50,
  /** Rules, peers, ports and `except` blocks of one NetworkPolicy; lessons use a handful. */
  networkPolicyRules: 100,
  /** Simulated connections in one `?count=` batch. */
  requestsPerBatch: 10_000,
} as const;

export interface QuotaUsage {
  objects: number;
  pods: number;
  networkPolicies: number;
  storedBytes: number;
}

type QuotaResource = keyof QuotaUsage | 'containersPerPod' | 'networkPolicyRules';

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
  const own = objects.filter((o) => countsAsObject(counted(o)));
  return {
    objects: own.length,
    pods: objects.filter((o) => o.kind === 'Pod').length,
    networkPolicies: objects.filter((o) => o.kind === 'NetworkPolicy').length,
    storedBytes: own.reduce((sum, o) => sum + storedBytes(o), 0),
  };
}

/** `exceeded quota: lab, requested: pods=1, used: pods=200, limited: pods=200`, as kube words it. */
export function exceededQuotaText(
  resource: QuotaResource,
  requested: number,
  used: number,
): string {
  const limit = LAB_QUOTA[resource];
  return `exceeded quota: ${LAB_QUOTA.name}, requested: ${resource}=${requested}, used: ${resource}=${used}, limited: ${resource}=${limit}`;
}

function forbidden(o: KubeObject, resource: QuotaResource, requested: number, used: number) {
  const type = typeOf(o.kind);
  // apierrors.NewForbidden prints the GroupResource: `deployments.apps`.
  const qualified = type.group ? `${type.resource}.${type.group}` : type.resource;
  return new ApiError(
    403,
    'Forbidden',
    `${qualified} "${o.metadata.name}" is forbidden: ${exceededQuotaText(resource, requested, used)}`,
    { name: o.metadata.name, ...(type.group ? { group: type.group } : {}), kind: type.resource },
  );
}

/** Containers and init containers of a pod, or of a Deployment's or ReplicaSet's pod template. */
export function podContainers(o: KubeObject): number {
  const spec = o.spec as { template?: { spec?: unknown } } | undefined;
  const podSpec = (o.kind === 'Pod' ? spec : spec?.template?.spec) as
    { containers?: unknown; initContainers?: unknown } | undefined;
  const count = (list: unknown) => (Array.isArray(list) ? list.length : 0);
  return count(podSpec?.containers) + count(podSpec?.initContainers);
}

/** The rules, peers, ports and except blocks of a NetworkPolicy: what enforcement walks. */
export function networkPolicyRules(o: {
  spec?: { ingress?: unknown; egress?: unknown } | undefined;
}): number {
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const rules = [...list(o.spec?.ingress), ...list(o.spec?.egress)] as Record<string, unknown>[];
  let n = 0;
  for (const r of rules) {
    const peers = [...list(r.from), ...list(r.to)] as { ipBlock?: { except?: unknown } }[];
    n += 1 + list(r.ports).length + peers.length;
    for (const p of peers) n += list(p.ipBlock?.except).length;
  }
  return n;
}

/** The 403 for a NetworkPolicy with more rule entries than a lab allows (one that had as many may keep them). */
export function networkPolicyRulesViolation(
  np: KubeObject | { kind: string; metadata: { name?: string | undefined }; spec?: unknown },
  old: { spec?: unknown } | undefined,
): ApiError | undefined {
  const n = networkPolicyRules(np as Parameters<typeof networkPolicyRules>[0]);
  if (n <= LAB_QUOTA.networkPolicyRules) return undefined;
  const used = old ? networkPolicyRules(old as Parameters<typeof networkPolicyRules>[0]) : 0;
  return n > used ? forbidden(np as KubeObject, 'networkPolicyRules', n, used) : undefined;
}

/**
 * The 403 for the first of `written` with more containers than a pod may have, or undefined; an
 * object that already had as many (`before`) may keep them. Cheap enough to run before the
 * controllers settle a write, so a pod of 20,000 containers costs no simulation.
 */
export function containersViolation(
  written: readonly KubeObject[],
  before: (o: KubeObject) => KubeObject | undefined,
): ApiError | undefined {
  for (const o of written) {
    const n = podContainers(o);
    if (n <= LAB_QUOTA.containersPerPod) continue;
    const old = before(o);
    const used = old ? podContainers(old) : 0;
    if (n > used) return forbidden(o, 'containersPerPod', n, used);
  }
  return undefined;
}

/**
 * The 403 for a plan that would take the lab over a quota, or undefined. A plan that does not add
 * to an exceeded usage (deleting, updating) always passes, so a lab over quota can still shrink.
 */
export function quotaViolation(
  before: readonly KubeObject[],
  plan: WritePlan,
): ApiError | undefined {
  const existing = new Map(before.map((o) => [keyString(counted(o)), o]));
  const previous = (o: KubeObject) => existing.get(keyString(counted(o)));
  const created = plan.upserts.filter((o) => !previous(o));
  const removed = plan.deletes.filter((k) => existing.has(keyString(k)));
  const used = quotaUsage(before);
  const checks: [keyof QuotaUsage, KubeObject[], number][] = [
    [
      'pods',
      created.filter((o) => o.kind === 'Pod'),
      removed.filter((k) => k.kind === 'Pod').length,
    ],
    [
      'networkPolicies',
      created.filter((o) => o.kind === 'NetworkPolicy'),
      removed.filter((k) => k.kind === 'NetworkPolicy').length,
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
    return forbidden(added[0]!, resource, added.length, used[resource]);
  }
  return containersViolation(plan.upserts, previous) ?? storedBytesViolation(plan, existing, used);
}

function storedBytesViolation(
  plan: WritePlan,
  existing: ReadonlyMap<string, KubeObject>,
  used: QuotaUsage,
): ApiError | undefined {
  const own = plan.upserts.filter((o) => countsAsObject(counted(o)));
  const replaced = [...own.map((o) => keyString(counted(o))), ...plan.deletes.map(keyString)]
    .map((k) => existing.get(k))
    .filter((o): o is KubeObject => o !== undefined && countsAsObject(counted(o)));
  const sum = (list: KubeObject[], bytes: (o: KubeObject) => number) =>
    list.reduce((n, o) => n + bytes(o), 0);
  const deleting = own.reduce(
    (n, o) => n + terminationBytes(o, existing.get(keyString(counted(o)))),
    0,
  );
  const requested = sum(own, plannedBytes) - sum(replaced, storedBytes) - deleting;
  const after = used.storedBytes + requested;
  if (after <= LAB_QUOTA.storedBytes || requested <= 0) return undefined;
  return forbidden(own[0]!, 'storedBytes', requested, used.storedBytes);
}

/**
 * The bytes a delete adds to a pod it starts terminating (its deletion fields). Quotas judge
 * creates and updates, never a delete: a lab at its byte quota can still delete pods gracefully.
 */
function terminationBytes(o: KubeObject, previous: KubeObject | undefined): number {
  const at = o.metadata.deletionTimestamp;
  if (at === undefined || previous === undefined || previous.metadata.deletionTimestamp) return 0;
  const grace = o.metadata.deletionGracePeriodSeconds ?? 0;
  return byteLength(
    `,"deletionTimestamp":${JSON.stringify(at)},"deletionGracePeriodSeconds":${grace}`,
  );
}
