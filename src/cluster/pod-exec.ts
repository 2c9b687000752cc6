// `kubectl exec` and `kubectl attach` against a stored lab, minus the wire protocol: find the pod
// and container as kube-apiserver and the kubelet do (with their refusals), build the shell's
// context from the lab's state, run the command or feed the interactive shell, and record the
// connections it made (hits, kube-proxy memory). The streams layer only moves bytes.
import type { ClusterState } from '../domain/lab/cluster-state';
import { ApiError, badRequest, notFound } from '../domain/apimachinery/errors';
import {
  isShellCommand,
  openSession,
  runCommand,
  toolboxOf,
  type CommandResult,
  type RunOptions,
  type SessionOutput,
  type ShellContext,
} from '../domain/kubelet/shell/index';
import type { Container, Pod } from '../schema/kube/pod';
import { finishRun, runEndingNow } from '../domain/kubelet/container-runs';
import { withKubeletFields } from '../domain/kubelet/pod-status';
import type { KubeObject } from '../domain/apimachinery/objects';
import type { LabCluster } from './lab-cluster';
import { podTraffic } from './pod-traffic';
import { trafficView } from './connections';

/** The container a stream addresses: `container` may be omitted for a single-container pod. */
export interface PodExecTarget {
  namespace: string;
  pod: string;
  container?: string | undefined;
}

const PODS = { resource: 'pods', group: '' };

function findPod(state: ClusterState, namespace: string, name: string): Pod | undefined {
  return state.objects.find(
    (o) =>
      o.kind === 'Pod' &&
      (o.metadata.namespace ?? 'default') === namespace &&
      o.metadata.name === name,
  ) as unknown as Pod | undefined;
}

function isRunning(pod: Pod, container: string): boolean {
  if (pod.status?.phase !== 'Running') return false;
  const status = pod.status.containerStatuses?.find((c) => c.name === container);
  return status?.state !== undefined && 'running' in status.state;
}

/**
 * The pod and container of an exec or attach, or the refusal kube-apiserver (pod strategy's
 * streamLocation) or the kubelet (no running container of that name) answers.
 */
export function resolveExecTarget(
  state: ClusterState,
  target: PodExecTarget,
): { pod: Pod; container: Container } {
  const pod = findPod(state, target.namespace, target.pod);
  if (pod === undefined) throw notFound(PODS, target.pod);
  const containers = pod.spec?.containers ?? [];
  const names = containers.map((c) => c.name);
  let name = target.container ?? '';
  if (name === '') {
    if (containers.length !== 1) {
      const choice = containers.length ? `, choose one of: [${names.join(' ')}]` : '';
      throw badRequest(`a container name must be specified for pod ${target.pod}${choice}`);
    }
    name = names[0]!;
  } else if (!names.includes(name)) {
    throw badRequest(`container ${name} is not valid for pod ${target.pod}`);
  }
  if (!pod.spec?.nodeName) throw badRequest(`pod ${target.pod} does not have a host assigned`);
  // The kubelet finds no running container: still being created, waiting in a back-off, exited.
  if (!isRunning(pod, name))
    throw new ApiError(500, 'InternalError', `container not found ("${name}")`);
  return { pod, container: containers.find((c) => c.name === name)! };
}

function contextFor(
  cluster: LabCluster,
  state: ClusterState,
  pod: Pod,
  container: Container,
): ShellContext {
  const view = trafficView(state);
  return {
    pod,
    container,
    view,
    now: cluster.labNow(state.settings),
    connect: () => {
      throw new Error('no connection budget reserved');
    },
  };
}

/** Whether the image has a tool that connects (else no connection numbers are reserved). */
function mayConnect(container: Container): boolean {
  const { programs } = toolboxOf(container.image);
  return programs.has('curl') || programs.has('wget');
}

/** Runs `argv` in the container (`kubectl exec pod -- argv...`) and records its connections. */
export async function execInPod(
  cluster: LabCluster,
  labId: string,
  target: PodExecTarget,
  argv: readonly string[],
  options: RunOptions = {},
): Promise<CommandResult> {
  const state = await cluster.state(labId);
  const { pod, container } = resolveExecTarget(state, target);
  const traffic = await podTraffic(cluster, labId, state, mayConnect(container));
  const ctx = { ...contextFor(cluster, state, pod, container), connect: traffic.connect };
  const result = runCommand(argv, ctx, options);
  await traffic.record(cluster, labId);
  return result;
}

/** An interactive shell in a pod, fed by the streams layer; each input sees the lab as it is then. */
export interface PodShell {
  readonly banner: string;
  readonly ended: boolean;
  input(text: string): Promise<SessionOutput>;
  close(): Promise<SessionOutput>;
}

/** The exit status of a shell whose container went away under it (SIGKILL). */
const KILLED = 137;

/**
 * Opens `argv`'s shell (`sh`, `bash`, `ash`) in the container; argv that is not a shell the image
 * has answers undefined (run it with execInPod instead).
 */
export async function openPodShell(
  cluster: LabCluster,
  labId: string,
  target: PodExecTarget,
  argv: readonly string[],
  opts: { tty: boolean },
): Promise<PodShell | undefined> {
  const state = await cluster.state(labId);
  const { pod, container } = resolveExecTarget(state, target);
  const ctx = contextFor(cluster, state, pod, container);
  if (!isShellCommand(argv, ctx)) return undefined;
  const session = openSession(ctx, { tty: opts.tty, shell: argv[0] ?? 'sh' });
  const feed = async (run: () => SessionOutput): Promise<SessionOutput> => {
    const now = await cluster.state(labId);
    let current: { pod: Pod; container: Container };
    try {
      current = resolveExecTarget(now, target);
    } catch {
      return { output: '', stderr: '', effects: [], exitCode: KILLED };
    }
    const traffic = await podTraffic(cluster, labId, now, mayConnect(container));
    Object.assign(ctx, contextFor(cluster, now, current.pod, current.container), {
      connect: traffic.connect,
    });
    const out = run();
    await traffic.record(cluster, labId);
    return out;
  };
  return {
    banner: session.banner,
    get ended() {
      return session.ended;
    },
    input: (text) => feed(() => session.input(text)),
    close: () => feed(() => session.close()),
  };
}

/**
 * For `kubectl attach` / `run -it`: the container's main process (a shell reading the stdin the
 * pod keeps open; see mainProcess) exited with `exitCode` now, so its run ends: Completed or
 * Error, or a restart, by restartPolicy. Nothing happens if it is not running a command.
 */
export async function endMainProcess(
  cluster: LabCluster,
  labId: string,
  target: PodExecTarget,
  container: string,
  exitCode: number,
) {
  await cluster.mutate(labId, (draft) => {
    const pod = draft.get('Pod', target.namespace, target.pod) as unknown as Pod | undefined;
    const run = pod && runEndingNow(pod, container, draft.ctx.now.getTime());
    const next = run && finishRun(pod, run, { exitCode });
    if (next === undefined) return;
    next.status = withKubeletFields(next.status ?? {}, next, draft.settings.seed);
    draft.put(next as unknown as KubeObject);
  });
}
