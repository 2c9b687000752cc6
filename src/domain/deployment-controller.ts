// The Deployment and ReplicaSet controllers: replicas kept true, instantly, deterministically.
import type { Pod, PodTemplateSpec } from '../schema/pod';
import type { Deployment, ReplicaSet } from '../schema/workloads';
import type { ClusterDraft } from './draft';
import { compareStrings, jsonEqual, type KubeObject } from './objects';
import { isPodReady } from './pod-lifecycle';
import { exceededQuotaText, LAB_QUOTA } from './quota';
import { fnv32a, randomSafeString, safeEncodeString } from './random';

const HASH_LABEL = 'pod-template-hash';

/**
 * Pods one lab may hold (the lab quota): a ReplicaSet that would exceed it creates what fits and
 * reports ReplicaFailure, as with a ResourceQuota, so `replicas: 100000` cannot exhaust the server.
 */
export const MAX_PODS_PER_LAB = LAB_QUOTA.pods;

/** The pod-template-hash: a stable hash of the template, spelled in kube's safe alphabet. */
export function podTemplateHash(template: PodTemplateSpec): string {
  let hash = templateHashes.get(template);
  if (hash === undefined) {
    hash = safeEncodeString(String(fnv32a(canonicalJson(template))));
    templateHashes.set(template, hash);
  }
  return hash;
}

// Stored templates are never mutated: hash each once, not every Deployment at every write.
const templateHashes = new WeakMap<PodTemplateSpec, string>();

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => compareStrings(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function ownerRef(owner: KubeObject) {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The uid of the object's controlling owner, if any. */
export function controllerUid(obj: {
  metadata: { ownerReferences?: { uid: string; controller?: boolean | undefined }[] | undefined };
}) {
  return obj.metadata.ownerReferences?.find((r) => r.controller)?.uid;
}

function putIfChanged(draft: ClusterDraft, before: unknown, after: KubeObject): void {
  if (!jsonEqual(before, after)) draft.put(after);
}

/** Makes the deployment's current ReplicaSet carry all replicas and scales the old ones to 0. */
export function syncDeployment(draft: ClusterDraft, d: Deployment & KubeObject): void {
  const ns = d.metadata.namespace ?? 'default';
  const template = d.spec?.template ?? {};
  const hash = podTemplateHash(template);
  const name = `${d.metadata.name}-${hash}`;
  const owned = draft
    .peek('ReplicaSet', ns)
    .filter((rs) => controllerUid(rs) === d.metadata.uid) as (ReplicaSet & KubeObject)[];
  const labels = { ...(template.metadata?.labels ?? {}), [HASH_LABEL]: hash };
  const revision =
    Math.max(0, ...owned.map(revisionOf)) + (owned.some((r) => r.metadata.name === name) ? 0 : 1);
  const current = owned.find((r) => r.metadata.name === name);
  const replicas = d.spec?.replicas ?? 1;
  const rs = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      ...(current?.metadata ?? {}),
      name,
      namespace: ns,
      labels,
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(replicas),
        'deployment.kubernetes.io/max-replicas': String(replicas + Math.ceil(replicas / 4)),
        'deployment.kubernetes.io/revision': String(current ? revisionOf(current) : revision),
      },
      ownerReferences: [ownerRef(d)],
    },
    spec: {
      replicas,
      selector: {
        ...d.spec?.selector,
        matchLabels: { ...(d.spec?.selector?.matchLabels ?? {}), [HASH_LABEL]: hash },
      },
      template: { ...template, metadata: { ...template.metadata, labels } },
    },
    ...(current?.status ? { status: current.status } : {}),
  } as unknown as KubeObject;
  putIfChanged(draft, current, rs);
  const history = d.spec?.revisionHistoryLimit ?? 10;
  const old = owned
    .filter((r) => r.metadata.name !== name)
    .sort((a, b) => revisionOf(b) - revisionOf(a));
  old.forEach((r, i) => {
    if (i >= history) return void draft.remove('ReplicaSet', ns, r.metadata.name);
    putIfChanged(draft, r, { ...r, spec: { ...r.spec, replicas: 0 } } as unknown as KubeObject);
  });
}

function revisionOf(rs: {
  metadata: { annotations?: Record<string, string> | undefined };
}): number {
  return Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0) || 0;
}

/** Creates or deletes the ReplicaSet's pods until exactly spec.replicas exist. */
export function syncReplicaSet(draft: ClusterDraft, rs: ReplicaSet & KubeObject): void {
  const ns = rs.metadata.namespace ?? 'default';
  const pods = draft.peek('Pod', ns).filter((p) => controllerUid(p) === rs.metadata.uid);
  const want = rs.spec?.replicas ?? 1;
  // Scale down newest first, as the ReplicaSet controller prefers deleting the youngest pods.
  const doomed = [...pods].sort(byNewest).slice(0, Math.max(0, pods.length - want));
  for (const p of doomed) draft.remove('Pod', ns, p.metadata.name);
  const room = Math.max(0, MAX_PODS_PER_LAB - draft.peek('Pod').length);
  const create = Math.min(Math.max(0, want - pods.length), room);
  for (let i = 0; i < create; i++) draft.put(newPod(draft, rs, ns));
}

