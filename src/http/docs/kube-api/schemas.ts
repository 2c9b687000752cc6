// Kubernetes-style OpenAPI v3 component schemas from the zod object schemas: one component per Go
// struct (the names the schemas are `.describe()`d with), `$ref`s between them, and the
// x-kubernetes extensions kubectl reads (group-version-kind, patch strategy and merge key).
import { z } from 'zod';
import type { ResourceType } from '../../../domain/apimachinery/resources';
import { Lease } from '../../../schema/kube/coordination';
import { EndpointSlice, Event } from '../../../schema/kube/derived';
import { OBJECT_SCHEMAS } from '../../../schema/kube/index';
import { PATCH_STRATEGIES } from '../../../schema/kube/patch-strategies';
import { UNMODELED_FIELDS } from '../../../schema/kube/unmodeled-fields';
import { Scale } from '../../../schema/kube/workloads';

export type JsonSchema = Record<string, unknown>;

/** Every schema NodePort Lab can describe, by kind. */
export const DOCUMENTED_SCHEMAS: Record<string, z.ZodType> = {
  ...OBJECT_SCHEMAS,
  EndpointSlice,
  Event,
  Lease,
  Scale,
};

const META_STRUCTS = new Set([
  'ObjectMeta',
  'OwnerReference',
  'LabelSelector',
  'LabelSelectorRequirement',
]);
const STRUCT_PACKAGES: Record<string, string> = {
  Deployment: 'apps',
  DeploymentSpec: 'apps',
  DeploymentStrategy: 'apps',
  RollingUpdateDeployment: 'apps',
  DeploymentStatus: 'apps',
  DeploymentCondition: 'apps',
  ReplicaSet: 'apps',
  ReplicaSetSpec: 'apps',
  Scale: 'autoscaling',
  ScaleSpec: 'autoscaling',
  EndpointSlice: 'discovery',
  Endpoint: 'discovery',
  EndpointConditions: 'discovery',
  EndpointPort: 'discovery',
  NetworkPolicy: 'networking',
  NetworkPolicySpec: 'networking',
  NetworkPolicyIngressRule: 'networking',
  NetworkPolicyEgressRule: 'networking',
  NetworkPolicyPeer: 'networking',
  NetworkPolicyPort: 'networking',
  IPBlock: 'networking',
  Lease: 'coordination',
  LeaseSpec: 'coordination',
};

/** The definition name Kubernetes uses for a Go struct: `io.k8s.api.core.v1.Service`. */
export function definitionName(struct: string): string {
  if (META_STRUCTS.has(struct)) return `io.k8s.apimachinery.pkg.apis.meta.v1.${struct}`;
  return `io.k8s.api.${STRUCT_PACKAGES[struct] ?? 'core'}.v1.${struct}`;
}

export function ref(struct: string): JsonSchema {
  return { $ref: `#/components/schemas/${definitionName(struct)}` };
}

/** The note on fields the lab accepts and drops (see src/schema/kube/unmodeled-fields.ts). */
export const UNMODELED_NOTE =
  'NodePort Lab accepts this field and drops it: it does not model it (real Kubernetes does).';
const UNMODELED: JsonSchema = { description: UNMODELED_NOTE };

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** One JSON Schema node, Kubernetes-style; named structs go to `components` and become `$ref`s. */
function convert(node: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  const anyOf = node.anyOf as JsonSchema[] | undefined;
  if (anyOf?.some((s) => s.type === 'integer') && anyOf.some((s) => s.type === 'string')) {
    return { type: 'string', format: 'int-or-string', 'x-kubernetes-int-or-string': true };
  }
  const out: JsonSchema = { ...node };
  if (out.type === 'integer' && out.minimum === -MAX_SAFE && out.maximum === MAX_SAFE) {
    delete out.minimum;
    delete out.maximum;
    out.format = 'int32';
  }
  if (Array.isArray(out.enum) && out.enum.length === 1) delete out.enum;
  if (out.items) out.items = convert(out.items as JsonSchema, components);
  if (out.additionalProperties && typeof out.additionalProperties === 'object') {
    out.additionalProperties = convert(out.additionalProperties as JsonSchema, components);
  }
  const struct = typeof out.description === 'string' ? out.description : undefined;
  if (out.properties) {
    const properties: Record<string, JsonSchema> = {};
    for (const [field, child] of Object.entries(out.properties as Record<string, JsonSchema>)) {
      properties[field] = withPatchStrategy(convert(child, components), struct, field);
    }
    for (const field of UNMODELED_FIELDS[struct ?? ''] ?? []) properties[field] ??= UNMODELED;
    out.properties = properties;
  }
  if (struct && out.type === 'object') {
    delete out.description;
    components[definitionName(struct)] ??= out;
    return ref(struct);
  }
  return out;
}

function withPatchStrategy(schema: JsonSchema, struct: string | undefined, field: string) {
  const strategy = PATCH_STRATEGIES[`${struct ?? ''}.${field}`];
  if (!strategy) return schema;
  const extensions = {
    'x-kubernetes-patch-strategy': strategy.strategy,
    ...(strategy.mergeKey ? { 'x-kubernetes-patch-merge-key': strategy.mergeKey } : {}),
  };
  // OpenAPI 3.0 ignores siblings of $ref, so a referenced struct is wrapped as Kubernetes does.
  return schema.$ref ? { allOf: [schema], ...extensions } : { ...schema, ...extensions };
}

/** Adds the component schemas of `kind` (and the structs it uses) to `components`. */
export function addKindSchemas(
  type: Pick<ResourceType, 'kind' | 'group' | 'version'>,
  components: Record<string, JsonSchema>,
): void {
  const schema = DOCUMENTED_SCHEMAS[type.kind];
  if (!schema) return;
  const json = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  convert(json, components);
  const name = definitionName(type.kind);
  components[name] = {
    ...components[name],
    'x-kubernetes-group-version-kind': [
      { group: type.group, version: type.version, kind: type.kind },
    ],
  };
  components[`${name}List`] = {
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object', properties: { resourceVersion: { type: 'string' } } },
      items: { type: 'array', items: ref(type.kind) },
    },
    'x-kubernetes-group-version-kind': [
      { group: type.group, version: type.version, kind: `${type.kind}List` },
    ],
  };
}
