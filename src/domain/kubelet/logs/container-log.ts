// Container logs as the kubelet keeps them: one log per run of a container (a restart is a new
// run, with a new container ID), each a ring that keeps its newest lines, the previous run kept
// for `--previous`, and nothing of a pod once the pod is gone. Lines are written in the same
// atomic write as what produced them (a container start with the commit that starts it), but for
// access lines, which a store may buffer for a moment (Node's does: src/db/sqlite.ts).
import type { Pod } from '../../../schema/kube/pod';
import type { ClusterDraft } from '../../registry/draft';

export type { ContainerLogWrite, LogLine, LogRun } from './log-types';
import type { ContainerLogWrite, LogLine } from './log-types';

/**
 * The bounds of a lab's logs. The kubelet rotates a container's log at 10 MiB and keeps five
 * files; a lab is read by people, so a run keeps its newest 1,000 lines (what a lesson's
 * `kubectl logs` ever shows), and a lab its newest 10,000 lines in all, so 200 busy pods cannot
 * grow a lab's rows without bound. A line longer than 2 KiB is cut there (a long User-Agent).
 * Rings are trimmed when a write crosses a multiple of `trimEvery` connections (and at every
 * commit that writes lines), so a ring may hold up to that many lines more until then. A store
 * may keep up to `rowLines` consecutive lines of a run together and trim whole groups, so a ring
 * may also keep up to `rowLines - 1` lines older than its bound.
 */
export const LOG_BOUNDS = {
  linesPerRun: 1000,
  linesPerLab: 10_000,
  lineChars: 2048,
  trimEvery: 256,
  rowLines: 64,
} as const;

/** Lines a run's ring may hold at most: a read of this many lines from its start gets it all. */
export const RING_READ_LIMIT = LOG_BOUNDS.linesPerRun + LOG_BOUNDS.trimEvery + LOG_BOUNDS.rowLines;

/** `text` cut to the line bound. */
export function clipLine(text: string): string {
  return text.length > LOG_BOUNDS.lineChars ? text.slice(0, LOG_BOUNDS.lineChars) : text;
}

/** The lines of `output` as a program writes them: split at newlines, a final newline ending the last. */
export function outputLines(output: string, time: number): LogLine[] {
  if (output === '') return [];
  const parts = output.split('\n');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts.map((text) => ({ time, text: clipLine(text) }));
}

const writes = new WeakMap<ClusterDraft, ContainerLogWrite[]>();

/** The log lines `draft` will commit, in the order they were written. */
export function draftLogs(draft: ClusterDraft): ContainerLogWrite[] {
  return writes.get(draft) ?? [];
}

/** Queues `write` to be committed with `draft`; lines of one run append in call order. */
export function writeContainerLog(draft: ClusterDraft, write: ContainerLogWrite): void {
  let list = writes.get(draft);
  if (!list) writes.set(draft, (list = []));
  list.push({ ...write, lines: write.lines.slice(-LOG_BOUNDS.linesPerRun) });
}

/** The run (container ID) a container of `pod` is in, or its last run if it is not running. */
export function currentRun(pod: Pod, container: string): string | undefined {
  const status = pod.status?.containerStatuses?.find((s) => s.name === container) as
    { containerID?: string } | undefined;
  return status?.containerID || undefined;
}

/** Whether `run` is the run `container` of `pod` is running now (a follower's log goes on). */
export function isRunning(pod: Pod, container: string, run: string): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  const status = pod.status?.containerStatuses?.find((s) => s.name === container);
  return status?.state?.running !== undefined && currentRun(pod, container) === run;
}

/**
 * For other kubelet code (a command that runs to completion): appends what `container` of `pod`
 * printed (stdout and stderr as one stream, as `kubectl logs` shows them) to its current run, at
 * the draft's lab time. `pod` must carry the status that names the run (its containerID). Returns
 * false when the container has no run yet (still being created), and nothing is written.
 */
export function appendContainerOutput(
  draft: ClusterDraft,
  pod: Pod,
  container: string,
  output: string,
): boolean {
  const run = currentRun(pod, container);
  if (run === undefined) return false;
  writeContainerLog(draft, {
    namespace: pod.metadata.namespace ?? 'default',
    pod: pod.metadata.name ?? '',
    container,
    run,
    lines: outputLines(output, draft.ctx.now.getTime()),
  });
  return true;
}
