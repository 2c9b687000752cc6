// The container shell of a lab's pod, for exec and attach: the simulated shell run by the cluster
// adapter (src/cluster/pod-exec.ts), which reads the lab's state for each command and records the
// connections a command made (curl, wget) as hits.
import { execInPod, openPodShell } from '../../cluster/pod-exec';
import type { ContainerShell, ShellFor } from './pod-process';

export const labContainerShell: ShellFor = ({ cluster, labId, target }) => {
  const where = {
    namespace: target.pod.metadata.namespace ?? 'default',
    pod: target.pod.metadata.name ?? '',
    container: target.container,
  };
  const spec = target.pod.spec?.containers?.find((c) => c.name === target.container);
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
    mainArgv: () => [...(spec?.command ?? []), ...(spec?.args ?? [])],
    stdin: () => {
      const flags = spec as { stdin?: unknown; stdinOnce?: unknown } | undefined;
      return { open: flags?.stdin === true, once: flags?.stdinOnce === true };
    },
    mainExited: async () => {},
  };
  return shell;
};
