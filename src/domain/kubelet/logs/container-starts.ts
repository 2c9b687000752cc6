// The kubelet side of logs: when a reconcile starts a container (a new run: a container ID its
// pod did not have before), that run's start-up output is written, and the logs of the runs the
// kubelet no longer keeps go.
import type { ConfigMap, Node } from '../../../schema/kube/core';
import type { Pod } from '../../../schema/kube/pod';
import type { ClusterDraft } from '../../registry/draft';
import { keyString } from '../../apimachinery/objects';
import { containerServers } from '../containers/answers';
import { draftLogs, writeContainerLog, type LogLine } from './container-log';
import { startupOutput } from './startup-output';

interface RunStatus {
  name: string;
  containerID?: string;
  lastState?: { terminated?: { containerID?: string } };
}

function runsOf(pod: Pod | undefined): Map<string, RunStatus> {
  const statuses = (pod?.status?.containerStatuses ?? []) as RunStatus[];
  return new Map(statuses.map((s) => [s.name, s]));
}

/** Every run a status names: the current one and the last terminated one. */
function knownRuns(status: RunStatus | undefined): Set<string> {
  const out = new Set<string>();
  if (status?.containerID) out.add(status.containerID);
  const last = status?.lastState?.terminated?.containerID;
  if (last) out.add(last);
  return out;
}

function nodeFacts(nodes: readonly Node[], name: string | undefined) {
  const node = nodes.find((n) => n.metadata.name === name);
  const cpus = Number.parseInt(String(node?.status?.capacity?.cpu ?? '1'), 10);
  return {
    kernel: String(
      (node?.status as { nodeInfo?: { kernelVersion?: string } } | undefined)?.nodeInfo
        ?.kernelVersion ?? '',
    ),
    cpus: Number.isFinite(cpus) ? Math.min(cpus, 64) : 1,
  };
}

/**
 * Writes the start-up output of every container run this draft started. Runs are told apart by
 * container ID, so a restart (a new restartCount, a new ID) writes its start-up again, and a pod
 * re-created under the same name (a new uid) starts afresh. Idempotent per draft.
 */
export function recordContainerStarts(draft: ClusterDraft): void {
  const written = draft.written().filter((o) => o.kind === 'Pod') as unknown as Pod[];
  if (written.length === 0) return;
  const before = new Map(
    draft.state.objects
      .filter((o) => o.kind === 'Pod')
      .map((o) => [
        keyString({ kind: 'Pod', namespace: o.metadata.namespace ?? '', name: o.metadata.name }),
        o as unknown as Pod,
      ]),
  );
  const logged = new Set(draftLogs(draft).map((w) => w.run));
  const nodes = draft.peek('Node') as unknown as Node[];
  const configMaps = draft.peek('ConfigMap') as unknown as ConfigMap[];
  const time = draft.ctx.now.getTime();
  for (const pod of written) {
    const key = keyString({
      kind: 'Pod',
      namespace: pod.metadata.namespace ?? '',
      name: pod.metadata.name ?? '',
    });
    const old = before.get(key);
    const oldRuns =
      old?.metadata.uid === pod.metadata.uid ? runsOf(old) : new Map<string, RunStatus>();
    for (const [name, status] of runsOf(pod)) {
      const had = knownRuns(oldRuns.get(name));
      const runs = knownRuns(status);
      const started = [...runs].filter((r) => !had.has(r) && !logged.has(r));
      for (const run of started) {
        const container = pod.spec?.containers?.find((c) => c.name === name);
        if (!container) continue;
        const failure = containerServers(pod, configMaps).find(
          (s) => s.container === name,
        )?.failure;
        const at = { ...nodeFacts(nodes, pod.spec?.nodeName), time, failure };
        const lines: LogLine[] = startupOutput(pod, container, configMaps, at).map((text) => ({
          time,
          text,
        }));
        writeContainerLog(draft, {
          namespace: pod.metadata.namespace ?? 'default',
          pod: pod.metadata.name ?? '',
          container: name,
          run,
          lines,
          starts: true,
          // Older runs exist only when this one restarts a container the pod already ran.
          ...(had.size ? { keepRuns: [...runs] } : {}),
        });
        logged.add(run);
      }
    }
  }
}
