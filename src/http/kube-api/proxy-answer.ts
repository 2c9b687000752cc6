// What kube-apiserver's proxy subresources answer once the location is known: the pod's own
// answer (status, headers, body) under the rule for simulated answers (raw-answer.ts: a
// sandboxing CSP, Set-Cookie and the like renamed), or the proxy's 503 when the dial fails.
// The connection is routed like any other, so it draws from the lab's seed and counts as a hit.
import type { Context } from 'hono';
import { sendConnections } from '../../cluster/connections';
import type { ClusterState } from '../../domain/lab/cluster-state';
import { setOwn } from '../../domain/apimachinery/own-property';
import { serviceUnavailable, type ProxyTarget } from '../../domain/registry/service/proxy-location';
import type { Node } from '../../schema/kube/core';
import type { AppEnv } from '../context';
import { rawAnswer } from '../lab-api/raw-answer';
import { requestHeaders } from '../middleware/request-headers';
import { DEFAULT_CLIENT_IP } from '../lab-api/request-routes';

type Ctx = Context<AppEnv>;

/** Headers of the call to the lab (its credential, its framing), not of the proxied request. */
const OWN_HEADERS = new Set([
  'authorization',
  'x-lab-id',
  'x-client-ip',
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
]);

/** kube-apiserver runs on the control-plane node and dials from its address. */
export function apiServerNode(state: ClusterState): { name: string; ip: string } {
  const nodes = state.objects.filter((o) => o.kind === 'Node') as unknown as Node[];
  const node =
    nodes.find((n) => n.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined) ??
    nodes[0];
  const ip = node?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
  return { name: node?.metadata.name ?? '', ip };
}

/** The path after `/proxy` (undefined when there is none: kube-apiserver redirects). */
export function proxiedPath(c: Ctx): string | undefined {
  const path = c.req.path;
  const at = path.indexOf('/proxy', path.indexOf('/namespaces/'));
  const rest = at < 0 ? '' : path.slice(at + '/proxy'.length);
  return rest === '' ? undefined : rest;
}

/** GET/HEAD of `.../proxy` without a slash: 301 to `.../proxy/`, query kept (issue 4958). */
export function redirectToRoot(c: Ctx): Response | undefined {
  if (proxiedPath(c) !== undefined || (c.req.method !== 'GET' && c.req.method !== 'HEAD')) {
    return undefined;
  }
  const query = new URL(c.req.url).search;
  // Relative, so that it holds under a `/k8s/<lab>` prefix too.
  return new Response(null, { status: 301, headers: { Location: `proxy/${query}` } });
}

/** Sends the request to `target` and answers what came back. */
export async function proxyToPod(
  c: Ctx,
  state: ClusterState,
  target: ProxyTarget,
  service?: { namespace: string; name: string },
): Promise<Response> {
  const source = apiServerNode(state);
  const headers: Record<string, string> = {};
  for (const [key, value] of requestHeaders(c)) {
    if (!OWN_HEADERS.has(key)) setOwn(headers, key, value);
  }
  // Go's reverse proxy appends the client to X-Forwarded-For (Host: the address it dials).
  setOwn(headers, 'x-forwarded-for', DEFAULT_CLIENT_IP);
  const connection = {
    ips: target.ips,
    port: target.port,
    ...(service ? { service } : {}),
    source,
    remoteAddr: source.ip,
    method: c.req.method,
    // The query travels on, as kube-apiserver passes the request URL's raw query.
    path: `${proxiedPath(c) ?? '/'}${new URL(c.req.url).search}`,
    headers,
  };
  const { decisions } = await sendConnections(
    c.var.cluster,
    c.var.labId,
    { scope: 'pod', request: connection },
    1,
  );
  const d = decisions[0]!;
  const address = `${d.pod?.ip ?? target.ips[0] ?? ''}:${target.port}`;
  if (!d.pod) {
    // The kubernetes Service's endpoints are the API servers themselves, which are not pods.
    throw serviceUnavailable(
      `error trying to reach service: NodePort Lab does not simulate the server at ${address} (not a pod)`,
    );
  }
  if (d.outcome !== 'ok' || !d.response) {
    throw serviceUnavailable(
      `error trying to reach service: dial tcp ${address}: connect: connection refused`,
    );
  }
  if (target.scheme === 'https') {
    // The simulated servers speak plain HTTP: Go's TLS client reads their 400 as no handshake.
    throw serviceUnavailable(
      'error trying to reach service: tls: first record does not look like a TLS handshake',
    );
  }
  return rawAnswer(d.response.status, d.response.headers, d.response.body);
}
