// Kubernetes resource paths (/api/v1/..., /apis/<group>/<version>/...) served the way
// kube-apiserver does: JSON, kubectl's server-side Tables, or text tables for Accept: text/plain.
import { Hono, type Context } from 'hono';
import type { ClusterState } from '../../domain/lab/cluster-state';
import { ApiError, badRequest, notFound } from '../../domain/apimachinery/errors';
import { matchesFields, parseFieldSelector } from '../../domain/apimachinery/field-selector';
import { matchesSelector, parseLabelSelector } from '../../domain/apimachinery/label-selector';
import type { KubeObject } from '../../domain/apimachinery/objects';
import {
  RESOURCE_TYPES,
  apiVersionOf,
  typeForResource,
  type ResourceType,
} from '../../domain/apimachinery/resources';
import { findServed, listServed } from '../../domain/registry/served-objects';
import { limitBody, wantsText } from '../middleware/body';
import type { AppEnv } from '../context';
import { deleteResource } from './resource-delete';
import { patch } from './resource-patch';
import { checkTarget, decodeBody, requireWritable, write } from './resource-writes';
import { scale } from './scale';
import { statusRoutes } from './status-subresource';
import { metaTable, renderTableText, requestedTableVersion, type IncludeObject } from './tables';
import { isWatch, watchResponse } from './watch';

type Ctx = Context<AppEnv>;

function resourceNotFound(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
}

function resolveType(
  group: string,
  resource: string,
  namespaced: boolean | undefined,
): ResourceType {
  const type = typeForResource(group, resource);
  if (!type || (namespaced && !type.namespaced)) throw resourceNotFound();
  return type;
}

function includeObjectOf(c: Ctx): IncludeObject {
  const value = c.req.query('includeObject') ?? 'Metadata';
  if (value === 'None' || value === 'Metadata' || value === 'Object') return value;
  throw badRequest(
    `includeObject: Unsupported value: "${value}": supported values: "None", "Metadata", "Object"`,
  );
}

/** Answers objects as a Table, a text table or JSON (a list, or the one object of a get). */
function answer(
  c: Ctx,
  type: ResourceType,
  state: ClusterState,
  items: KubeObject[],
  scope: { namespace: string | undefined; single: boolean },
): Response {
  const now = c.var.cluster.labNow(state.settings);
  const tableVersion = requestedTableVersion(c.req.header('accept'));
  if (tableVersion) {
    return c.json(
      metaTable(type, items, now, {
        version: tableVersion,
        includeObject: includeObjectOf(c),
        resourceVersion: String(state.revision),
      }),
    );
  }
  if (wantsText(c)) {
    const wide = c.req.query('output') === 'wide';
    const allNamespaces = !scope.single && scope.namespace === undefined;
    return c.text(renderTableText(type, items, now, wide, allNamespaces, scope.namespace));
  }
  if (scope.single) return c.json(items[0]);
  return c.json({
    kind: `${type.kind}List`,
    apiVersion: apiVersionOf(type),
    metadata: { resourceVersion: String(state.revision) },
    items,
  });
}

/** The objects a list or watch request selects (namespace, label and field selectors). */
function selection(c: Ctx, type: ResourceType, namespace: string | undefined) {
  const labels = parseLabelSelector(c.req.query('labelSelector') ?? '');
  const fields = parseFieldSelector(c.req.query('fieldSelector') ?? '', type);
  return (state: ClusterState) =>
    listServed(
      state,
      type.kind,
      type.namespaced ? namespace : undefined,
      c.var.cluster.labNow(state.settings),
    ).filter((o) => matchesSelector(labels, o.metadata.labels) && matchesFields(fields, o));
}

/** A watch: each event's object as a one-row Table when the client asked for Tables. */
function watch(c: Ctx, type: ResourceType, select: (state: ClusterState) => KubeObject[]) {
  const tableVersion = requestedTableVersion(c.req.header('accept'));
  const includeObject = includeObjectOf(c);
  return watchResponse(c, {
    list: select,
    render: (obj, state) =>
      tableVersion
        ? metaTable(type, [obj], c.var.cluster.labNow(state.settings), {
            version: tableVersion,
            includeObject,
            resourceVersion: String(state.revision),
          })
        : obj,
  });
}

