// Carries out the runs of containers whose command ended on the lab clock (container-runs.ts):
// runs each command in the simulated shell against the lab as it is now (curl's connections go
// through kube-proxy and count as hits), then commits the exit codes and the output (the run's
// container log) in one write; the hits are recorded only for the runs that write committed, so
// a run is never counted twice.
import type { ClusterState } from '../domain/lab/cluster-state';
import type { ClusterDraft } from '../domain/registry/draft';
import { dueRuns, finishRun, type DueRun, type RunResult } from '../domain/kubelet/container-runs';
import { runCommand, startErrorMessage, toolboxOf } from '../domain/kubelet/shell/index';
import type { KubeObject } from '../domain/apimachinery/objects';
import { currentRun, outputLines, writeContainerLog } from '../domain/kubelet/logs/container-log';
import { withKubeletFields } from '../domain/kubelet/pod-status';
import type { Pod } from '../schema/kube/pod';
import { podTraffic, type PodTraffic, type TrafficHost } from './pod-traffic';
import { trafficView } from './connections';

/** Runs carried out per read of the lab: a clock jump over a long crash loop catches up gradually. */
export const RUNS_PER_SETTLE = 16;

/** The part of LabCluster the kubelet's runs need. */
export interface KubeletHost extends TrafficHost {
  mutate<R>(labId: string, operation: (draft: ClusterDraft) => R): Promise<{ result: R }>;
}

interface Carried {
  run: DueRun;
  result: RunResult;
  stdout: string;
  stderr: string;
  traffic: PodTraffic;
}

function findPod(objects: readonly KubeObject[], run: DueRun): Pod | undefined {
  return objects.find(
    (o) =>
      o.kind === 'Pod' &&
      (o.metadata.namespace ?? 'default') === run.namespace &&
      o.metadata.name === run.pod,
  ) as unknown as Pod | undefined;
}

async function carryOut(
  host: KubeletHost,
  labId: string,
  state: ClusterState,
  run: DueRun,
): Promise<Carried | undefined> {
  const pod = findPod(state.objects, run);
  const container = pod?.spec?.containers?.find((c) => c.name === run.container);
  if (pod === undefined || container === undefined) return undefined;
  const { argv, missing } = run.process;
  if (missing) {
    const result = {
      exitCode: 128,
      reason: 'StartError' as const,
      message: startErrorMessage(argv[0] ?? ''),
    };
    return {
      run,
      result,
      stdout: '',
      stderr: '',
      traffic: await podTraffic(host, labId, state, false),
    };
  }
  const { programs } = toolboxOf(container.image);
  const traffic = await podTraffic(
    host,
    labId,
    state,
    programs.has('curl') || programs.has('wget'),
  );
  const ctx = {
    pod,
    container,
    view: trafficView(state),
    now: new Date(run.endsAt),
    connect: traffic.connect,
  };
  const r = runCommand(argv, ctx);
  return { run, result: { exitCode: r.exitCode }, stdout: r.stdout, stderr: r.stderr, traffic };
}

/**
 * Settles the lab on its clock: carries out the runs that have ended (at most RUNS_PER_SETTLE),
 * commits them with whatever else is due (deletions, back-offs), then records their traffic and
 * output. Without due runs it is the plain settling write.
 */
export async function settleRuns(
  host: KubeletHost,
  labId: string,
  state: ClusterState,
): Promise<void> {
  const now = host.labNow(state.settings).getTime();
  const pods = state.objects.filter((o) => o.kind === 'Pod') as unknown as Pod[];
  const due = dueRuns(pods, now, RUNS_PER_SETTLE);
  const carried = (await Promise.all(due.map((run) => carryOut(host, labId, state, run)))).filter(
    (c): c is Carried => c !== undefined,
  );
  const { result: applied } = await host.mutate(labId, (draft) => {
    const done: Carried[] = [];
    for (const c of carried) {
      const current = draft.get('Pod', c.run.namespace, c.run.pod) as unknown as Pod | undefined;
      const next = current && finishRun(current, c.run, c.result);
      if (next === undefined) continue;
      // What the run printed goes to the log of that run (the container ID it ran as).
      const run = currentRun(current!, c.run.container);
      if (run !== undefined) {
        const lines = outputLines(c.stdout + c.stderr, c.run.endsAt);
        const { namespace, pod, container } = c.run;
        if (lines.length) writeContainerLog(draft, { namespace, pod, container, run, lines });
      }
      next.status = withKubeletFields(next.status ?? {}, next, draft.settings.seed);
      draft.put(next as unknown as KubeObject);
      done.push(c);
    }
    return done;
  });
  await Promise.all(applied.map((c) => c.traffic.record(host, labId)));
}
