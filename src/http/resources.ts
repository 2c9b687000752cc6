// Kubernetes resource paths (/api/v1/..., /apis/apps/v1/...) served the way kube-apiserver does.
import { Hono, type Context } from 'hono';
import { listKind, findObject } from '../domain/cluster-view';
import { ApiError, badRequest, notFound } from '../domain/errors';
import { matchesSelector, parseLabelSelector } from '../domain/label-selector';
import { mergePatch } from '../domain/merge-patch';
import type { IncomingObject, KubeObject } from '../domain/objects';
import { deleteObject, scaleDeployment, writeObject, type WriteMode } from '../domain/operations';
import { apiVersionOf, typeForResource, typeOf, type ResourceType } from '../domain/resources';
import { decodeObject } from '../manifest/decode';
import { isRecord } from '../manifest/parse';
import { bodyFormat, limitBody, MANIFEST_TYPES, readDocuments, wantsText } from './body';
import type { AppEnv } from './context';
import { renderTableText } from './tables';

type Ctx = Context<AppEnv>;

function resolveType(
  group: string,
  resource: string,
  namespaced: boolean | undefined,
): ResourceType {
  const type = typeForResource(group, resource);
  if (!type || (namespaced && !type.namespaced)) {
    throw new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
  }
  return type;
}

async function list(c: Ctx, type: ResourceType, namespace: string | undefined): Promise<Response> {
  const state = await c.var.cluster.state(c.var.labId);
  const selector = parseLabelSelector(c.req.query('labelSelector') ?? '');
  const items = listKind(state, type.kind, type.namespaced ? namespace : undefined).filter((o) =>
    matchesSelector(selector, o.metadata.labels),
  );
  if (wantsText(c)) {
    const now = c.var.cluster.labNow(state.settings);
    return c.text(
      renderTableText(
        type,
        items,
        now,
        c.req.query('output') === 'wide',
        namespace === undefined,
        namespace,
      ),
    );
  }
  return c.json({
    kind: `${type.kind}List`,
    apiVersion: apiVersionOf(type),
    metadata: { resourceVersion: String(state.revision) },
    items,
  });
}

async function get(c: Ctx, type: ResourceType, namespace: string, name: string): Promise<Response> {
  const state = await c.var.cluster.state(c.var.labId);
  const obj = findObject(state, type.kind, type.namespaced ? namespace : '', name);
  if (!obj) throw notFound(type, name);
  if (wantsText(c)) {
    const now = c.var.cluster.labNow(state.settings);
    return c.text(renderTableText(type, [obj], now, c.req.query('output') === 'wide', false));
  }
  return c.json(obj);
}

async function decodeBody(c: Ctx, type: ResourceType): Promise<IncomingObject> {
  const docs = await readDocuments(c);
  if (docs.length !== 1)
    throw badRequest(`expected exactly one object in the body, got ${docs.length}`);
  const { type: bodyType, object } = decodeObject(docs[0], 0);
  if (bodyType.kind !== type.kind) {
    throw badRequest(
      `the API version in the data (${object.apiVersion}) and kind (${object.kind}) do not match the request path (${type.resource})`,
    );
  }
  return object;
}