async function list(c: Ctx, type: ResourceType, namespace: string | undefined): Promise<Response> {
  const select = selection(c, type, namespace);
  if (isWatch(c)) return watch(c, type, select);
  const state = await c.var.cluster.state(c.var.labId);
  return answer(c, type, state, select(state), { namespace, single: false });
}

async function get(c: Ctx, type: ResourceType, namespace: string, name: string): Promise<Response> {
  const state = await c.var.cluster.state(c.var.labId);
  const now = c.var.cluster.labNow(state.settings);
  const obj = findServed(state, type.kind, type.namespaced ? namespace : '', name, now);
  if (!obj) throw notFound(type, name);
  return answer(c, type, state, [obj], { namespace, single: true });
}

async function create(c: Ctx, type: ResourceType, namespace: string): Promise<Response> {
  requireWritable(type);
  const obj = await decodeBody(c, type);
  checkTarget(type, obj, namespace);
  const { object } = await write(c, type, namespace, obj, 'create');
  return c.json(object, 201);
}

async function replace(
  c: Ctx,
  type: ResourceType,
  namespace: string,
  name: string,
): Promise<Response> {
  requireWritable(type);
  const obj = await decodeBody(c, type);
  checkTarget(type, obj, namespace, name);
  const { object } = await write(c, type, namespace, obj, 'update');
  return c.json(object);
}

/** Registers list/get/create/replace/patch/delete for one API group version prefix. */
function groupRoutes(prefix: string, group: string) {
  const r = new Hono<AppEnv>();
  const ns = (c: Ctx) => c.req.param('ns') ?? '';
  const name = (c: Ctx) => c.req.param('name') ?? '';
  const t = (c: Ctx, namespaced?: boolean) =>
    resolveType(group, c.req.param('resource') ?? '', namespaced);
  const item = `${prefix}/namespaces/:ns/:resource/:name`;
  r.get(`${prefix}/namespaces/:ns/:resource`, (c) => list(c, t(c, true), ns(c)));
  r.post(`${prefix}/namespaces/:ns/:resource`, limitBody, (c) => create(c, t(c, true), ns(c)));
  r.get(item, (c) => get(c, t(c, true), ns(c), name(c)));
  r.put(item, limitBody, (c) => replace(c, t(c, true), ns(c), name(c)));
  r.patch(item, limitBody, (c) => patch(c, t(c, true), ns(c), name(c)));
  r.delete(item, limitBody, (c) => deleteResource(c, t(c, true), ns(c), name(c)));
  r.get(`${prefix}/:resource`, (c) => list(c, t(c), undefined));
  const cluster = (c: Ctx) => {
    const type = t(c);
    if (type.namespaced) throw resourceNotFound();
    return type;
  };
  r.post(`${prefix}/:resource`, limitBody, (c) => create(c, cluster(c), ''));
  r.get(`${prefix}/:resource/:name`, (c) => get(c, cluster(c), '', name(c)));
  r.put(`${prefix}/:resource/:name`, limitBody, (c) => replace(c, cluster(c), '', name(c)));
  r.patch(`${prefix}/:resource/:name`, limitBody, (c) => patch(c, cluster(c), '', name(c)));
  r.delete(`${prefix}/:resource/:name`, limitBody, (c) =>
    deleteResource(c, cluster(c), '', name(c)),
  );
  return r;
}

const GROUP_VERSIONS = [...new Set(RESOURCE_TYPES.map(apiVersionOf))];

export const resourceRoutes = GROUP_VERSIONS.reduce(
  (routes, gv) => {
    const group = gv.includes('/') ? gv.split('/')[0]! : '';
    return routes.route('/', groupRoutes(group ? `/apis/${gv}` : `/api/${gv}`, group));
  },
  new Hono<AppEnv>()
    .on(
      ['GET', 'PUT', 'PATCH'],
      '/apis/apps/v1/namespaces/:ns/deployments/:name/scale',
      limitBody,
      (c) => scale(c, c.req.param('ns'), c.req.param('name')),
    )
    .route('/', statusRoutes(get)),
);
