// Containers whose command ends, on the lab clock, as the kubelet carries them: a run starts
// (state running), ends after its planned seconds with an exit code (terminated: Completed or
// Error, StartError when the program is missing), and by restartPolicy either stays terminated
// (Never; OnFailure after exit 0) or restarts: at once the first time, then after a back-off of
// 10 s doubling to 5 min (reset once a run lasted 10 min), waiting in CrashLoopBackOff meanwhile.
// The pod ends Succeeded when every container exited 0 for good, Failed when one did not.
import type { Pod } from '../../schema/kube/pod';
import { mainProcess, type MainProcess } from './main-process';

export const BACKOFF_SECONDS = { initial: 10, max: 300, resetAfter: 600 } as const;

type Status = NonNullable<NonNullable<Pod['status']>['containerStatuses']>[number] & {
  containerID?: string;
  lastState?: { terminated?: Terminated };
};
interface Terminated {
  exitCode: number;
  reason: string;
  message?: string;
  startedAt: string;
  finishedAt: string;
  containerID?: string;
}

/** How one run ended. */
export interface RunResult {
  exitCode: number;
  reason?: 'StartError';
  message?: string;
}

const stamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Go's time.Duration text for whole seconds: `10s`, `1m20s`, `5m0s`. */
export function goDuration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m${seconds % 60}s`;
}

/** Seconds the kubelet waits before restart number `restart` (1-based) after a run of `ran` s. */
export function backoffSeconds(restart: number, ran: number): number {
  if (restart <= 1 || ran >= BACKOFF_SECONDS.resetAfter) return 0;
  return Math.min(BACKOFF_SECONDS.initial * 2 ** (restart - 2), BACKOFF_SECONDS.max);
}

const running = (cs: Status) =>
  (cs.state as { running?: { startedAt?: string } } | undefined)?.running;
const waitingReason = (cs: Status) =>
  (cs.state as { waiting?: { reason?: string } } | undefined)?.waiting?.reason;

/** A run of one container that has ended by `now` and waits to be carried out. */
export interface DueRun {
  namespace: string;
  pod: string;
  uid: string;
  container: string;
  process: Extract<MainProcess, { kind: 'command' }>;
  startedAt: string;
  /** When it ends (ms on the lab clock). */
  endsAt: number;
  restartCount: number;
}

function commandOf(pod: Pod, name: string) {
  const container = pod.spec?.containers?.find((c) => c.name === name);
  const process = container ? mainProcess(container) : undefined;
  return process?.kind === 'command' ? process : undefined;
}

/** Each running command container's end, and each back-off's end, as [ms, due run or undefined]. */
function deadlines(pod: Pod): { at: number; run?: DueRun }[] {
  if (pod.metadata.deletionTimestamp || pod.status?.phase !== 'Running') return [];
  const out: { at: number; run?: DueRun }[] = [];
  for (const cs of (pod.status.containerStatuses ?? []) as Status[]) {
    const process = commandOf(pod, cs.name);
    if (process === undefined) continue;
    const started = running(cs)?.startedAt;
    if (started !== undefined && process.seconds !== Infinity) {
      const endsAt = Date.parse(started) + process.seconds * 1000;
      const run = {
        namespace: pod.metadata.namespace ?? 'default',
        pod: pod.metadata.name ?? '',
        uid: pod.metadata.uid ?? '',
        container: cs.name,
        process,
        startedAt: started,
        endsAt,
        restartCount: cs.restartCount,
      };
      out.push({ at: endsAt, run });
    }
    const restartAt = restartTime(cs);
    if (restartAt !== undefined) out.push({ at: restartAt });
  }
  return out;
}

function restartTime(cs: Status): number | undefined {
  const last = cs.lastState?.terminated;
  if (waitingReason(cs) !== 'CrashLoopBackOff' || last === undefined) return undefined;
  const ran = (Date.parse(last.finishedAt) - Date.parse(last.startedAt)) / 1000;
  return Date.parse(last.finishedAt) + backoffSeconds(cs.restartCount, ran) * 1000;
}

/** The runs that have ended by `now` (ms), oldest first, at most `limit`. */
export function dueRuns(pods: readonly Pod[], now: number, limit: number): DueRun[] {
  const due = pods.flatMap((p) =>
    deadlines(p).flatMap((d) => (d.run && d.at <= now ? [d.run] : [])),
  );
  return due.sort((a, b) => a.endsAt - b.endsAt).slice(0, limit);
}

/** The next time (ms) a command container ends or leaves its back-off, if any does. */
export function nextRunDeadline(pods: readonly Pod[]): number | undefined {
  let next: number | undefined;
  for (const p of pods)
    for (const d of deadlines(p)) if (next === undefined || d.at < next) next = d.at;
  return next;
}

/** Phase and readiness conditions from the container states (kubelet getPhase, readiness). */
function withPhase(pod: Pod, statuses: Status[], at: string): Pod {
  const status = pod.status ?? {};
  const policy = pod.spec?.restartPolicy ?? 'Always';
  const done = statuses.every((cs) => cs.state !== undefined && 'terminated' in cs.state);
  const failed = statuses.some(
    (cs) =>
      ((cs.state as { terminated?: Terminated } | undefined)?.terminated?.exitCode ?? 0) !== 0,
  );
  const phase = done && policy !== 'Always' ? (failed ? 'Failed' : 'Succeeded') : 'Running';
  const unready = statuses.filter((cs) => !cs.ready).map((cs) => cs.name);
  const conditions = (status.conditions ?? []).map((c) => {
    if (c.type !== 'Ready' && c.type !== 'ContainersReady') {
      return c.type === 'PodReadyToStartContainers' && phase !== 'Running'
        ? { ...c, status: 'False', lastTransitionTime: at }
        : c;
    }
    const ok = unready.length === 0;
    if (ok === (c.status === 'True')) return c;
    const reason = phase === 'Running' ? 'ContainersNotReady' : 'PodCompleted';
    const message =
      phase === 'Running'
        ? { message: `containers with unready status: [${unready.join(' ')}]` }
        : {};
    return ok
      ? { type: c.type, status: 'True', lastTransitionTime: at }
      : { type: c.type, status: 'False', lastTransitionTime: at, reason, ...message };
  });
  return { ...pod, status: { ...status, phase, conditions, containerStatuses: statuses } };
}

/**
 * The pod after `run` ended with `result` at run.endsAt, or undefined when the pod moved on
 * meanwhile (deleted, re-created, or that run already carried out).
 */
export function finishRun(pod: Pod, run: DueRun, result: RunResult): Pod | undefined {
  if (pod.metadata.uid !== run.uid || pod.status?.phase !== 'Running') return undefined;
  const statuses = (pod.status.containerStatuses ?? []) as Status[];
  const cs = statuses.find((s) => s.name === run.container);
  if (
    cs === undefined ||
    running(cs)?.startedAt !== run.startedAt ||
    cs.restartCount !== run.restartCount
  )
    return undefined;
  const finishedAt = stamp(run.endsAt);
  const terminated: Terminated = {
    exitCode: result.exitCode,
    reason: result.reason ?? (result.exitCode === 0 ? 'Completed' : 'Error'),
    ...(result.message ? { message: result.message } : {}),
    startedAt: run.startedAt,
    finishedAt,
    ...(cs.containerID ? { containerID: cs.containerID } : {}),
  };
  const policy = pod.spec?.restartPolicy ?? 'Always';
  const restarts = policy === 'Always' || (policy === 'OnFailure' && result.exitCode !== 0);
  let next: Status;
  if (!restarts) {
    next = { ...cs, ready: false, started: false, state: { terminated } };
  } else {
    const restartCount = cs.restartCount + 1;
    const ran = (run.endsAt - Date.parse(run.startedAt)) / 1000;
    const wait = backoffSeconds(restartCount, ran);
    const ns = pod.metadata.namespace ?? 'default';
    const message = `back-off ${goDuration(Math.max(wait, BACKOFF_SECONDS.initial))} restarting failed container=${cs.name} pod=${pod.metadata.name ?? ''}_${ns}(${run.uid})`;
    const state =
      wait === 0
        ? { running: { startedAt: finishedAt } }
        : { waiting: { reason: 'CrashLoopBackOff', message } };
    next = {
      ...cs,
      ready: wait === 0,
      started: wait === 0,
      restartCount,
      state,
      lastState: { terminated },
    };
  }
  return withPhase(
    pod,
    statuses.map((s) => (s === cs ? next : s)),
    finishedAt,
  );
}

/** The pod with every container whose back-off ended by `now` (ms) running again; undefined if none. */
export function restartBackedOff(pod: Pod, now: number): Pod | undefined {
  if (pod.metadata.deletionTimestamp || pod.status?.phase !== 'Running') return undefined;
  const statuses = (pod.status.containerStatuses ?? []) as Status[];
  let at: string | undefined;
  const next = statuses.map((cs) => {
    const restartAt = restartTime(cs);
    if (restartAt === undefined || restartAt > now || commandOf(pod, cs.name) === undefined)
      return cs;
    at = stamp(restartAt);
    return { ...cs, ready: true, started: true, state: { running: { startedAt: at } } };
  });
  return at === undefined ? undefined : withPhase(pod, next, at);
}

/**
 * A pod's freshly computed running status with its command containers' runs carried over from
 * `before` (the kubelet does not restart a container because the pod object was written).
 */
export function carryRuns(before: Pod, computed: Pod, at: string): Record<string, unknown> {
  const prev = (before.status?.containerStatuses ?? []) as Status[];
  const fresh = (computed.status?.containerStatuses ?? []) as Status[];
  if (computed.status?.phase !== 'Running' || prev.length === 0) return computed.status ?? {};
  let carried = false;
  const statuses = fresh.map((cs) => {
    const old = prev.find((p) => p.name === cs.name);
    if (old === undefined || commandOf(computed, cs.name) === undefined) return cs;
    if (waitingReason(old) === 'ContainerCreating') return cs;
    carried = true;
    return old;
  });
  if (!carried) return computed.status ?? {};
  return withPhase(computed, statuses, at).status ?? {};
}

/**
 * The run `container` of `pod` is in, ended at `now` (ms): for a main process that ends because
 * someone ended it (`exit` in the shell `kubectl attach` / `run -it` talks to). Undefined when
 * the container is not running a command.
 */
export function runEndingNow(pod: Pod, container: string, now: number): DueRun | undefined {
  const cs = (pod.status?.containerStatuses ?? []).find((s) => s.name === container) as
    Status | undefined;
  const process = commandOf(pod, container);
  const started = cs && running(cs)?.startedAt;
  if (cs === undefined || process === undefined || started === undefined) return undefined;
  return {
    namespace: pod.metadata.namespace ?? 'default',
    pod: pod.metadata.name ?? '',
    uid: pod.metadata.uid ?? '',
    container,
    process,
    startedAt: started,
    endsAt: Math.max(now, Date.parse(started)),
    restartCount: cs.restartCount,
  };
}
