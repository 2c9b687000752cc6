// Which requests the Worker answers itself and which it forwards to a lab's Durable Object. The
// Worker keeps what spans labs (creating, listing, deleting labs, rotating tokens: the D1
// directory) and the streams it holds open for clients (watches, /cluster/changes); everything
// that acts in one lab runs in that lab's object, by id.
import type { Context, MiddlewareHandler } from 'hono';
import type { DurableObjectNamespace } from '@cloudflare/workers-types';
import { labNotFound } from '../cluster/labs';
import { requireLab } from '../http/middleware/auth';
import type { AppEnv } from '../http/context';
import { isWatch } from '../http/kube-api/watch';
import { chunkedBatch, isBatchPath } from './batch-chunks';
import { FORWARDED_HEADER, forwardedCaller } from './forwarded';
import { labObject } from './lab-objects';

type Ctx = Context<AppEnv>;

/** `/labs/<id>/...` routes that act inside that lab: its view and usage, reset, checks, grade. */
const IN_LAB = /^\/labs\/([^/]+)(\/(reset|checks|grade))?$/;

/** The lab whose object answers the request; undefined: the Worker answers it. */
async function targetLab(c: Ctx): Promise<string | undefined> {
  const path = c.req.path;
  if (path.startsWith('/k8s/')) return undefined; // rewritten by forwardToLab, then decided
  if (path === '/labs' || path === '/templates' || path.startsWith('/templates/')) return undefined;
  const inLab = IN_LAB.exec(path);
  if (inLab) {
    const [, id = '', sub] = inLab;
    const labId = decodeURIComponent(id);
    // DELETE /labs/:id and POST /labs/:id/token are directory work.
    if (!sub && c.req.method === 'DELETE') return undefined;
    requireLab(c, labId);
    if (!(await c.var.labs.access(labId))) throw labNotFound(labId);
    return labId;
  }
  if (path.startsWith('/labs/')) return undefined;
  if (isWatch(c) || path === '/cluster/changes') return undefined;
  // Public, so authentication left it in the default lab; it answers for the lab X-Lab-Id names.
  if (path === '/version' || path === '/version/') {
    const asked = c.req.header('x-lab-id');
    if (asked && asked !== c.var.labId && (await c.var.labs.access(asked))) return asked;
  }
  return c.var.labId;
}

/** The Worker's hand-off (AppDeps.forward): after authentication, before the routes. */
export function forwardToLabObjects(labs: DurableObjectNamespace): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const labId = await targetLab(c);
    if (labId === undefined) {
      await next();
      return;
    }
    const headers = new Headers(c.req.raw.headers);
    headers.set(FORWARDED_HEADER, forwardedCaller(c, labId));
    // Read here (limitBody bounds it): an answer the object gives without reading the body (a
    // 405, say) would otherwise leave the stream to the object half-read, and the request hung.
    const { method } = c.req;
    const body = method === 'GET' || method === 'HEAD' ? undefined : await c.req.raw.arrayBuffer();
    // `manual`: a redirect the lab answers (proxy -> proxy/) goes back to the client, as on Node,
    // rather than being followed to the object again.
    const request = new Request(c.req.url, {
      method,
      headers,
      redirect: 'manual',
      ...(body ? { body } : {}),
    });
    const object = labObject(labs, labId);
    // A copy: the object's answer has immutable headers, and the app's middleware adds some.
    const send = async (r: Request) => {
      const answer = (await object.fetch(r)) as unknown as Response;
      // A 101 carries the client's WebSocket (exec, attach, port-forward): copied with it.
      if (answer.status === 101) {
        const { webSocket } = answer as unknown as { webSocket: unknown };
        const init = { status: 101, headers: new Headers(answer.headers), webSocket };
        return new Response(null, init as ResponseInit);
      }
      return new Response(answer.body, answer);
    };
    return isBatchPath(c.req.path) ? chunkedBatch(request, send) : send(request);
  };
}
