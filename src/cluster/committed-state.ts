// The lab state a committed write plan leads to, computed from the state it was planned on, so
// the next request reuses it instead of reading and parsing every object of the lab again (that
// re-read made each write cost O(lab): tens of milliseconds for a lab of a few MiB).
import type { ClusterState, WritePlan } from '../domain/lab/cluster-state';
import { keyString, type KubeObject } from '../domain/apimachinery/objects';
import { parseStored, plannedJson } from '../domain/registry/stored-size';

const keyOf = (o: { kind: string; namespace: string; name: string }) => keyString(o);
const objectKey = (o: KubeObject) =>
  keyOf({ kind: o.kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name });

// The order the store answers in: its primary key (kind, namespace, name), compared as bytes.
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
function byStoredKey(a: KubeObject, b: KubeObject): number {
  return (
    compare(a.kind, b.kind) ||
    compare(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
    compare(a.metadata.name, b.metadata.name)
  );
}

/**
 * `state` with `plan` applied, as loading it from the store would return it: written objects go
 * through JSON as the store keeps them (undefined fields dropped), untouched ones are shared.
 */
export function committedState(state: ClusterState, plan: WritePlan): ClusterState {
  const gone = new Set([...plan.deletes.map(keyOf), ...plan.upserts.map(objectKey)]);
  const written = plan.upserts.map((o) => parseStored(plannedJson(o)));
  const objects = [...state.objects.filter((o) => !gone.has(objectKey(o))), ...written];
  const nodePorts = new Set(state.allocations.nodePorts);
  const clusterIPs = new Set(state.allocations.clusterIPs);
  for (const a of plan.release) {
    if (a.kind === 'nodePort') nodePorts.delete(Number(a.value));
    else clusterIPs.delete(a.value);
  }
  for (const a of plan.allocate) {
    if (a.kind === 'nodePort') nodePorts.add(Number(a.value));
    else clusterIPs.add(a.value);
  }
  return {
    ...state,
    revision: plan.revision,
    objects: objects.sort(byStoredKey),
    allocations: { nodePorts, clusterIPs },
  };
}
