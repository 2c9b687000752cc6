// Graceful pod deletion, as kube-apiserver's pod strategy and the kubelet carry it out: a deleted
// pod first gets a deletionTimestamp (Terminating) and is removed once the lab clock passes it.
// The lab's containers ignore SIGTERM, so every pod waits out its whole grace period.
import type { Pod } from '../schema/pod';
import type { ClusterDraft } from './draft';
import type { KubeObject } from './objects';

/** Ten years: a longer grace period would only push the deadline past what a Date can hold. */
const MAX_GRACE_SECONDS = 10 * 365 * 24 * 3600;

/**
 * The grace period a delete gets (CheckGracefulDelete): the one asked for, else the pod's
 * terminationGracePeriodSeconds; 0 for a pod never scheduled or already terminal.
 */
export function podGracePeriod(pod: Pod, requested: number | undefined): number {
  if (!pod.spec?.nodeName) return 0;
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return 0;
  const period = requested ?? pod.spec.terminationGracePeriodSeconds ?? 30;
  // A negative period means "as soon as possible", which kube-apiserver turns into 1 second.
  return Math.min(period < 0 ? 1 : period, MAX_GRACE_SECONDS);
}

/**
 * Deletes a pod gracefully: removes it at once when the grace period is 0, else stamps
 * deletionTimestamp = now + grace and deletionGracePeriodSeconds. A pod already terminating
 * only ever moves its deadline earlier. Answers the pod as stored, or undefined once removed.
 */
export function deletePodGracefully(
  draft: ClusterDraft,
  obj: KubeObject,
  requested: number | undefined,
): KubeObject | undefined {
  const pod = obj as unknown as Pod;
  const grace = podGracePeriod(pod, requested);
  const ns = obj.metadata.namespace ?? '';
  if (grace === 0) {
    draft.remove('Pod', ns, obj.metadata.name);
    return undefined;
  }
  const deadline = new Date(draft.ctx.now.getTime() + grace * 1000);
  const current = pod.metadata.deletionTimestamp;
  if (current && Date.parse(current) <= deadline.getTime()) return obj;
  const metadata = {
    ...obj.metadata,
    deletionTimestamp: deadline.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    deletionGracePeriodSeconds: grace,
  };
  return draft.put({ ...obj, metadata });
}

/** True while the pod waits out its grace period. */
export function isTerminating(obj: { metadata: { deletionTimestamp?: string | undefined } }) {
  return obj.metadata.deletionTimestamp !== undefined;
}

/** The kubelet's last step: pods whose grace period has ended on the lab clock are removed. */
export function removeFinishedPods(draft: ClusterDraft): void {
  const now = draft.ctx.now.getTime();
  for (const pod of draft.list('Pod')) {
    const at = pod.metadata.deletionTimestamp;
    if (at !== undefined && Date.parse(at) <= now) {
      draft.remove('Pod', pod.metadata.namespace ?? '', pod.metadata.name);
    }
  }
}

/** The earliest deletionTimestamp among the objects' pods (ms), or undefined when none waits. */
export function nextPodDeadline(objects: readonly KubeObject[]): number | undefined {
  let next: number | undefined;
  for (const o of objects) {
    const at = o.kind === 'Pod' ? o.metadata.deletionTimestamp : undefined;
    if (at === undefined) continue;
    const ms = Date.parse(at);
    if (next === undefined || ms < next) next = ms;
  }
  return next;
}
