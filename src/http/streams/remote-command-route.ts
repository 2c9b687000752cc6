// The route half of exec and attach, shared: the request's options parsed as kube-apiserver
// parses them, the pod and container checked, then the WebSocket accepted with the channel
// protocol and the lab's open-streams quota held until it ends. What runs inside (a command,
// the container's main process) is the caller's `start`.
import type { Context } from 'hono';
import type { LabCluster } from '../../cluster/lab-cluster';
import { resolveExecTarget } from '../../cluster/pod-exec';
import { ApiError, badRequest } from '../../domain/apimachinery/errors';
import { findObject } from '../../domain/lab/cluster-view';
import type { ClusterState } from '../../domain/lab/cluster-state';
import type { Pod } from '../../schema/kube/pod';
import type { AppEnv } from '../context';
import {
  offeredProtocols,
  pickProtocol,
  wantsWebSocket,
  type WebSocketUpgrader,
} from './channel-stream';
import type { OpenStreams } from './open-streams';
import {
  REMOTE_COMMAND_PROTOCOLS,
  remoteCommandHandler,
  type ProcessOutput,
  type RemoteProcess,
  type StreamOptions,
} from './remote-command';

/** Arguments of one command at most, and bytes of all of them: a command line, not a file. */
const MAX_ARGS = 256;
const MAX_ARGV_BYTES = 64 * 1024;

/** The pod and the container a stream reaches. */
export interface PodTarget {
  pod: Pod;
  container: string;
}

/**
 * The target, or kube-apiserver's refusal before the upgrade (no pod, no such container, no
 * node); a container that does not run (`refusal`) is refused after it, on the error channel, as
 * kube-apiserver's stream translator reports the kubelet's answer.
 */
function streamTarget(state: ClusterState, namespace: string, pod: string, container: string) {
  try {
    const found = resolveExecTarget(state, { namespace, pod, container });
    return { target: { pod: found.pod, container: found.container.name }, refusal: undefined };
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 500) throw e;
    // The pod exists (the kubelet refused its container), so findObject finds it.
    const found = findObject(state, 'Pod', namespace, pod) as unknown as Pod;
    const target = { pod: found, container };
    return {
      target,
      refusal: `Internal error occurred: unable to upgrade connection: ${e.message}`,
    };
  }
}

/** What a process in a pod is started with. */
export interface PodProcessRequest {
  cluster: LabCluster;
  labId: string;
  target: PodTarget;
  /** exec: the command; attach: empty (the container's own process). */
  argv: readonly string[];
  options: StreamOptions;
}

export type StartPodProcess = (request: PodProcessRequest, output: ProcessOutput) => RemoteProcess;

export interface StreamRouteDeps {
  /** The runtime's WebSocket upgrade; unset where none is wired (then a clear 400). */
  upgrader: WebSocketUpgrader | undefined;
  openStreams: OpenStreams;
}

/** kube's query-to-bool conversion: absent is false, `0` and `false` are false, anything else true. */
function flag(c: Context, name: string): boolean {
  const value = c.req.query(name);
  return value !== undefined && value !== '0' && value.toLowerCase() !== 'false';
}

function streamOptions(c: Context): StreamOptions {
  const tty = flag(c, 'tty');
  // The kubelet drops stderr under a tty (one terminal, one stream).
  const options = {
    stdin: flag(c, 'stdin'),
    stdout: flag(c, 'stdout'),
    stderr: flag(c, 'stderr') && !tty,
    tty,
  };
  if (!options.stdin && !options.stdout && !options.stderr) {
    throw badRequest('you must specify at least 1 of stdin, stdout, stderr');
  }
  return options;
}

function commandOf(c: Context): string[] {
  const argv = c.req.queries('command') ?? [];
  const bytes = argv.reduce((sum, a) => sum + a.length, 0);
  if (argv.length > MAX_ARGS || bytes > MAX_ARGV_BYTES) {
    throw badRequest(
      `the command may have at most ${MAX_ARGS} arguments and ${MAX_ARGV_BYTES} bytes`,
    );
  }
  return argv;
}

/** What the request asked for, in the refusal's words. */
function askedFor(c: Context): string {
  const upgrade = c.req.header('upgrade')?.trim() ?? '';
  // SPDY clients also name their protocols here; workerd drops a POST's hop-by-hop Upgrade.
  if (/^spdy\//i.test(upgrade) || c.req.header('x-stream-protocol-version') !== undefined) {
    return 'this client asked for SPDY/3.1 (kubectl 1.29 and older, or KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false)';
  }
  if (wantsWebSocket(c)) {
    const offered = offeredProtocols(c).join(', ').slice(0, 200);
    return `this client offered the subprotocols [${offered}]`;
  }
  return upgrade
    ? `this request asks for ${upgrade.slice(0, 40)}`
    : 'this request asks for no upgrade';
}

/** Why a request that reached a streaming route cannot be served, in words kubectl prints. */
function cannotStream(kind: string, c: Context): Error {
  return badRequest(
    `Upgrade request required: NodePort Lab serves ${kind} over WebSockets only (${REMOTE_COMMAND_PROTOCOLS.join(', ')}: ` +
      `kubectl 1.30 or newer); ${askedFor(c)}`,
  );
}

/** Serves GET/POST .../pods/{name}/{kind} for exec (`command` required) or attach. */
export async function serveRemoteCommand(
  c: Context<AppEnv>,
  kind: 'exec' | 'attach',
  deps: StreamRouteDeps,
  start: StartPodProcess,
): Promise<Response> {
  const { cluster, labId } = c.var;
  const namespace = c.req.param('ns') ?? '';
  const name = c.req.param('name') ?? '';
  const argv = kind === 'exec' ? commandOf(c) : [];
  const options = streamOptions(c);
  const state = await cluster.state(labId);
  const { target, refusal } = streamTarget(state, namespace, name, c.req.query('container') ?? '');
  if (kind === 'exec' && argv.length === 0) {
    throw badRequest('you must specify at least one command for the container');
  }
  const protocol = wantsWebSocket(c)
    ? pickProtocol(offeredProtocols(c), REMOTE_COMMAND_PROTOCOLS)
    : undefined;
  if (!protocol || !deps.upgrader) throw cannotStream(kind, c);
  const release = deps.openStreams.take(labId, `pods "${name}"`);
  const run: StartPodProcess = refusal
    ? (_request, output) => {
        output.fail(refusal);
        return { input() {}, endInput() {}, resize() {}, hangup() {} };
      }
    : start;
  const handler = remoteCommandHandler(
    protocol,
    options,
    argv,
    (output) => run({ cluster, labId, target, argv, options }, output),
    release,
  );
  try {
    return deps.upgrader.accept(c, protocol, handler);
  } catch (e) {
    release();
    throw e;
  }
}
