// One pass of every controller after a change, so reads always see a settled cluster.
import type { Deployment, ReplicaSet } from '../../schema/kube/workloads';
import { ensureKubernetesService } from '../lab/bootstrap';
import { syncLoadBalancers } from '../cloud/service-controller';
import { controllerUid, syncDeployment, syncReplicaSet, updateWorkloadStatus } from './deployment';
import type { ClusterDraft } from '../registry/draft';
import type { KubeObject } from '../apimachinery/objects';
import { recordContainerStarts } from '../kubelet/logs/container-starts';
import { deletePodGracefully, isTerminating } from '../kubelet/pod-deletion';
import { runPods } from '../kubelet/pod-lifecycle';

/**
 * Brings the draft to a fixed point: the `kubernetes` Service exists, owners' children exist,
 * orphans are collected, pods run, the cloud's balancers have addresses.
 */
export function reconcile(draft: ClusterDraft): void {
  ensureKubernetesService(draft);
  // Every write leaves the workload controllers at a fixed point, so a write that touched none of
  // their objects would find nothing to do: skipping them keeps a ConfigMap write from costing a
  // pass over every Deployment (150 of them made that 2 s a write).
  if (touchesWorkloads(draft)) {
    collectGarbage(draft);
    for (const d of draft.peek('Deployment')) syncDeployment(draft, d as Deployment & KubeObject);
    for (const rs of draft.peek('ReplicaSet')) syncReplicaSet(draft, rs as ReplicaSet & KubeObject);
  }
  runPods(draft);
  recordContainerStarts(draft);
  if (touchesWorkloads(draft)) updateWorkloadStatus(draft);
  syncLoadBalancers(draft);
}

const touchesWorkloads = (draft: ClusterDraft) =>
  ['Deployment', 'ReplicaSet', 'Pod'].some((kind) => draft.changedKind(kind));

/** Deletes objects whose controlling owner is gone, repeatedly (deployment -> RS -> pods). */
export function collectGarbage(draft: ClusterDraft): void {
  for (;;) {
    const uids = new Set<string>();
    const all = ['Deployment', 'ReplicaSet', 'Pod'].flatMap((k) => draft.peek(k));
    for (const o of all) uids.add(o.metadata.uid);
    const orphans = all.filter((o) => {
      const owner = controllerUid(o);
      return owner !== undefined && !uids.has(owner) && !isTerminating(o);
    });
    if (orphans.length === 0) return;
    for (const o of orphans) {
      // The garbage collector deletes pods as a client would: gracefully.
      if (o.kind === 'Pod') deletePodGracefully(draft, o, undefined);
      else draft.remove(o.kind, o.metadata.namespace ?? '', o.metadata.name);
    }
  }
}
