// The Kubernetes OpenAPI v3 documents (/openapi/v3 and one per group version), generated from the
// zod schemas: kubectl reads them to check that the server validates fields itself
// (`fieldValidation` on PATCH), to compute strategic merge patches, and for `kubectl explain`.
import { Hono } from 'hono';
import {
  RESOURCE_TYPES,
  apiVersionOf,
  type ResourceType,
} from '../../../domain/apimachinery/resources';
import { STATUS_KINDS } from '../../../domain/registry/status-update';
import type { AppEnv } from '../../context';
import { addKubernetesDocs } from './field-docs';
import { addKindSchemas, ref, type JsonSchema } from './schemas';
import {
  OPENAPI_V2_PROTOBUF,
  OPENAPI_V2_PROTOBUF_ANSWER,
  swaggerDocument,
  swaggerProtobuf,
} from './openapi-v2';

const JSON_TYPES = ['application/json', 'application/yaml'];

function param(name: string, where: 'path' | 'query', description: string): JsonSchema {
  return {
    name,
    in: where,
    description,
    ...(where === 'path' ? { required: true } : {}),
    schema: { type: 'string', uniqueItems: true },
  };
}

const WRITE_PARAMS = [
  param('dryRun', 'query', 'When present (All), the change is validated but not persisted.'),
  param('fieldManager', 'query', 'A name for the actor making the change.'),
  param(
    'fieldValidation',
    'query',
    'Ignore, Warn (default) or Strict: what to do with fields the object schema does not know.',
  ),
];
const LIST_PARAMS = [
  param('labelSelector', 'query', 'Equality-based label selector: app=web,tier!=db.'),
  param('fieldSelector', 'query', 'Field selector: metadata.name=web.'),
];

function content(schema: JsonSchema, types = JSON_TYPES) {
  return Object.fromEntries(types.map((t) => [t, { schema }]));
}

function operation(
  type: ResourceType,
  action: string,
  summary: string,
  extra: JsonSchema = {},
  gvk: { group: string; version: string; kind: string } = type,
): JsonSchema {
  const {
    parameters,
    response = ref(type.kind),
    ...rest
  } = extra as {
    parameters?: JsonSchema[];
    response?: JsonSchema;
  };
  const readOnly = !type.writable && !['get', 'list'].includes(action);
  return {
    description: readOnly
      ? `${summary}. Answers 405 MethodNotAllowed: the cluster creates and updates ${type.resource} itself.`
      : summary,
    operationId: `${action}${type.kind}`,
    ...(parameters ? { parameters } : {}),
    ...rest,
    responses: { '200': { description: 'OK', content: content(response) } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: gvk.group, version: gvk.version, kind: gvk.kind },
  };
}

function pathsFor(type: ResourceType): Record<string, JsonSchema> {
  const base = type.group ? `/apis/${apiVersionOf(type)}` : `/api/${type.version}`;
  const collection = type.namespaced
    ? `${base}/namespaces/{namespace}/${type.resource}`
    : `${base}/${type.resource}`;
  const scope = type.namespaced ? [param('namespace', 'path', 'object name and auth scope')] : [];
  const body = { content: content(ref(type.kind)), required: true };
  const patchBody = {
    content: content({ type: 'object' }, [
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
      'application/apply-patch+yaml',
    ]),
    required: true,
  };
  const paths: Record<string, JsonSchema> = {
    [collection]: {
      parameters: scope,
      get: operation(type, 'list', `list ${type.resource}`, {
        parameters: LIST_PARAMS,
        response: { $ref: `${ref(type.kind).$ref as string}List` },
      }),
      post: operation(type, 'post', `create a ${type.kind}`, {
        parameters: WRITE_PARAMS,
        requestBody: body,
      }),
    },
    [`${collection}/{name}`]: {
      parameters: [param('name', 'path', `name of the ${type.kind}`), ...scope],
      get: operation(type, 'get', `read the specified ${type.kind}`),
      put: operation(type, 'put', `replace the specified ${type.kind}`, {
        parameters: WRITE_PARAMS,
        requestBody: body,
      }),
      patch: operation(type, 'patch', `partially update the specified ${type.kind}`, {
        parameters: [...WRITE_PARAMS, param('force', 'query', 'Force an apply (ignored).')],
        requestBody: patchBody,
      }),
      delete: operation(type, 'delete', `delete a ${type.kind}`, {
        parameters: [WRITE_PARAMS[0]!],
      }),
    },
  };
  if (type.namespaced) {
    paths[`${base}/${type.resource}`] = {
      get: operation(type, 'list', `list ${type.resource} in all namespaces`, {
        parameters: LIST_PARAMS,
        response: { $ref: `${ref(type.kind).$ref as string}List` },
      }),
    };
  }
  if (type.kind === 'Deployment') {
    const scaleGvk = { group: 'autoscaling', version: 'v1', kind: 'Scale' };
    const scaleOp = (action: string, summary: string, extra: JsonSchema = {}) =>
      operation(type, action, summary, { response: ref('Scale'), ...extra }, scaleGvk);
    paths[`${collection}/{name}/scale`] = {
      parameters: [param('name', 'path', 'name of the Scale'), ...scope],
      get: scaleOp('get', 'read scale of the specified Deployment'),
      put: scaleOp('put', 'replace scale of the specified Deployment', {
        parameters: WRITE_PARAMS,
        requestBody: { content: content(ref('Scale')), required: true },
      }),
      patch: scaleOp('patch', 'partially update scale of the specified Deployment', {
        parameters: WRITE_PARAMS,
        requestBody: patchBody,
      }),
    };
  }
  if (STATUS_KINDS.has(type.kind)) {
    const statusOp = (action: string, verb: string, extra: JsonSchema = {}) =>
      operation(type, action, `${verb} status of the specified ${type.kind}`, {
        operationId: `${action}${type.kind}Status`,
        ...extra,
      });
    paths[`${collection}/{name}/status`] = {
      parameters: [param('name', 'path', `name of the ${type.kind}`), ...scope],
      get: statusOp('get', 'read'),
      put: statusOp('put', 'replace', { parameters: WRITE_PARAMS, requestBody: body }),
      patch: statusOp('patch', 'partially update', {
        parameters: WRITE_PARAMS,
        requestBody: patchBody,
      }),
    };
  }
  return paths;
}

