// The Deployment and ReplicaSet controllers: replicas kept true, instantly, deterministically.
import type { Pod } from '../../schema/kube/pod';
import type { Deployment, ReplicaSet } from '../../schema/kube/workloads';
import type { ClusterDraft } from '../registry/draft';
import { clone, compareStrings, jsonEqual, type KubeObject } from '../apimachinery/objects';
import { defaultPod } from '../registry/pod/defaults';
import { deletePodGracefully, isTerminating } from '../kubelet/pod-deletion';
import { isPodReady } from '../kubelet/pod-lifecycle';
import { exceededQuotaText, LAB_QUOTA } from '../registry/quota';
import { freeHash, HASH_LABEL, runsTemplate } from './pod-template-hash';
import { randomSafeString } from '../apimachinery/random';

/**
 * Pods one lab may hold (the lab quota): a ReplicaSet that would exceed it creates what fits and
 * reports ReplicaFailure, as with a ResourceQuota, so `replicas: 100000` cannot exhaust the server.
 */
export const MAX_PODS_PER_LAB = LAB_QUOTA.pods;

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

/** The revision the deployment controller stamps on a deployment and its ReplicaSets. */
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
const REVISION = REVISION_ANNOTATION;
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';

/**
 * Makes the deployment's current ReplicaSet carry all replicas and scales the old ones to 0. The
 * current one is found by template (FindNewReplicaSet), so `rollout undo` reuses the old
 * ReplicaSet; it then takes the next revision, and the deployment carries that revision.
 */
export function syncDeployment(draft: ClusterDraft, d: Deployment & KubeObject): void {
  const ns = d.metadata.namespace ?? 'default';
  const template = d.spec?.template ?? {};
  const owned = draft
    .peek('ReplicaSet', ns)
    .filter((rs) => controllerUid(rs) === d.metadata.uid) as (ReplicaSet & KubeObject)[];
  const current = owned.find((r) => runsTemplate(r, template));
  const hash = current?.metadata.labels?.[HASH_LABEL] ?? freeHash(draft, d, ns);
  const name = current?.metadata.name ?? `${d.metadata.name}-${hash}`;
  const labels = { ...(template.metadata?.labels ?? {}), [HASH_LABEL]: hash };
  const others = owned.filter((r) => r !== current);
  const next = Math.max(0, ...others.map(revisionOf)) + 1;
  const had = current ? revisionOf(current) : 0;
  const revision = Math.max(had, next);
  const history = current?.metadata.annotations?.[REVISION_HISTORY];
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
        [REVISION]: String(revision),
        ...(had && had !== revision
          ? { [REVISION_HISTORY]: history ? `${history},${had}` : String(had) }
          : history
            ? { [REVISION_HISTORY]: history }
            : {}),
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
  if (d.metadata.annotations?.[REVISION] !== String(revision)) {
    const annotations = { ...d.metadata.annotations, [REVISION]: String(revision) };
    draft.put({ ...d, metadata: { ...d.metadata, annotations } });
  }
  const limit = d.spec?.revisionHistoryLimit ?? 10;
  others
    .sort((a, b) => revisionOf(b) - revisionOf(a))
    .forEach((r, i) => {
      if (i >= limit) return void draft.remove('ReplicaSet', ns, r.metadata.name);
      putIfChanged(draft, r, { ...r, spec: { ...r.spec, replicas: 0 } } as unknown as KubeObject);
    });
}

function revisionOf(rs: {
  metadata: { annotations?: Record<string, string> | undefined };
}): number {
  return Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0) || 0;
}

/**
 * Creates or deletes the ReplicaSet's pods until exactly spec.replicas are active. Terminating
 * pods do not count (FilterActivePods): their replacements start at once, and a scale-down
 * deletes each pod gracefully, once.
 */
export function syncReplicaSet(draft: ClusterDraft, rs: ReplicaSet & KubeObject): void {
  const ns = rs.metadata.namespace ?? 'default';
  const pods = draft
    .peek('Pod', ns)
    .filter((p) => controllerUid(p) === rs.metadata.uid && !isTerminating(p));
  const want = rs.spec?.replicas ?? 1;
  // Scale down newest first, as the ReplicaSet controller prefers deleting the youngest pods.
  const doomed = [...pods].sort(byNewest).slice(0, Math.max(0, pods.length - want));
  for (const p of doomed) deletePodGracefully(draft, p, undefined);
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
  // Created through the API, so with the Pod defaults templates lack (enableServiceLinks).
  return defaultPod({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: `${rs.metadata.name}-`,
      namespace: ns,
      labels: { ...(template.metadata?.labels ?? {}) },
      ownerReferences: [ownerRef(rs)],
    },
    spec: clone(template.spec ?? {}),
  }) as unknown as KubeObject;
}

/** Recomputes ReplicaSet and Deployment status from the pods that exist now. */
export function updateWorkloadStatus(draft: ClusterDraft): void {
  const pods = draft.peek('Pod') as unknown as (Pod & KubeObject)[];
  // Status counts active pods only (terminatingReplicas is an alpha field, off by default).
  const podsOf = (uid: string) => pods.filter((p) => controllerUid(p) === uid && !isTerminating(p));
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
  const current = owned.find((rs) => runsTemplate(rs, d.spec?.template ?? {}));
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
