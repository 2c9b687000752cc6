// Graceful pod deletion, as kube-apiserver's pod strategy and the kubelet carry it out: a deleted
// pod first gets a deletionTimestamp (now + grace: Terminating). The kubelet then sends each
// container's stop signal (killContainer, with the grace period); once every container has exited
// its status manager deletes the pod for good. Containers whose main process exits on the signal
// (nginx, httpd, the Go servers; see IMAGE_STOP) are gone PROMPT_EXIT_SECONDS after the delete
// whatever the grace period; a shell or `sleep` as PID 1 ignores SIGTERM, so its pod waits until
// the deadline, when the kubelet SIGKILLs it. preStop hooks are not modelled.
import type { Pod } from '../schema/pod';
import type { ClusterDraft } from './draft';
import type { KubeObject } from './objects';
import { exitsOnStopSignal } from './traffic/container-images';

/**
 * From the delete to the pod's removal when its containers exit on the stop signal: nginx exits
 * within milliseconds, the kubelet notices on its next relist (every second) and then deletes the
 * pod. Two seconds also outlasts one watch poll (1 s), so `kubectl get pods -w` shows Terminating.
 */
export const PROMPT_EXIT_SECONDS = 2;

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

/**
 * When the kubelet has deleted a terminating pod (ms on the lab clock): PROMPT_EXIT_SECONDS after
 * the delete when every container exits on its stop signal, never later than deletionTimestamp.
 * A second, shorter delete restarts the count from itself (the kubelet signals again).
 */
export function podRemovalTime(obj: KubeObject): number | undefined {
  const at = obj.metadata.deletionTimestamp;
  if (at === undefined) return undefined;
  const deadline = Date.parse(at);
  const containers = (obj as unknown as Pod).spec?.containers ?? [];
  if (!containers.every(exitsOnStopSignal)) return deadline;
  const start = deadline - (obj.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  return Math.min(deadline, start + PROMPT_EXIT_SECONDS * 1000);
}

/** The kubelet's last step: terminating pods whose containers are all gone are removed. */
export function removeFinishedPods(draft: ClusterDraft): void {
  const now = draft.ctx.now.getTime();
  for (const pod of draft.list('Pod')) {
    const at = podRemovalTime(pod);
    if (at !== undefined && at <= now) {
      draft.remove('Pod', pod.metadata.namespace ?? '', pod.metadata.name);
    }
  }
}

/** The earliest removal time among the objects' terminating pods (ms), or undefined when none waits. */
export function nextPodDeadline(objects: readonly KubeObject[]): number | undefined {
  let next: number | undefined;
  for (const o of objects) {
    const ms = o.kind === 'Pod' ? podRemovalTime(o) : undefined;
    if (ms === undefined) continue;
    if (next === undefined || ms < next) next = ms;
  }
  return next;
}
