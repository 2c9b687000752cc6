// Graceful pod deletion, as kube-apiserver's pod strategy and the kubelet carry it out: a deleted
// pod first gets a deletionTimestamp (now + grace: Terminating). The kubelet then sends each
// container's stop signal (killContainer, with the grace period), records the containers'
// terminated status, and its status manager deletes the pod for good once all have exited.
// Containers whose main process exits on the signal (nginx, httpd, the Go servers; IMAGE_STOP)
// have exited EXIT_SECONDS after the delete and the pod is gone REMOVAL_SECONDS after it,
// whatever the grace period; a shell or `sleep` as PID 1 ignores SIGTERM, so its pod waits until
// the deadline, when the kubelet SIGKILLs it (exit 137) and deletes it at once: the lab removes it
// then. preStop hooks are not modelled.
import type { Pod } from '../../schema/kube/pod';
import type { ClusterDraft } from '../registry/draft';
import { clone, type KubeObject } from '../apimachinery/objects';
import { exitsOnStopSignal } from './containers/images';
import { nextRunDeadline } from './container-runs';

/**
 * Counted from the second of the delete (deletionTimestamp less the grace period; the timestamp
 * keeps whole seconds). nginx exits within milliseconds of SIGQUIT; the kubelet sees it on its next
 * relist (every second) and records it, then deletes the pod. Two seconds in all also outlast one
 * watch poll (1 s), so `kubectl get pods -w` shows the pod Terminating before it goes.
 */
export const EXIT_SECONDS = 1;
export const REMOVAL_SECONDS = 2;

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

/** When a terminating pod's containers exit and when the pod goes (ms on the lab clock). */
export function podStopTimes(obj: KubeObject): { exit: number; removal: number } | undefined {
  const at = obj.metadata.deletionTimestamp;
  if (at === undefined) return undefined;
  const deadline = Date.parse(at);
  const containers = (obj as unknown as Pod).spec?.containers ?? [];
  if (!containers.every(exitsOnStopSignal)) return { exit: deadline, removal: deadline };
  // A second, shorter delete counts from itself: the kubelet signals again.
  const start = deadline - (obj.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  return {
    exit: Math.min(deadline, start + EXIT_SECONDS * 1000),
    removal: Math.min(deadline, start + REMOVAL_SECONDS * 1000),
  };
}

function hasExited(obj: KubeObject): boolean {
  const phase = (obj as unknown as Pod).status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/**
 * The kubelet's side of a deletion on the lab clock: pods whose containers have all exited get
 * their terminated status, and pods past their removal time are removed.
 */
export function settleTerminatingPods(draft: ClusterDraft): void {
  const now = draft.ctx.now.getTime();
  for (const pod of draft.peek('Pod')) {
    const times = podStopTimes(pod);
    if (times === undefined) continue;
    if (times.removal <= now) {
      draft.remove('Pod', pod.metadata.namespace ?? '', pod.metadata.name);
    } else if (times.exit <= now && !hasExited(pod)) {
      draft.put(exitedPod(pod, new Date(times.exit)));
    }
  }
}

/**
 * The pod once its containers exited on the stop signal: each running container terminated with
 * status 0 (Completed), the rest as they were, and the terminal phase the kubelet gives a deleted
 * pod (getPhase with podIsTerminal: Succeeded when every container exited 0, else Failed).
 */
function exitedPod(obj: KubeObject, when: Date): KubeObject {
  const pod = clone(obj) as unknown as Pod;
  const finishedAt = when.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const status = pod.status ?? {};
  let failed = false;
  status.containerStatuses = (status.containerStatuses ?? []).map((cs) => {
    const running = (cs.state as { running?: { startedAt?: string } } | undefined)?.running;
    if (!running) {
      failed = true;
      return cs;
    }
    const { containerID } = cs as { containerID?: string };
    const terminated = {
      exitCode: 0,
      reason: 'Completed',
      startedAt: running.startedAt,
      finishedAt,
    };
    return {
      ...cs,
      ready: false,
      started: false,
      state: { terminated: containerID ? { ...terminated, containerID } : terminated },
    };
  });
  status.phase = failed ? 'Failed' : 'Succeeded';
  status.conditions = (status.conditions ?? []).map((c) =>
    c.type === 'Ready' || c.type === 'ContainersReady'
      ? { type: c.type, status: 'False', lastTransitionTime: finishedAt, reason: 'PodCompleted' }
      : c.type === 'PodReadyToStartContainers'
        ? { ...c, status: 'False', lastTransitionTime: finishedAt }
        : c,
  );
  pod.status = status;
  return pod as unknown as KubeObject;
}

/**
 * The next time (ms) a terminating pod exits or goes, or a command container ends or leaves its
 * back-off (container-runs.ts), or undefined when none waits.
 */
export function nextPodDeadline(objects: readonly KubeObject[]): number | undefined {
  let next = nextRunDeadline(objects.filter((o) => o.kind === 'Pod') as unknown as Pod[]);
  for (const o of objects) {
    const times = o.kind === 'Pod' ? podStopTimes(o) : undefined;
    if (times === undefined) continue;
    const ms = hasExited(o) ? times.removal : times.exit;
    if (next === undefined || ms < next) next = ms;
  }
  return next;
}
