// The Kubernetes API of one lab under `/k8s/<lab id>`: a kubeconfig's server URL can name the lab.
// kubectl (client-go) drops every credential, bearer tokens included, when the server URL is plain
// http, so on `npm start`'s http://127.0.0.1:8787 neither a token nor a header can pick the lab;
// a path prefix can, for every client.
import type { Context, Handler } from 'hono';
import type { AppEnv } from '../context';
import { requestReader } from '../middleware/request-headers';

/** Anything that serves requests the way the app does (the app itself). */
interface Fetcher {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

/**
 * A `/k8s/<segment>` names a lab by id, or by its whole token (`<lab id>.<secret>`) when the
 * server is plain http and the lab needs one: kubectl sends no token there, the URL it must use.
 */
export function splitLabSegment(segment: string): { labId: string; token?: string } {
  const dot = segment.indexOf('.');
  return dot > 0 ? { labId: segment.slice(0, dot), token: segment } : { labId: segment };
}

/** The path prefix that selects lab `labId` (or names it by its token). */
export function labPath(labId: string): string {
  return `/k8s/${encodeURIComponent(labId)}`;
}

/**
 * `ALL /k8s/:labId/*`: the same request without the prefix, with `X-Lab-Id: <lab id>`, served by
 * `app` (so every route, middleware and error answer is the app's own).
 */
export function forwardToLab(app: Fetcher): Handler<AppEnv> {
  return (c: Context<AppEnv>) => {
    const segment = c.req.param('labId') ?? '';
    const { labId, token } = splitLabSegment(segment);
    const url = new URL(c.req.url);
    // The segment as sent, percent-encoding and all (`/k8s/%64efault/...` names lab "default").
    const sent = /^\/k8s\/[^/]*/.exec(url.pathname)?.[0] ?? labPath(segment);
    url.pathname = url.pathname.slice(sent.length) || '/';
    const request = new Request(url.toString(), c.req.raw);
    request.headers.set('x-lab-id', labId);
    if (token && !request.headers.has('authorization')) {
      request.headers.set('authorization', `Bearer ${token}`);
    }
    // A new request: what the runtime knew of the original one no longer describes it.
    return app.fetch(request, requestReader(c).envForNewRequest(c.env));
  };
}
