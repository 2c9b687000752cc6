// Which pods a write can leave alone. The kubelet's simulation (runPods) is a pure function of a
// pod, its node and the ConfigMaps it mounts; every write settles every pod, so a pod that already
// has a node and an address and whose inputs this write did not touch would come out unchanged.
// Skipping those keeps a write proportional to what it changed, not to the size of the lab.
import type { Pod } from '../../schema/kube/pod';
import type { ClusterDraft } from '../registry/draft';

/** Whether `pod` is running settled and nothing it depends on changed in this draft. */
export function isSettledPod(draft: ClusterDraft, pod: Pod): boolean {
  const ns = pod.metadata.namespace ?? 'default';
  const node = pod.spec?.nodeName;
  if (!node || !pod.status?.podIP || pod.metadata.deletionTimestamp) return false;
  if (draft.changed('Pod', ns, pod.metadata.name ?? '') || draft.changed('Node', '', node))
    return false;
  return !(pod.spec?.volumes ?? []).some((v) => {
    const name = v.configMap?.name;
    return name !== undefined && draft.changed('ConfigMap', ns, name);
  });
}
