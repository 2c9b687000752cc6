// Writes through a /status subresource, with kube-apiserver's status strategies: the status of
// the body is taken, the spec (and what else each strategy resets) is the stored one's; the
// main update path does the reverse (strategies.ts keeps the old status).
import type { ClusterDraft } from './draft';
import { conflict, invalidError, notFound } from '../apimachinery/errors';
import type { FieldError } from '../apimachinery/field-errors';
import { clone, type IncomingObject, type KubeObject } from '../apimachinery/objects';
import type { WriteResult } from './operations';
import type { ResourceType } from '../apimachinery/resources';
import {
  defaultIngressIpMode,
  validateDeploymentStatus,
  validateServiceStatus,
} from './status-validation';

type Obj = Record<string, unknown>;

/** Pod status fields only the kubelet sets. */
const KUBELET_STATUS_FIELDS = ['phase', 'podIP', 'podIPs', 'startTime'] as const;

/** The kinds served with a status subresource. */
export const STATUS_KINDS = new Set(['Pod', 'Service', 'Deployment']);

/**
 * PrepareForUpdate of each status strategy: Service keeps its spec; Pod its spec and
 * ownerReferences (and qosClass when the body has none, and what the kubelet resets at once);
 * Deployment its spec and labels.
 */
function prepareStatus(kind: string, next: IncomingObject, old: KubeObject): IncomingObject {
  const out: IncomingObject = { ...next, metadata: { ...next.metadata } };
  if (old.spec === undefined) delete out.spec;
  else out.spec = clone(old.spec as Obj);
  const keep = (
    field: 'ownerReferences' | 'deletionTimestamp' | 'deletionGracePeriodSeconds' | 'labels',
  ) => {
    if (old.metadata[field] === undefined) delete out.metadata[field];
    else out.metadata[field] = clone(old.metadata)[field] as never;
  };
  if (kind === 'Pod') {
    keep('ownerReferences');
    const status = { ...((out.status ?? {}) as Obj) };
    const oldStatus = (old.status ?? {}) as Obj;
    if (!status.qosClass && oldStatus.qosClass) status.qosClass = oldStatus.qosClass;
    // The phase and the sandbox's address and start are the kubelet's: it writes its own back on its next
    // sync, which the lab's kubelet runs at once (a client's podIP would become the address).
    for (const field of KUBELET_STATUS_FIELDS) {
      if (oldStatus[field] === undefined) delete status[field];
      else status[field] = clone(oldStatus[field]);
    }
    out.status = status;
  }
  if (kind === 'Deployment') keep('labels');
  // Kept by every update (rest.BeforeUpdate): identity, creation time, generation, and the
  // deletion fields (only a delete sets them; no update may remove or change them).
  keep('deletionTimestamp');
  keep('deletionGracePeriodSeconds');
  out.metadata.uid = old.metadata.uid;
  out.metadata.creationTimestamp = old.metadata.creationTimestamp;
  if (old.metadata.generation === undefined) delete out.metadata.generation;
  else out.metadata.generation = old.metadata.generation;
  return out;
}

function statusErrors(kind: string, obj: IncomingObject): FieldError[] {
  if (kind === 'Service') return validateServiceStatus(obj);
  if (kind === 'Deployment') return validateDeploymentStatus(obj);
  return [];
}

/**
 * Replaces the status of a stored object (PUT or PATCH on `/status`). A resourceVersion in the
 * body must match; the controllers and the simulated kubelet then run as after any write, so
 * what they own (pod phase, deployment replica counts) is theirs again in the answer.
 */
export function updateStatus(
  draft: ClusterDraft,
  type: ResourceType,
  incoming: IncomingObject,
  namespace: string,
): WriteResult {
  const ns = type.namespaced ? namespace : '';
  const name = incoming.metadata.name ?? '';
  const old = draft.get(type.kind, ns, name);
  if (!old) throw notFound(type, name);
  const rv = incoming.metadata.resourceVersion;
  if (rv && rv !== old.metadata.resourceVersion) throw conflict(type, name);
  const prepared = prepareStatus(type.kind, clone(incoming), old);
  if (type.namespaced) prepared.metadata.namespace = ns;
  if (type.kind === 'Service') defaultIngressIpMode(prepared.status);
  const errors = statusErrors(type.kind, prepared);
  if (errors.length) throw invalidError(type, name, errors);
  delete prepared.metadata.resourceVersion;
  const stored = draft.put({ ...prepared, metadata: { ...prepared.metadata, name } } as KubeObject);
  return { action: 'configured', object: stored };
}
