// The /status subresource of Pods, Services and Deployments: GET answers the object, PUT and
// every PATCH type write its status alone (status-update.ts), as kubelets, controllers and
// `kubectl ... --subresource=status` do.
import { Hono, type Context } from 'hono';
import { updateStatus } from '../../domain/registry/status-update';
import { typeOf, type ResourceType } from '../../domain/apimachinery/resources';
import { limitBody } from '../middleware/body';
import type { AppEnv } from '../context';
import { patch } from './resource-patch';
import { checkTarget, decodeBody, isDryRun } from './resource-writes';

type Ctx = Context<AppEnv>;

/** Paths of the status subresources, by kind. */
export const STATUS_PATHS: Record<string, string> = {
  Pod: '/api/v1/namespaces/:ns/pods/:name/status',
  Service: '/api/v1/namespaces/:ns/services/:name/status',
  Deployment: '/apis/apps/v1/namespaces/:ns/deployments/:name/status',
};

async function replaceStatus(c: Ctx, type: ResourceType, ns: string, name: string) {
  const obj = await decodeBody(c, type);
  checkTarget(type, obj, ns, name);
  const { draft } = await c.var.cluster.mutate(c.var.labId, (d) => updateStatus(d, type, obj, ns), {
    dryRun: isDryRun(c),
  });
  return c.json(draft.get(type.kind, ns, name));
}

/** GET, PUT and PATCH on each kind's status path; `get` answers a read of the main resource. */
export function statusRoutes(
  get: (c: Ctx, type: ResourceType, ns: string, name: string) => Promise<Response>,
) {
  const r = new Hono<AppEnv>();
  for (const [kind, path] of Object.entries(STATUS_PATHS)) {
    const type = typeOf(kind);
    const ns = (c: Ctx) => c.req.param('ns') ?? '';
    const name = (c: Ctx) => c.req.param('name') ?? '';
    r.get(path, (c) => get(c, type, ns(c), name(c)));
    r.put(path, limitBody, (c) => replaceStatus(c, type, ns(c), name(c)));
    r.patch(path, limitBody, (c) =>
      patch(c, type, ns(c), name(c), (d, t, obj, _mode, namespace) =>
        updateStatus(d, t, obj, namespace),
      ),
    );
  }
  return r;
}