function checkTarget(
  type: ResourceType,
  obj: IncomingObject,
  namespace: string,
  name?: string,
): void {
  if (type.namespaced && obj.metadata.namespace && obj.metadata.namespace !== namespace) {
    throw badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  if (name !== undefined && obj.metadata.name !== name) {
    throw badRequest(
      `the name of the object (${obj.metadata.name ?? ''}) does not match the name on the URL (${name})`,
    );
  }
}

async function write(
  c: Ctx,
  type: ResourceType,
  namespace: string,
  obj: IncomingObject,
  mode: WriteMode,
) {
  const dryRun = c.req.query('dryRun') === 'All';
  const { result, draft } = await c.var.cluster.mutate(
    c.var.labId,
    (d) => writeObject(d, type, obj, mode, namespace),
    { dryRun },
  );
  const stored = draft.get(
    type.kind,
    result.object.metadata.namespace ?? '',
    result.object.metadata.name,
  );
  return { action: result.action, object: stored ?? result.object };
}

async function create(c: Ctx, type: ResourceType, namespace: string): Promise<Response> {
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
  const obj = await decodeBody(c, type);
  checkTarget(type, obj, namespace, name);
  const { object } = await write(c, type, namespace, obj, 'update');
  return c.json(object);
}

const PATCH_TYPES = ['application/merge-patch+json', 'application/strategic-merge-patch+json'];

async function patch(
  c: Ctx,
  type: ResourceType,
  namespace: string,
  name: string,
): Promise<Response> {
  bodyFormat(c, PATCH_TYPES);
  let body: unknown;
  try {
    body = await c.req.json();
  } catch (e) {
    throw badRequest(`error decoding patch: ${(e as Error).message}`);
  }
  if (!isRecord(body)) throw badRequest('a merge patch must be a JSON object');
  const state = await c.var.cluster.state(c.var.labId);
  const old = findObject(state, type.kind, type.namespaced ? namespace : '', name);
  if (!old) throw notFound(type, name);
  const merged = mergePatch(old, body);
  const { object: decoded } = decodeObject(merged, 0);
  checkTarget(type, decoded, namespace, name);
  delete decoded.metadata.resourceVersion;
  const { object } = await write(c, type, namespace, decoded, 'update');
  return c.json(object);
}

async function remove(
  c: Ctx,
  type: ResourceType,
  namespace: string,
  name: string,
): Promise<Response> {
  const { result } = await c.var.cluster.mutate(
    c.var.labId,
    (d) => deleteObject(d, type, namespace, name),
    {
      dryRun: c.req.query('dryRun') === 'All',
    },
  );
  return c.json(result as KubeObject);
}

function scaleOf(d: KubeObject) {
  const spec = (d.spec ?? {}) as {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string> };
  };
  const status = (d.status ?? {}) as { replicas?: number };
  const selector = Object.entries(spec.selector?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: d.metadata.name,
      namespace: d.metadata.namespace,
      uid: d.metadata.uid,
      resourceVersion: d.metadata.resourceVersion,
      creationTimestamp: d.metadata.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 1 },
    status: { replicas: status.replicas ?? 0, selector },
  };
}

async function scale(c: Ctx, namespace: string, name: string): Promise<Response> {
  const type = typeOf('Deployment');
  if (c.req.method === 'GET') {
    const state = await c.var.cluster.state(c.var.labId);
    const d = findObject(state, 'Deployment', namespace, name);
    if (!d) throw notFound(type, name);
    return c.json(scaleOf(d));
  }
  const format = bodyFormat(c, c.req.method === 'PATCH' ? PATCH_TYPES : MANIFEST_TYPES);
  const body: unknown =
    format === 'json' ? await c.req.json().catch(() => undefined) : (await readDocuments(c))[0];
  if (!isRecord(body)) throw badRequest('the body must be a Scale object');
  const replicas = isRecord(body.spec) ? body.spec.replicas : undefined;
  const { draft } = await c.var.cluster.mutate(c.var.labId, (d) =>
    scaleDeployment(d, namespace, name, replicas),
  );
  return c.json(scaleOf(draft.get('Deployment', namespace, name)!));
}

/** Registers list/get/create/replace/patch/delete for one API group prefix. */
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
  r.delete(item, (c) => remove(c, t(c, true), ns(c), name(c)));
  r.get(`${prefix}/:resource`, (c) => list(c, t(c), undefined));
  const cluster = (c: Ctx) => {
    const type = t(c);
    if (type.namespaced)
      throw new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
    return type;
  };
  r.post(`${prefix}/:resource`, limitBody, (c) => create(c, cluster(c), ''));
  r.get(`${prefix}/:resource/:name`, (c) => get(c, cluster(c), '', name(c)));
  r.put(`${prefix}/:resource/:name`, limitBody, (c) => replace(c, cluster(c), '', name(c)));
  r.patch(`${prefix}/:resource/:name`, limitBody, (c) => patch(c, cluster(c), '', name(c)));
  r.delete(`${prefix}/:resource/:name`, (c) => remove(c, cluster(c), '', name(c)));
  return r;
}

export const resourceRoutes = new Hono<AppEnv>()
  .on(
    ['GET', 'PUT', 'PATCH'],
    '/apis/apps/v1/namespaces/:ns/deployments/:name/scale',
    limitBody,
    (c) => scale(c, c.req.param('ns'), c.req.param('name')),
  )
  .route('/', groupRoutes('/api/v1', ''))
  .route('/', groupRoutes('/apis/apps/v1', 'apps'));
