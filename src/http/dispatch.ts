// Which app serves which paths. The full app holds every route (~100, with wildcard middleware at
// each path level); its router's search was a measurable part of the hot request route. So the
// paths below go straight to a small app holding the same middleware and just their routes: the
// same answers, a smaller search. Everything else goes to the full app, which also keeps the
// route table (app.routes) that the OpenAPI tests read.
import type { Hono } from 'hono';
import type { AppEnv } from './context';

type Fetch = Hono<AppEnv>['fetch'];

/** The apps createApp builds: everything, and the request routes alone. */
export interface Apps {
  full: Hono<AppEnv>;
  /** `/nodes/:ip/:port/request...` (lab-api/request-routes.ts). */
  requests: Hono<AppEnv>;
}

/** Path prefixes served by an app of their own, first match wins. */
export function dedicatedPaths(
  apps: Apps,
): readonly (readonly [prefix: string, app: Hono<AppEnv>])[] {
  return [['/nodes/', apps.requests]];
}

/** Where the path of an absolute URL starts (the first `/` after `scheme://host`). */
function pathStart(url: string): number {
  return url.indexOf('/', url.indexOf('//') + 2);
}

/** One fetch for the apps: each request goes to the app that serves its path. */
export function dispatch(apps: Apps): Fetch {
  const everything = apps.full.fetch;
  const table = dedicatedPaths(apps).map(([prefix, app]) => [prefix, app.fetch] as const);
  return (request, env, ctx) => {
    const url = request.url;
    const path = pathStart(url);
    if (path >= 0) {
      for (const [prefix, fetch] of table) {
        if (url.startsWith(prefix, path)) return fetch(request, env, ctx);
      }
    }
    return everything(request, env, ctx);
  };
}
