// components.schemas of the OpenAPI document, converted from the zod schemas by zod's own
// z.toJSONSchema: every exported schema of src/schema/ becomes a named component, and the
// request schemas of the handlers (labs, cluster settings) join them.
import { z } from 'zod';
import { RESOURCE_TYPES, apiVersionOf } from '../../../domain/apimachinery/resources';
import * as api from '../../../schema/lab/answers';
import * as discovery from '../../../schema/kube/discovery';
import * as labs from '../../../schema/lab/labs';
import * as traffic from '../../../schema/lab/connections';
import * as debug from '../../../schema/lab/debug';
import * as cloud from '../../../schema/lab/cloud';
import * as core from '../../../schema/kube/core';
import * as derived from '../../../schema/kube/derived';
import { OBJECT_SCHEMAS } from '../../../schema/kube/index';
import * as meta from '../../../schema/kube/meta';
import * as pod from '../../../schema/kube/pod';
import * as service from '../../../schema/kube/service';
import * as workloads from '../../../schema/kube/workloads';
import { CHECK_SCHEMAS } from '../../lab-api/check-schema';
import { ClockAdvance, ClusterPatch } from '../../lab-api/cluster-settings';
import { CreateLabRequest } from '../../lab-api/labs';

export type JsonSchema = Record<string, unknown>;

const SCHEMA_MODULES: Record<string, unknown>[] = [
  meta,
  derived,
  core,
  pod,
  service,
  workloads,
  api,
  traffic,
  debug,
  cloud,
  labs,
  discovery,
];

/** Every kind the cluster serves that has a schema: decoded kinds and derived ones. */
export const KIND_SCHEMAS: Record<string, z.ZodType> = {
  ...OBJECT_SCHEMAS,
  EndpointSlice: derived.EndpointSlice,
  Event: derived.Event,
};

/** `objectExists` -> `ObjectExistsCheck`. */
const checkName = (type: string) => `${type[0]!.toUpperCase()}${type.slice(1)}Check`;

/** The request schemas the handlers validate with, under their component names. */
function requestSchemas(): Record<string, z.ZodType> {
  const checks = Object.values(CHECK_SCHEMAS) as [z.ZodType, z.ZodType, ...z.ZodType[]];
  const Check = z.union(checks).meta({ description: 'One grading check; `type` says which.' });
  return {
    CreateLabRequest,
    ClusterPatch,
    ClockAdvance,
    ...Object.fromEntries(Object.entries(CHECK_SCHEMAS).map(([t, s]) => [checkName(t), s])),
    Check,
    CheckList: z
      .union([z.array(Check), z.strictObject({ checks: z.array(Check) })])
      .meta({ description: 'The checks to run: a list, or `{"checks": [...]}`.' }),
    TemplateDetail: labs.TemplateSummary.extend({
      startingState: z.string().meta({ description: 'Manifests applied when the lab starts.' }),
      checks: z.array(Check),
      cloud: z
        .strictObject({
          firewall: cloud.Firewall.optional(),
          loadBalancerPool: cloud.LoadBalancerPool.optional(),
        })
        .optional()
        .meta({ description: 'The firewall and balancer pool a lab of the lesson starts with.' }),
      solution: z
        .string()
        .optional()
        .meta({ description: 'Manifests that pass every check; shown to the admin only.' }),
      solutionCloud: z
        .strictObject({
          firewall: cloud.Firewall.nullable().optional(),
          loadBalancerPool: cloud.LoadBalancerPool.optional(),
        })
        .optional()
        .meta({ description: 'What the solution changes with PATCH /cluster; admin only.' }),
    }),
  };
}

/** `<Kind>List`, as kube-apiserver answers a list. */
function listSchema(kind: string, apiVersion: string, item: z.ZodType): z.ZodType {
  return z
    .object({
      kind: z.literal(`${kind}List`),
      apiVersion: z.literal(apiVersion),
      metadata: z.object({ resourceVersion: z.string() }),
      items: z.array(item),
    })
    .meta({ description: `A list of ${kind} objects.` });
}

/** Every named schema: exported PascalCase zod schemas, the object kinds and their lists. */
export function namedSchemas(): Map<string, z.ZodType> {
  const named = new Map<string, z.ZodType>();
  for (const mod of SCHEMA_MODULES) {
    for (const [name, value] of Object.entries(mod)) {
      if (/^[A-Z]/.test(name) && value instanceof z.ZodType) named.set(name, value);
    }
  }
  for (const [name, schema] of Object.entries({ ...KIND_SCHEMAS, ...requestSchemas() })) {
    named.set(name, schema);
  }
  for (const type of RESOURCE_TYPES) {
    const item = KIND_SCHEMAS[type.kind];
    if (item) named.set(`${type.kind}List`, listSchema(type.kind, apiVersionOf(type), item));
  }
  return named;
}

/** `#/components/schemas/<name>` */
export function schemaRef(name: string): JsonSchema {
  return { $ref: `#/components/schemas/${name}` };
}

const GO_TYPE_NAME = /^[A-Z][A-Za-z0-9]*$/;

/** zod's output, tidied for OpenAPI: no safe-integer bounds, Go type names as titles. */
function tidy(ctx: { jsonSchema: JsonSchema }): void {
  const s = ctx.jsonSchema;
  if (s.minimum === Number.MIN_SAFE_INTEGER) delete s.minimum;
  if (s.maximum === Number.MAX_SAFE_INTEGER) delete s.maximum;
  // src/schema describes each struct with its Go type name (decoding errors quote it).
  if (typeof s.description === 'string' && GO_TYPE_NAME.test(s.description)) {
    s.title = s.description;
    delete s.description;
  }
}

/** components.schemas, sorted by name, with `$ref`s between them. */
export function componentSchemas(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  const seen = new Set<z.ZodType>();
  for (const [id, schema] of namedSchemas()) {
    if (seen.has(schema)) continue;
    seen.add(schema);
    registry.add(schema, { id });
  }
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    // Input: what a client may send. Kubernetes objects stay open (unknown fields are dropped,
    // as kube-apiserver does); NodePort Lab's own shapes are strict objects.
    io: 'input',
    uri: (id) => `#/components/schemas/${id}`,
    override: tidy,
  });
  const out: Record<string, JsonSchema> = {};
  for (const name of Object.keys(schemas).sort()) {
    const { $schema: _s, $id: _i, ...schema } = schemas[name] as JsonSchema;
    out[name] = schema;
  }
  return out;
}
