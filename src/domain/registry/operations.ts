// The verbs: apply, create, update, delete and scale, on a draft, with Kubernetes' answers.
import type { ClusterDraft } from './draft';
import { ApiError, alreadyExists, badRequest, conflict, notFound } from '../apimachinery/errors';
import { deletePodGracefully } from '../kubelet/pod-deletion';
import { clone, jsonEqual, type IncomingObject, type KubeObject } from '../apimachinery/objects';
import { randomSafeString } from '../apimachinery/random';
import { typeOf, type ResourceType } from '../apimachinery/resources';
import { strategyFor } from './strategies';

export type WriteMode = 'apply' | 'create' | 'update';
export type ApplyAction = 'created' | 'configured' | 'unchanged';

export interface WriteResult {
  action: ApplyAction;
  object: KubeObject;
}

/** Fields a client owns; a change in any of them makes an apply "configured". */
const CLIENT_FIELDS = ['spec', 'data', 'binaryData', 'immutable'] as const;

/** 405 for writes to a kind the cluster creates and updates itself. */
export function readOnlyError(type: ResourceType): ApiError {
  const name = type.group ? `${type.resource}.${type.group}` : type.resource;
  return new ApiError(
    405,
    'MethodNotAllowed',
    `${name} are read-only in NodePort Lab: the cluster creates and updates them itself`,
  );
}

/** Writes one object (create, update or apply); the draft is left untouched when it throws. */
export function writeObject(
  draft: ClusterDraft,
  type: ResourceType,
  incoming: IncomingObject,
  mode: WriteMode,
  defaultNamespace = 'default',
): WriteResult {
  const strategy = strategyFor(type);
  if (!strategy) throw readOnlyError(type);
  const obj = clone(incoming);
  const ns = type.namespaced ? (obj.metadata.namespace ?? defaultNamespace) : '';
  obj.metadata = { ...obj.metadata, ...(type.namespaced ? { namespace: ns } : {}) };
  if (!type.namespaced) delete obj.metadata.namespace;
  if (!obj.metadata.name && obj.metadata.generateName && mode === 'create') {
    obj.metadata.name = `${obj.metadata.generateName}${randomSafeString(draft.ctx.random, 5)}`;
  }
  if (type.namespaced && !draft.has('Namespace', '', ns)) {
    throw notFound(typeOf('Namespace'), ns);
  }
  const name = obj.metadata.name ?? '';
  const old = name ? draft.get(type.kind, ns, name) : undefined;
  if (old && mode === 'create') throw alreadyExists(type, name);
  if (!old && mode === 'update') throw notFound(type, name);
  const rv = obj.metadata.resourceVersion;
  if (old && rv && mode === 'update' && rv !== old.metadata.resourceVersion)
    throw conflict(type, name);
  const prepared = strategy.prepare(draft, obj, old);
  if (old && sameClientState(old, prepared)) return { action: 'unchanged', object: old };
  const stored = draft.put(withServerMetadata(prepared, old));
  return { action: old ? 'configured' : 'created', object: stored };
}

function sameClientState(old: KubeObject, next: IncomingObject): boolean {
  return (
    CLIENT_FIELDS.every((f) => jsonEqual(old[f], next[f])) &&
    jsonEqual(old.metadata.labels ?? {}, next.metadata.labels ?? {}) &&
    jsonEqual(old.metadata.annotations ?? {}, next.metadata.annotations ?? {})
  );
}

function withServerMetadata(obj: IncomingObject, old: KubeObject | undefined): KubeObject {
  const metadata = { ...obj.metadata, name: obj.metadata.name ?? '' };
  delete metadata.resourceVersion;
  // Only a delete starts termination: a client can neither set nor clear it.
  delete metadata.deletionTimestamp;
  delete metadata.deletionGracePeriodSeconds;
  if (old?.metadata.deletionTimestamp !== undefined) {
    metadata.deletionTimestamp = old.metadata.deletionTimestamp;
    metadata.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
  }
  if (old) {
    metadata.uid = old.metadata.uid;
    metadata.creationTimestamp = old.metadata.creationTimestamp;
    if (old.metadata.ownerReferences && !metadata.ownerReferences) {
      metadata.ownerReferences = old.metadata.ownerReferences;
    }
  } else {
    delete metadata.uid;
    delete metadata.creationTimestamp;
  }
  return { ...obj, metadata } as KubeObject;
}

export interface DeleteOptions {
  /** DeleteOptions.gracePeriodSeconds (pods only): 0 removes at once (`--grace-period=0 --force`). */
  gracePeriodSeconds?: number | undefined;
}

export interface DeleteResult {
  /** The object as it was removed, or as it is stored while it terminates. */
  object: KubeObject;
  /** False while the object waits out a grace period (a Terminating pod). */
  deleted: boolean;
}

/** Deletes one object and what it held; namespaces take their contents with them. */
export function deleteObject(
  draft: ClusterDraft,
  type: ResourceType,
  ns: string,
  name: string,
  options: DeleteOptions = {},
): DeleteResult {
  const strategy = strategyFor(type);
  if (!strategy) throw readOnlyError(type);
  const namespace = type.namespaced ? ns : '';
  const old = draft.get(type.kind, namespace, name);
  if (!old) throw notFound(type, name);
  if (type.kind === 'Namespace') {
    if (['default', 'kube-system', 'kube-public', 'kube-node-lease'].includes(name)) {
      throw new ApiError(
        403,
        'Forbidden',
        `namespaces "${name}" is forbidden: this namespace may not be deleted`,
      );
    }
    for (const kind of ['Service', 'Deployment', 'ReplicaSet', 'Pod', 'ConfigMap']) {
      for (const o of draft.list(kind, name)) removeWithRelease(draft, typeOf(kind), o);
    }
  }
  if (type.kind === 'Pod') {
    const terminating = deletePodGracefully(draft, old, options.gracePeriodSeconds);
    return terminating ? { object: terminating, deleted: false } : { object: old, deleted: true };
  }
  removeWithRelease(draft, type, old);
  return { object: old, deleted: true };
}

function removeWithRelease(draft: ClusterDraft, type: ResourceType, obj: KubeObject): void {
  draft.remove(type.kind, obj.metadata.namespace ?? '', obj.metadata.name);
  strategyFor(type)?.released?.(draft, obj);
}

/** Sets a deployment's replicas through the scale subresource. */
export function scaleDeployment(
  draft: ClusterDraft,
  ns: string,
  name: string,
  replicas: unknown,
): KubeObject {
  const type = typeOf('Deployment');
  const d = draft.get('Deployment', ns, name);
  if (!d) throw notFound(type, name);
  if (typeof replicas !== 'number' || !Number.isInteger(replicas)) {
    throw badRequest('Scale.spec.replicas must be an integer');
  }
  const spec = { ...(d.spec as Record<string, unknown>), replicas };
  return writeObject(draft, type, { ...d, spec }, 'update').object;
}
