// The pods table (kubernetes pkg/printers/internalversion printPod), for the pod fields we model.
import type { Pod } from '../../schema/kube/pod';
import { readinessGatesCell } from '../kubelet/pod-status';
import { ageSince } from './age';
import { ageCell, ageColumn, column, nameColumn, row, type Table } from './table';

/** NAME READY STATUS RESTARTS AGE, wide adds IP NODE NOMINATED NODE READINESS GATES. */
export function podTable(pods: readonly Pod[], now: Date): Table {
  return {
    columns: [
      nameColumn,
      column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
      column('Status', 'string', 'The aggregate status of the containers in this pod.'),
      column(
        'Restarts',
        'string',
        'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
      ),
      ageColumn,
      column(
        'IP',
        'string',
        'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
        1,
      ),
      column('Node', 'string', 'NodeName indicates in which node this pod is scheduled.', 1),
      column(
        'Nominated Node',
        'string',
        'nominatedNodeName is set only when this pod preempts other pods on the node.',
        1,
      ),
      column(
        'Readiness Gates',
        'string',
        'If specified, all readiness gates will be evaluated for pod readiness.',
        1,
      ),
    ],
    rows: pods.map((pod) => {
      const statuses = pod.status?.containerStatuses ?? [];
      const total = pod.spec?.containers?.length ?? statuses.length;
      const ready = statuses.filter((s) => s.ready).length;
      const restarts = statuses.reduce((sum, s) => sum + s.restartCount, 0);
      const restarted = lastRestart(statuses);
      return row(pod, [
        pod.metadata.name ?? '',
        `${ready}/${total}`,
        podStatus(pod),
        restarts !== 0 && restarted
          ? `${restarts} (${ageSince(restarted, now)} ago)`
          : String(restarts),
        ageCell(pod, now),
        pod.status?.podIPs?.[0]?.ip || pod.status?.podIP || '<none>',
        pod.spec?.nodeName || '<none>',
        '<none>',
        readinessGatesCell(pod),
      ]);
    }),
  };
}

/** The latest finishedAt of the containers' last terminations (printPod's lastRestartDate). */
function lastRestart(statuses: readonly object[]): string | undefined {
  let latest: string | undefined;
  for (const s of statuses) {
    const last = (s as { lastState?: { terminated?: { finishedAt?: string } } }).lastState;
    const at = last?.terminated?.finishedAt;
    if (at && (latest === undefined || Date.parse(at) > Date.parse(latest))) latest = at;
  }
  return latest;
}

interface ContainerState {
  waiting?: { reason?: string };
  terminated?: { reason?: string; signal?: number; exitCode?: number };
  running?: unknown;
}

/** STATUS: the phase, overridden by a waiting/terminated container reason, or `Terminating`. */
export function podStatus(pod: Pod): string {
  let reason = pod.status?.phase || 'Pending';
  let hasRunning = false;
  const statuses = pod.status?.containerStatuses ?? [];
  for (const status of [...statuses].reverse()) {
    const state = (status.state ?? {}) as ContainerState;
    if (state.waiting?.reason) {
      reason = state.waiting.reason;
    } else if (state.terminated) {
      const t = state.terminated;
      reason = t.reason || (t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode ?? 0}`);
    } else if (state.running && status.ready) {
      hasRunning = true;
    }
  }
  if (reason === 'Completed' && hasRunning) {
    const ready = pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    reason = ready ? 'Running' : 'NotReady';
  }
  if (pod.metadata.deletionTimestamp) reason = 'Terminating';
  return reason;
}
