// The document lists every route the app serves, and serves every route it lists. Routes come from
// Hono's own table (app.routes); `:resource` routes are expanded over the served resource types,
// and a probe request tells a served route from one that answers "not found" or 405.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { RESOURCE_TYPES } from '../src/domain/apimachinery/resources';
import { groupPrefix, isWritable } from '../src/http/docs/lab-api/paths-kubernetes';
import { METHODS } from '../src/http/docs/lab-api/operations';
import document from '../src/http/docs/lab-api/openapi.generated.json';
import { buildNodeApp } from '../src/node';

/** Registered entries that are not API routes: each with why it is not documented. */
const NOT_ROUTES: Record<string, string> = {
  'ALL /*': 'middleware: picks the lab (X-Lab-Id, bearer token) for every request',
  'GET /ui/assets/:name': "the web page's hashed script and style sheet (static files)",
};

type Json = Record<string, unknown>;
const paths = document.paths as Record<string, Record<string, Json>>;
const documented = new Set(
  Object.entries(paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m} ${path}`)),
);

/** Hono's `/nodes/:ip/:port/request/*` as the document writes it: `/nodes/{ip}/{port}/request/{path}`. */
export function toTemplate(honoPath: string): string {
  return honoPath.replace(/:(\w+)(\{[^}]*\})?\??/g, '{$1}').replace(/\/\*$/, '/{path}');
}

/**
 * `{resource}` (and `{group}`, `{version}`) replaced by each served type that fits. Kinds the
 * cluster manages itself (Node, Endpoints, ReplicaSet...) answer writes with 405
 * MethodNotAllowed, so for them only reads count as routes.
 */
function expand(template: string, method: string): string[] {
  if (!/\{(resource|group|version)\}/.test(template)) return [template];
  const out = RESOURCE_TYPES.filter(
    (t) => template.includes('{group}') || template.includes(`${groupPrefix(t)}/`),
  )
    .filter((t) => method === 'get' || isWritable(t))
    .map((t) =>
      template
        .replace('{group}', t.group)
        .replace('{version}', t.version)
        .replace('{resource}', t.resource),
    );
  return [...new Set(out)];
}

/** Values a probe tries for each path parameter; the route is served if one of them is. */
const EXAMPLES: Record<string, string[]> = {
  ns: ['default'],
  name: ['example'],
  ip: ['192.168.1.3'],
  port: ['31110'],
  host: ['kubernetes'],
  path: ['healthz', 'api/v1', 'manifests', 'api/v1/namespaces/default/configmaps/example'],
  namespace: ['default'],
  service: ['kubernetes'],
  labId: ['default'],
};

function concrete(template: string): string[] {
  let paths = [template];
  for (const [, param] of template.matchAll(/\{(\w+)\}/g)) {
    const values = EXAMPLES[param!] ?? ['x'];
    paths = paths.flatMap((p) => values.map((v) => p.replace(`{${param}}`, v)));
  }
  return paths;
}

let app: Hono;
let close: () => void;
beforeAll(async () => {
  const built = await buildNodeApp(':memory:');
  app = built.app as unknown as Hono;
  close = () => built.store.close();
});
afterAll(() => close());

/** False when the app answers as if the route did not exist (404 for the path, or 405). */
async function served(method: string, template: string): Promise<boolean> {
  for (const path of concrete(template)) {
    const res = await app.request(path, { method: method.toUpperCase() });
    if (res.status === 405) continue;
    if (res.status !== 404) return true;
    const body = (await res.json()) as { message?: string };
    if (!body.message?.startsWith('the server could not find the requested resource')) return true;
  }
  return false;
}

interface Registered {
  /** Served `method template` pairs, expanded. */
  routes: Set<string>;
  /** Entries none of whose expansions is served, outside NOT_ROUTES. */
  unserved: string[];
}

/** Every served (method, template) the app registers; middleware is left out by name. */
async function registered(): Promise<Registered> {
  const routes = new Set<string>();
  const unserved: string[] = [];
  for (const r of app.routes) {
    const key = `${r.method} ${r.path}`;
    if (key in NOT_ROUTES) continue;
    const methods = r.method === 'ALL' ? [...METHODS] : [r.method.toLowerCase()];
    let any = false;
    for (const m of methods) {
      for (const template of expand(toTemplate(r.path), m)) {
        const route = `${m} ${template}`;
        if (routes.has(route) || (await served(m, template))) {
          routes.add(route);
          any = true;
        }
      }
    }
    // A group registers every generic `:resource` route; one no type of the group uses is fine.
    const generic = /:resource\b/.test(r.path);
    if (!any && !generic && !unserved.includes(key)) unserved.push(key);
  }
  return { routes, unserved };
}

describe('the OpenAPI document and the routes', () => {
  it('documents every route the app serves', async () => {
    // `GET /version/` and the other discovery paths answer with a trailing slash as without it,
    // as kube-apiserver does; the document lists each once.
    const alias = (r: string) => r.endsWith('/') && documented.has(r.slice(0, -1));
    const missing = [...(await registered()).routes].filter((r) => !documented.has(r) && !alias(r));
    expect(missing, 'document these in src/http/docs/lab-api/, then npm run openapi').toEqual([]);
  });

  it('serves every route it documents', async () => {
    const { routes } = await registered();
    const extra = [...documented].filter((r) => !routes.has(r));
    expect(extra).toEqual([]);
  });

  it('finds every registered entry served, unless NOT_ROUTES says why not', async () => {
    expect((await registered()).unserved).toEqual([]);
  });

  it('leaves writes to the kinds the cluster manages out: they answer 405', async () => {
    for (const t of RESOURCE_TYPES.filter((type) => !isWritable(type))) {
      const path = t.namespaced
        ? `${groupPrefix(t)}/namespaces/default/${t.resource}`
        : `${groupPrefix(t)}/${t.resource}`;
      const apiVersion = t.group ? `${t.group}/${t.version}` : t.version;
      const res = await app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ apiVersion, kind: t.kind, metadata: { name: 'probe' } }),
      });
      expect(res.status, `POST ${path}`).toBe(405);
    }
  });

  it('leaves out only middleware, and each entry still exists', () => {
    const keys = new Set(app.routes.map((r) => `${r.method} ${r.path}`));
    for (const key of Object.keys(NOT_ROUTES)) expect(keys.has(key), key).toBe(true);
  });
});
