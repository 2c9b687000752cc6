// `kubectl port-forward pod/x|svc/x|deploy/x L:R`: GET /api/v1/namespaces/{ns}/pods/{name}/portforward
// upgraded to a WebSocket that tunnels SPDY/3.1 (kubectl 1.31+; 1.30 with
// KUBECTL_PORT_FORWARD_WEBSOCKETS=true). kubectl resolves svc/ and deploy/ to one pod itself,
// so the server only ever sees a pod. Older kubectl asks for a SPDY upgrade (POST,
// `Upgrade: SPDY/3.1`), which no Worker can serve: it is refused with the reason, which kubectl
// prints. Each forwarded request reaches the pod past kube-proxy and counts as a hit.
import { Hono, type Context } from 'hono';
import { sendConnections, trafficView } from '../../cluster/connections';
import { badRequest, notFound } from '../../domain/apimachinery/errors';
import { typeOf } from '../../domain/apimachinery/resources';
import { podListensOn } from '../../domain/kubelet/pod-connection';
import { findServed } from '../../domain/registry/served-objects';
import type { Node } from '../../schema/kube/core';
import type { Pod } from '../../schema/kube/pod';
import type { AppEnv } from '../context';
import { offeredProtocols, pickProtocol, wantsWebSocket } from '../streams/channel-stream';
import type { StreamRouteDeps } from '../streams/remote-command-route';
import type { Http1Request } from '../streams/spdy-portforward/http1';
import {
  PORT_FORWARD_PROTOCOL,
  portForwardHandler,
  type Exchange,
  type ForwardTarget,
} from '../streams/spdy-portforward/port-forward-handler';

type Ctx = Context<AppEnv>;

export const POD_PORT_FORWARD_PATH = '/api/v1/namespaces/:ns/pods/:name/portforward';

/** The containerd sandbox id and network namespace the kubelet's words name (from the uid). */
function sandboxOf(pod: Pod): { id: string; netns: string } {
  const uid = pod.metadata.uid ?? '00000000-0000-0000-0000-000000000000';
  const hex = uid.replace(/-/g, '');
  return { id: `${hex}${hex}`.slice(0, 64), netns: `/var/run/netns/cni-${uid}` };
}

/** containerd's refusal when nothing listens on `port` inside the pod, through the kubelet. */
export function connectionRefused(pod: Pod, port: number): string {
  const { id, netns } = sandboxOf(pod);
  return (
    `error forwarding port ${port} to pod ${id}, uid : failed to execute portforward in network namespace "${netns}": ` +
    `failed to connect to localhost:${port} inside namespace "${id}", ` +
    `IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused ` +
    `IPv6 dial tcp6 [::1]:${port}: connect: connection refused `
  );
}

function sandboxGone(pod: Pod, port: number): string {
  const { id } = sandboxOf(pod);
  return `error forwarding port ${port} to pod ${id}, uid : failed to find sandbox "${id}" in store: not found`;
}

function cannotStream(c: Ctx): Error {
  const asked = c.req.header('upgrade')?.trim();
  const what = asked
    ? `this request asks for ${asked.slice(0, 40)}`
    : 'this request asks for no upgrade';
  return badRequest(
    `Upgrade request required: NodePort Lab serves port-forward over WebSockets only (${PORT_FORWARD_PROTOCOL}, ` +
      `kubectl 1.31 or newer, or 1.30 with KUBECTL_PORT_FORWARD_WEBSOCKETS=true); ${what}`,
  );
}

/** The pod end of the forwarded connections, read afresh for every dial and request. */
function podEnd(c: Ctx, namespace: string, name: string, original: Pod): ForwardTarget {
  const { cluster, labId } = c.var;
  const current = async () => {
    const state = await cluster.state(labId);
    const pod = findServed(state, 'Pod', namespace, name, cluster.labNow(state.settings)) as
      Pod | undefined;
    const same = pod && pod.metadata.uid === original.metadata.uid ? pod : undefined;
    return { state, pod: same };
  };
  return {
    async dial(port) {
      const { state, pod } = await current();
      if (!pod) return sandboxGone(original, port);
      return podListensOn(pod, port, trafficView(state)) ? undefined : connectionRefused(pod, port);
    },
    async exchange(port, request: Http1Request): Promise<Exchange> {
      const { state, pod } = await current();
      if (!pod?.status?.podIP) return { ok: false, error: sandboxGone(original, port) };
      const nodeName = pod.spec?.nodeName ?? '';
      const node = state.objects.find(
        (o) => o.kind === 'Node' && o.metadata.name === nodeName,
      ) as unknown as Node | undefined;
      const ip = node?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
      const connection = {
        ips: [pod.status.podIP],
        port,
        // The kubelet of the pod's node dials localhost inside the pod's network namespace.
        source: { name: nodeName, ip },
        remoteAddr: '127.0.0.1',
        method: request.method,
        path: request.target,
        headers: request.headers,
      };
      const { decisions } = await sendConnections(
        cluster,
        labId,
        { scope: 'pod', request: connection },
        1,
      );
      const d = decisions[0];
      if (d?.outcome !== 'ok' || !d.response) {
        return { ok: false, error: connectionRefused(pod, port) };
      }
      return { ok: true, ...d.response };
    },
  };
}

async function portForward(c: Ctx, deps: StreamRouteDeps): Promise<Response> {
  const { cluster, labId } = c.var;
  const namespace = c.req.param('ns') ?? '';
  const name = c.req.param('name') ?? '';
  const state = await cluster.state(labId);
  const pod = findServed(state, 'Pod', namespace, name, cluster.labNow(state.settings)) as
    Pod | undefined;
  if (!pod) throw notFound(typeOf('Pod'), name);
  if (!pod.spec?.nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
  const protocol = wantsWebSocket(c)
    ? pickProtocol(offeredProtocols(c), [PORT_FORWARD_PROTOCOL])
    : undefined;
  if (!protocol || !deps.upgrader) throw cannotStream(c);
  const release = deps.openStreams.take(labId, `pods "${name}"`);
  try {
    return deps.upgrader.accept(
      c,
      protocol,
      portForwardHandler(podEnd(c, namespace, name, pod), release),
    );
  } catch (e) {
    release();
    throw e;
  }
}

export function podPortForwardRoutes(deps: StreamRouteDeps) {
  return new Hono<AppEnv>().on(['GET', 'POST'], POD_PORT_FORWARD_PATH, (c) => portForward(c, deps));
}
