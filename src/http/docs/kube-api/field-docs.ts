// Kubernetes' own API documentation laid over the component schemas the lab builds from its zod
// schemas: descriptions, enums, required lists and IntOrString types as kube-apiserver serves them,
// so `kubectl explain` teaches what it teaches on a real cluster. The texts come from
// field-docs.generated.ts (scripts/generate-k8s-docs.ts); the structure stays the lab's, so
// explain lists only the fields the lab knows, and fields it accepts and drops say so.
import { INT_OR_STRING_DESCRIPTION, KUBERNETES_DOCS } from './field-docs.generated';
import { UNMODELED_NOTE, type JsonSchema } from './schemas';
import type { FieldDocs, StructDocs } from './struct-docs';

export type { FieldDocs, StructDocs };

export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

/**
 * IntOrString as the v3 documents define it: `oneOf` without a `type`, which kubectl explain
 * prints as `<IntOrString>` (a `type: string` schema would print `<string>`).
 */
const INT_OR_STRING_SCHEMA: JsonSchema = {
  description: INT_OR_STRING_DESCRIPTION,
  format: 'int-or-string',
  oneOf: [{ type: 'integer' }, { type: 'string' }],
};

/** A field the lab's schema has where the Kubernetes struct has none (a shared lab schema). */
const NOT_IN_KUBERNETES =
  'Not a field of this struct in Kubernetes: NodePort Lab serves one schema for several structs.';

function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function documentedField(schema: JsonSchema, docs: FieldDocs): JsonSchema {
  const unmodeled = schema.description === UNMODELED_NOTE;
  const out: JsonSchema = unmodeled && docs.shape ? { ...docs.shape, ...schema } : { ...schema };
  if (docs.description) {
    out.description = unmodeled ? `${docs.description}\n\n${UNMODELED_NOTE}` : docs.description;
  }
  if (docs.enum) {
    if (out.type === 'array' && out.items)
      out.items = { ...(out.items as JsonSchema), enum: docs.enum };
    else if (!out.$ref && !out.allOf) out.enum = docs.enum;
  }
  if (docs.type === 'IntOrString' && !unmodeled) {
    const { type: _t, format: _f, 'x-kubernetes-int-or-string': _i, ...rest } = out;
    return { ...rest, allOf: [{ $ref: `#/components/schemas/${INT_OR_STRING}` }] };
  }
  return out;
}

function documentedStruct(schema: JsonSchema, docs: StructDocs): JsonSchema {
  const out: JsonSchema = { ...schema };
  if (docs.description) out.description = docs.description;
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (properties) {
    const required = (docs.required ?? []).filter((f) => Object.hasOwn(properties, f));
    if (required.length > 0) out.required = required;
    else delete out.required;
    out.properties = Object.fromEntries(
      Object.entries(properties).map(([field, child]) => {
        const fieldDocs = own(docs.fields, field);
        if (fieldDocs) return [field, documentedField(child, fieldDocs)];
        return [field, child.description ? child : { ...child, description: NOT_IN_KUBERNETES }];
      }),
    );
  }
  return out;
}

/** Lays Kubernetes' documentation over `components` in place, adding IntOrString when used. */
export function addKubernetesDocs(components: Record<string, JsonSchema>): void {
  for (const [name, schema] of Object.entries(components)) {
    const docs = own(KUBERNETES_DOCS, name);
    if (docs) components[name] = documentedStruct(schema, docs);
  }
  if (JSON.stringify(components).includes(`/${INT_OR_STRING}"`)) {
    components[INT_OR_STRING] = INT_OR_STRING_SCHEMA;
  }
}
