// The Kubernetes resource paths, one set per served resource type (src/domain/apimachinery/resources.ts): the
// routes in resources.ts take `:resource` as a parameter; the document names each resource, so
// every operation carries its own kind's schema.
import { RESOURCE_TYPES, type ResourceType } from '../../../domain/apimachinery/resources';
import { STATUS_KINDS } from '../../../domain/registry/status-update';
import { strategyFor } from '../../../domain/registry/strategies';
import type { JsonSchema } from './components';
import {
  type Examples,
  failures,
  jsonResponse,
  media,
  pathParam,
  queryParam,
  textContent,
  type Method,
  type RouteDoc,
} from './operations';
import { statusRouteDocs } from './paths-status';
import { kindExample } from './tutorial-manifests';

/** `/api/v1` for the core group, `/apis/<group>/<version>` for the others. */
export function groupPrefix(type: { group: string; version: string }): string {
  return type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`;
}

/** True when clients may create, replace, patch and delete objects of the type. */
export function isWritable(type: ResourceType): boolean {
  return type.writable && strategyFor(type) !== undefined;
}

/** The tag an operation on `type` is listed under: `Services`, `Deployments`. */
export function resourceTag(type: ResourceType): string {
  return type.kind === 'Endpoints' ? 'Endpoints' : `${type.kind}s`;
}

const ns = pathParam('ns', 'The namespace.', 'default');
const name = (type: ResourceType) =>
  pathParam('name', `The ${type.singular}'s metadata.name.`, exampleName(type));
const labelSelector = queryParam(
  'labelSelector',
  'Equality-based label selector, as `kubectl get -l`: `app=web,tier!=db`.',
  { type: 'string' },
);
const output = queryParam(
  'output',
  '`wide` adds the wide columns of `kubectl get -o wide` to a text table.',
  { type: 'string', enum: ['wide'] },
);
const dryRun = queryParam('dryRun', '`All` validates and answers without storing anything.', {
  type: 'string',
  enum: ['All'],
});

function exampleName(type: ResourceType): string {
  const names: Record<string, string> = {
    Service: 'nginx-nodeport-service',
    Pod: 'nginx-pod',
    Deployment: 'myapp-deployment',
    Node: 'node01',
    Namespace: 'default',
    Endpoints: 'kubernetes',
    ConfigMap: 'nginx-echo-config',
  };
  return names[type.kind] ?? 'example';
}

interface KindDocs {
  ex: Examples;
  type: ResourceType;
  /** Component names of the object and its list (KubernetesObject when the kind has none). */
  schema: string;
  list: string;
}

function read(d: KindDocs, many: boolean, allNamespaces: boolean): JsonSchema {
  const { type, ex } = d;
  const what = many ? (allNamespaces ? `${type.resource} in every namespace` : type.resource) : '';
  const examples = (json: string[], text: string[]) =>
    type.kind === 'Service' && many && !allNamespaces ? { json, text } : { json: [], text: [] };
  const { json, text } = examples(['service-list'], ['service-table']);
  return {
    operationId: many
      ? `list${type.kind}${allNamespaces ? 'ForAllNamespaces' : ''}`
      : `read${type.kind}`,
    summary: many ? `List ${what}` : `Read a ${type.singular}`,
    description: many
      ? `kubectl get ${type.resource}${allNamespaces ? ' -A' : ''}. With \`Accept: text/plain\` the answer is the table kubectl prints.`
      : `kubectl get ${type.singular} <name> -o json; \`Accept: text/plain\` for the table row.`,
    parameters: many ? [labelSelector, output] : [output],
    responses: {
      '200': {
        description: many ? `The ${type.kind}List, or its table.` : `The ${type.kind}.`,
        content: {
          'application/json': media(ex, many ? d.list : d.schema, { examples: json }),
          ...textContent(ex, 'The kubectl get table.', text),
        },
      },
      ...failures(ex, many ? [400] : [404], many ? [] : notFoundExample(type)),
    },
  };
}

function notFoundExample(type: ResourceType): string[] {
  return type.kind === 'Service' ? ['service-not-found'] : [];
}

function body(d: KindDocs): JsonSchema {
  const yaml = kindExample(d.ex, d.type.kind);
  return {
    required: true,
    description: `One ${d.type.kind}, as YAML or JSON.`,
    content: {
      'application/yaml': media(d.ex, { type: 'string' }, yaml ? { example: yaml } : {}),
      'application/json': media(d.ex, d.schema),
    },
  };
}

function write(d: KindDocs, verb: 'create' | 'replace' | 'patch' | 'delete'): JsonSchema {
  const { type, ex } = d;
  const isService = type.kind === 'Service';
  const summaries = {
    create: `Create a ${type.singular}`,
    replace: `Replace a ${type.singular}`,
    patch: `Patch a ${type.singular} (JSON merge patch)`,
    delete: `Delete a ${type.singular}`,
  };
  const errors: Record<typeof verb, [number[], string[]]> = {
    create: [
      [400, 409, 413, 415, 422],
      isService ? ['malformed-yaml', 'service-exists', 'invalid-nodeport-80'] : [],
    ],
    replace: [[400, 404, 409, 413, 415, 422], []],
    patch: [[400, 404, 413, 415, 422], isService ? ['service-not-found'] : []],
    delete: [[403, 404], type.kind === 'Namespace' ? ['namespace-forbidden'] : []],
  };
  const [codes, examples] = errors[verb];
  const patchBody = {
    required: true,
    content: {
      'application/merge-patch+json': media(
        ex,
        { type: 'object' },
        { example: patchExample(type) },
      ),
      'application/strategic-merge-patch+json': media(ex, { type: 'object' }),
    },
  };
  return {
    operationId: `${verb}${type.kind}`,
    summary: summaries[verb],
    parameters: verb === 'delete' ? [] : [dryRun],
    ...(verb === 'create' || verb === 'replace' ? { requestBody: body(d) } : {}),
    ...(verb === 'patch' ? { requestBody: patchBody } : {}),
    responses: {
      [verb === 'create' ? '201' : '200']: jsonResponse(
        ex,
        verb === 'delete' ? `The deleted ${type.kind}.` : `The ${type.kind} as stored.`,
        d.schema,
      ),
      ...failures(ex, codes, examples),
    },
  };
}

function patchExample(type: ResourceType): JsonSchema {
  if (type.kind === 'Service') return { spec: { ports: [{ port: 80, nodePort: 31111 }] } };
  if (type.kind === 'Deployment') return { spec: { replicas: 5 } };
  return { metadata: { labels: { tier: 'frontend' } } };
}

function scaleRoutes(d: KindDocs, item: string): RouteDoc[] {
  const path = `${item}/scale`;
  const ok = (s: string) => jsonResponse(d.ex, s, 'ScaleResult');
  const scaleBody = (types: string[]) => ({
    required: true,
    content: Object.fromEntries(
      types.map((t) => [t, media(d.ex, t.includes('patch') ? { type: 'object' } : 'Scale')]),
    ),
  });
  const common = { parameters: [ns, name(d.type)] };
  return [
    {
      method: 'get',
      path,
      operation: {
        ...common,
        operationId: 'readDeploymentScale',
        summary: 'Read the scale of a deployment',
        responses: { '200': ok('The Scale.'), ...failures(d.ex, [404]) },
      },
    },
    {
      method: 'put',
      path,
      operation: {
        ...common,
        operationId: 'replaceDeploymentScale',
        summary: 'Set the replicas of a deployment (kubectl scale)',
        requestBody: scaleBody(['application/json', 'application/yaml']),
        responses: { '200': ok('The new Scale.'), ...failures(d.ex, [400, 404, 415, 422]) },
      },
    },
    {
      method: 'patch',
      path,
      operation: {
        ...common,
        operationId: 'patchDeploymentScale',
        summary: 'Patch the replicas of a deployment',
        requestBody: scaleBody([
          'application/merge-patch+json',
          'application/strategic-merge-patch+json',
        ]),
        responses: { '200': ok('The new Scale.'), ...failures(d.ex, [400, 404, 415, 422]) },
      },
    },
  ];
}

/** Every documented operation on the Kubernetes resource paths. */
export function kubernetesRoutes(ex: Examples, kinds: Set<string>): RouteDoc[] {
  const routes: RouteDoc[] = [];
  for (const type of RESOURCE_TYPES) {
    const known = kinds.has(type.kind);
    const d: KindDocs = {
      ex,
      type,
      schema: known ? type.kind : 'KubernetesObject',
      list: known ? `${type.kind}List` : 'KubernetesObject',
    };
    const prefix = groupPrefix(type);
    const scope = type.namespaced ? [ns] : [];
    const collection = type.namespaced
      ? `${prefix}/namespaces/{ns}/${type.resource}`
      : `${prefix}/${type.resource}`;
    const item = `${collection}/{name}`;
    const tag = resourceTag(type);
    const add = (method: Method, path: string, params: JsonSchema[], operation: JsonSchema) => {
      const own = (operation.parameters as JsonSchema[] | undefined) ?? [];
      const parameters = [...params, ...own];
      const { parameters: _own, ...rest } = operation;
      routes.push({
        method,
        path,
        operation: { tags: [tag], ...rest, ...(parameters.length ? { parameters } : {}) },
      });
    };
    add('get', collection, scope, read(d, true, false));
    if (type.namespaced) add('get', `${prefix}/${type.resource}`, [], read(d, true, true));
    add('get', item, [...scope, name(type)], read(d, false, false));
    if (isWritable(type)) {
      add('post', collection, scope, write(d, 'create'));
      add('put', item, [...scope, name(type)], write(d, 'replace'));
      add('patch', item, [...scope, name(type)], write(d, 'patch'));
      add('delete', item, [...scope, name(type)], write(d, 'delete'));
    }
    const subresources = [
      ...(type.kind === 'Deployment' ? scaleRoutes(d, item) : []),
      ...(STATUS_KINDS.has(type.kind)
        ? statusRouteDocs(ex, type, d.schema, item, [...scope, name(type)])
        : []),
    ];
    for (const r of subresources) routes.push({ ...r, operation: { tags: [tag], ...r.operation } });
  }
  return routes;
}
