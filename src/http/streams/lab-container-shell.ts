// The container shell of a lab's pod, for exec and attach: the simulated shell run by the cluster
// adapter (src/cluster/pod-exec.ts), which reads the lab's state for each command and records the
// connections a command made (curl, wget) as hits; the container's own shell ending (attach)
// ends its run as the kubelet would.
import { endMainProcess, execInPod, openPodShell } from '../../cluster/pod-exec';
import { RING_READ_LIMIT, currentRun } from '../../domain/kubelet/logs/container-log';
import { renderLine } from '../../domain/kubelet/logs/log-request';
import { mainArgv } from '../../domain/kubelet/main-process';
import { findObject } from '../../domain/lab/cluster-view';
import type { Pod } from '../../schema/kube/pod';
import type { ContainerShell, ShellFor } from './pod-process';

export const labContainerShell: ShellFor = ({ cluster, labId, target }) => {
  const where = {
    namespace: target.pod.metadata.namespace ?? 'default',
    pod: target.pod.metadata.name ?? '',
    container: target.container,
  };
  const spec = target.pod.spec?.containers?.find((c) => c.name === target.container);
  /** The run attach joined (its container ID), fixed at the first look. */
  let run: string | undefined;
  const shell: ContainerShell = {
    async run(argv, options) {
      return execInPod(cluster, labId, where, argv, options);
    },
    async open(argv, options) {
      const session = await openPodShell(cluster, labId, where, argv, options);
      if (!session) return undefined;
      const chunk = async (out: ReturnType<typeof session.input>) => {
        const { output, stderr, exitCode } = await out;
        return { stdout: output, stderr, ...(exitCode === undefined ? {} : { exitCode }) };
      };
      return {
        banner: session.banner,
        input: (text) => chunk(session.input(text)),
        close: () => chunk(session.close()),
      };
    },
    mainArgv: () => (spec ? mainArgv(spec) : []),
    stdin: () => {
      const flags = spec as { stdin?: unknown; stdinOnce?: unknown } | undefined;
      return { open: flags?.stdin === true, once: flags?.stdinOnce === true };
    },
    mainExited: (code) => endMainProcess(cluster, labId, where, target.container, code),
    async outputSince(cursor) {
      // The pod first, then the lines: a run that ended before this read wrote all its lines.
      const state = await cluster.state(labId);
      const pod = findObject(state, 'Pod', where.namespace, where.pod) as unknown as
        Pod | undefined;
      const now =
        pod && !pod.metadata.deletionTimestamp ? currentRun(pod, target.container) : undefined;
      run ??= now;
      const status = pod?.status?.containerStatuses?.find((s) => s.name === target.container);
      const ended = run === undefined || now !== run || !status?.state?.['running'];
      const lines =
        run === undefined
          ? []
          : await cluster.store.readContainerLog(
              labId,
              { namespace: where.namespace, pod: where.pod, container: target.container, run },
              cursor ?? 0,
              RING_READ_LIMIT,
            );
      // The first look starts at the newest line: attach shows what comes, not what was.
      if (cursor === undefined && !ended) return { text: '', cursor: lines.at(-1)?.id ?? 0, ended };
      const text = lines.map((l) => renderLine(l, false)).join('');
      return {
        text,
        cursor: lines.at(-1)?.id ?? cursor ?? 0,
        ended: ended && lines.length < RING_READ_LIMIT,
      };
    },
  };
  return shell;
};