/** The OpenAPI v3 document of one group version (`v1`, `apps/v1`), or undefined if not served. */
export function groupVersionDocument(groupVersion: string): JsonSchema | undefined {
  const types = RESOURCE_TYPES.filter((t) => apiVersionOf(t) === groupVersion);
  if (types.length === 0) return undefined;
  const schemas: Record<string, JsonSchema> = {};
  const paths: Record<string, JsonSchema> = {};
  for (const type of types) {
    addKindSchemas(type, schemas);
    Object.assign(paths, pathsFor(type));
  }
  if (groupVersion === 'apps/v1') {
    addKindSchemas({ kind: 'Scale', group: 'autoscaling', version: 'v1' }, schemas);
  }
  addKubernetesDocs(schemas);
  return {
    openapi: '3.0.0',
    info: { title: 'NodePort Lab', version: groupVersion },
    paths,
    components: { schemas },
  };
}

/** A short, stable content hash (FNV-1a, 64-bit) for the documents' cache-busting URLs. */
function contentHash(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).toUpperCase().padStart(16, '0');
}

/** `v1` -> `api/v1`, `apps/v1` -> `apis/apps/v1`: the paths the v3 root lists. */
function docPath(groupVersion: string): string {
  return groupVersion.includes('/') ? `apis/${groupVersion}` : `api/${groupVersion}`;
}

const GROUP_VERSIONS = [...new Set(RESOURCE_TYPES.map(apiVersionOf))];

/** Every served group version's document, serialized once (the schemas never change at runtime). */
const DOCUMENTS = new Map(
  GROUP_VERSIONS.map((gv) => {
    const text = JSON.stringify(groupVersionDocument(gv));
    return [docPath(gv), { text, hash: contentHash(text) }];
  }),
);

/** The v2 document, built on first use (only older clients ask for it). */
let swagger: { json: string; protobuf: Uint8Array; hash: string } | undefined;
function swaggerDocuments() {
  if (!swagger) {
    const doc = swaggerDocument(GROUP_VERSIONS.map((gv) => groupVersionDocument(gv)!));
    const json = JSON.stringify(doc);
    swagger = { json, protobuf: swaggerProtobuf(doc), hash: contentHash(json) };
  }
  return swagger;
}

export const openApiRoutes = new Hono<AppEnv>()
  .get('/openapi/v2', (c) => {
    const v2 = swaggerDocuments();
    c.header('Etag', `"${v2.hash}"`);
    c.header('Vary', 'Accept');
    if ((c.req.header('accept') ?? '').includes(OPENAPI_V2_PROTOBUF)) {
      c.header('Content-Type', OPENAPI_V2_PROTOBUF_ANSWER);
      // finish() allocates an exact-size buffer, so the whole buffer is the message.
      return c.body(v2.protobuf.buffer as ArrayBuffer);
    }
    c.header('Content-Type', 'application/json');
    return c.body(v2.json);
  })
  .get('/openapi/v3', (c) =>
    c.json({
      paths: Object.fromEntries(
        [...DOCUMENTS].map(([path, doc]) => [
          path,
          { serverRelativeURL: `/openapi/v3/${path}?hash=${doc.hash}` },
        ]),
      ),
    }),
  )
  .get('/openapi/v3/*', (c, next) => {
    // The path after /openapi/v3/, also under a /k8s/<lab> prefix.
    const doc = DOCUMENTS.get(c.req.path.split('/openapi/v3/')[1] ?? '');
    if (!doc) return next();
    c.header('Content-Type', 'application/json');
    c.header('Etag', `"${doc.hash}"`);
    c.header(
      'Cache-Control',
      c.req.query('hash') === doc.hash ? 'public, immutable' : 'no-cache, private',
    );
    return c.body(doc.text);
  });
