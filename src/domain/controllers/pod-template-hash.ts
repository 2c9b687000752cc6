// The pod-template-hash that names a Deployment's ReplicaSets, and how the controller finds the
// ReplicaSet already running a template.
import type { PodTemplateSpec } from '../../schema/kube/pod';
import type { Deployment, ReplicaSet } from '../../schema/kube/workloads';
import type { ClusterDraft } from '../registry/draft';
import { compareStrings, jsonEqual, type KubeObject } from '../apimachinery/objects';
import { fnv32a, safeEncodeString } from '../apimachinery/random';

/** The label a ReplicaSet and its pods carry, and its selector adds. */
export const HASH_LABEL = 'pod-template-hash';

/**
 * The pod-template-hash: FNV-32a of the (defaulted) template, spelled in kube's safe alphabet, as
 * controller.ComputeHash does; `collision` is mixed in like status.collisionCount. The template
 * is hashed as canonical JSON rather than Go's deep-printed struct, so values differ from a real
 * cluster's, but the same template always gets the same hash.
 */
export function podTemplateHash(template: PodTemplateSpec, collision = 0): string {
  const text = canonicalJson(template) + (collision ? `#${collision}` : '');
  return safeEncodeString(String(fnv32a(text)));
}

/** A hash whose ReplicaSet name no other template of the namespace holds (collisionCount). */
export function freeHash(draft: ClusterDraft, d: Deployment & KubeObject, ns: string): string {
  const template = d.spec?.template ?? {};
  for (let collision = 0; ; collision++) {
    const hash = podTemplateHash(template, collision);
    if (!draft.has('ReplicaSet', ns, `${d.metadata.name}-${hash}`)) return hash;
  }
}

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

/** EqualIgnoreHash: the RS runs the deployment's template (its pod-template-hash label aside). */
export function runsTemplate(rs: ReplicaSet, template: PodTemplateSpec): boolean {
  const labels = { ...rs.spec?.template?.metadata?.labels };
  delete labels[HASH_LABEL];
  const mine = rs.spec?.template ?? {};
  const a = { ...mine, metadata: { ...mine.metadata, labels } };
  const b = {
    ...template,
    metadata: { ...template.metadata, labels: template.metadata?.labels ?? {} },
  };
  return jsonEqual(a, b);
}
