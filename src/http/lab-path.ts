// The Kubernetes API of one lab under `/k8s/<lab id>`: a kubeconfig's server URL can name the lab.
// kubectl (client-go) drops every credential, bearer tokens included, when the server URL is plain
// http, so on `npm start`'s http://127.0.0.1:8787 neither a token nor a header can pick the lab;
// a path prefix can, for every client.
import type { Context, Handler } from 'hono';
import type { AppEnv } from './context';

/** Anything that serves requests the way the app does (the app itself). */
interface Fetcher {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

/** The path prefix that selects lab `labId`. */
export function labPath(labId: string): string {
  return `/k8s/${encodeURIComponent(labId)}`;
}

/**
 * `ALL /k8s/:labId/*`: the same request without the prefix, with `X-Lab-Id: <lab id>`, served by
 * `app` (so every route, middleware and error answer is the app's own).
 */
export function forwardToLab(app: Fetcher): Handler<AppEnv> {
  return (c: Context<AppEnv>) => {
    const labId = c.req.param('labId') ?? '';
    const url = new URL(c.req.url);
    url.pathname = url.pathname.slice(labPath(labId).length) || '/';
    const request = new Request(url.toString(), c.req.raw);
    request.headers.set('x-lab-id', labId);
    return app.fetch(request, c.env);
  };
}
