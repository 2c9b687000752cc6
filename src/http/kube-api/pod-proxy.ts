// The pods/<id>/proxy subresource, as kube-apiserver answers it: the pod's IP and the port the
// id names (else its first containerPort, else 80), then the request sent straight to the pod.
import { Hono, type Context } from 'hono';
import { notFound } from '../../domain/apimachinery/errors';
import { parsePodProxyId, resolvePodProxy } from '../../domain/registry/pod/proxy-location';
import { typeOf } from '../../domain/apimachinery/resources';
import { findServed } from '../../domain/registry/served-objects';
import type { Pod } from '../../schema/kube/pod';
import type { AppEnv } from '../context';
import { proxyToPod, redirectToRoot } from './proxy-answer';
import { PROXY_METHODS } from './service-proxy';

async function proxy(c: Context<AppEnv>): Promise<Response> {
  const namespace = c.req.param('ns') ?? '';
  const id = c.req.param('name') ?? '';
  const { name } = parsePodProxyId(id);
  const state = await c.var.cluster.state(c.var.labId);
  const now = c.var.cluster.labNow(state.settings);
  const pod = findServed(state, 'Pod', namespace, name, now) as unknown as Pod | undefined;
  if (!pod) throw notFound(typeOf('Pod'), name);
  const target = resolvePodProxy(id, pod);
  return redirectToRoot(c) ?? proxyToPod(c, state, target);
}

/** `:name` is the proxy id: `name`, `name:port` or `scheme:name:port`. */
const PROXY = '/api/v1/namespaces/:ns/pods/:name/proxy';

export const podProxyRoutes = new Hono<AppEnv>()
  .on(PROXY_METHODS, PROXY, proxy)
  .on(PROXY_METHODS, `${PROXY}/*`, proxy);