/** The FailedCreate condition of a ReplicaSet the pod quota keeps below its replicas. */
function replicaFailure(
  draft: ClusterDraft,
  rs: ReplicaSet & KubeObject,
  have: number,
  totalPods: number,
) {
  const want = rs.spec?.replicas ?? 1;
  if (have >= want || totalPods < MAX_PODS_PER_LAB) return undefined;
  const prev = (
    rs.status as { conditions?: { type: string; lastTransitionTime?: string }[] }
  )?.conditions?.find((c) => c.type === 'ReplicaFailure');
  return {
    type: 'ReplicaFailure',
    status: 'True',
    lastTransitionTime: prev?.lastTransitionTime ?? draft.timestamp(),
    reason: 'FailedCreate',
    message: `pods "${rs.metadata.name}-" is forbidden: ${exceededQuotaText('pods', 1, totalPods)}`,
  };
}

function byNewest(a: KubeObject, b: KubeObject): number {
  return (
    compareStrings(b.metadata.creationTimestamp, a.metadata.creationTimestamp) ||
    Number(b.metadata.resourceVersion) - Number(a.metadata.resourceVersion) ||
    compareStrings(b.metadata.name, a.metadata.name)
  );
}

function newPod(draft: ClusterDraft, rs: ReplicaSet & KubeObject, ns: string): KubeObject {
  let name: string;
  do name = `${rs.metadata.name}-${randomSafeString(draft.ctx.random, 5)}`;
  while (draft.has('Pod', ns, name));
  const template = rs.spec?.template ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: `${rs.metadata.name}-`,
      namespace: ns,
      labels: { ...(template.metadata?.labels ?? {}) },
      ownerReferences: [ownerRef(rs)],
    },
    spec: structuredClone(template.spec ?? {}),
  } as unknown as KubeObject;
}

/** Recomputes ReplicaSet and Deployment status from the pods that exist now. */
export function updateWorkloadStatus(draft: ClusterDraft): void {
  const pods = draft.peek('Pod') as unknown as (Pod & KubeObject)[];
  const podsOf = (uid: string) => pods.filter((p) => controllerUid(p) === uid);
  const replicaSets = draft.peek('ReplicaSet') as (ReplicaSet & KubeObject)[];
  for (const rs of replicaSets) {
    const mine = podsOf(rs.metadata.uid);
    const ready = mine.filter(isPodReady).length;
    const failure = replicaFailure(draft, rs, mine.length, pods.length);
    const status = {
      replicas: mine.length,
      fullyLabeledReplicas: mine.length,
      ...(ready ? { readyReplicas: ready, availableReplicas: ready } : {}),
      observedGeneration: rs.metadata.generation ?? 1,
      ...(failure ? { conditions: [failure] } : {}),
    };
    putIfChanged(draft, rs, { ...rs, status } as KubeObject);
  }
  // Deployments read their ReplicaSets' fresh status (a ReplicaFailure shows on both at once).
  const updated = draft.peek('ReplicaSet') as (ReplicaSet & KubeObject)[];
  for (const d of draft.peek('Deployment') as (Deployment & KubeObject)[]) {
    putIfChanged(draft, d, {
      ...d,
      status: deploymentStatus(draft, d, updated, podsOf),
    } as KubeObject);
  }
}

function deploymentStatus(
  draft: ClusterDraft,
  d: Deployment & KubeObject,
  replicaSets: (ReplicaSet & KubeObject)[],
  podsOf: (uid: string) => Pod[],
) {
  const owned = replicaSets.filter((rs) => controllerUid(rs) === d.metadata.uid);
  const hash = podTemplateHash(d.spec?.template ?? {});
  const current = owned.find((rs) => rs.metadata.name === `${d.metadata.name}-${hash}`);
  const all = owned.flatMap((rs) => podsOf(rs.metadata.uid));
  const ready = all.filter(isPodReady).length;
  const updated = current ? podsOf(current.metadata.uid).length : 0;
  const desired = d.spec?.replicas ?? 1;
  const available = ready >= desired - Math.floor(desired / 4);
  const prev = d.status?.conditions ?? [];
  const rsFailure = (
    current?.status as { conditions?: { type: string; message?: string }[] } | undefined
  )?.conditions?.find((c) => c.type === 'ReplicaFailure');
  const condition = (type: string, status: string, reason: string, message: string) => {
    const old = prev.find((c) => c.type === type);
    const same = old && old.status === status && old.reason === reason;
    const at = same ? (old.lastTransitionTime ?? draft.timestamp()) : draft.timestamp();
    return {
      type,
      status,
      lastUpdateTime: same ? (old.lastUpdateTime ?? at) : at,
      lastTransitionTime: at,
      reason,
      message,
    };
  };
  return {
    observedGeneration: d.metadata.generation ?? 1,
    replicas: all.length,
    updatedReplicas: updated,
    ...(ready ? { readyReplicas: ready, availableReplicas: ready } : {}),
    ...(all.length - ready > 0 ? { unavailableReplicas: all.length - ready } : {}),
    conditions: [
      available
        ? condition(
            'Available',
            'True',
            'MinimumReplicasAvailable',
            'Deployment has minimum availability.',
          )
        : condition(
            'Available',
            'False',
            'MinimumReplicasUnavailable',
            'Deployment does not have minimum availability.',
          ),
      condition(
        'Progressing',
        'True',
        'NewReplicaSetAvailable',
        `ReplicaSet "${current?.metadata.name ?? ''}" has successfully progressed.`,
      ),
      ...(rsFailure
        ? [condition('ReplicaFailure', 'True', 'FailedCreate', rsFailure.message ?? '')]
        : []),
    ],
  };
}
