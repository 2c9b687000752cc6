// The OpenAPI v2 (Swagger) document at /openapi/v2, converted from the v3 documents, as JSON or
// in the protobuf form (gnostic's openapi_v2.Document) that kubectl asks for. kubectl before 1.25
// validates manifests against it client-side; newer ones fall back to it when v3 is missing.
import { KUBERNETES_VERSION } from '../../../domain/lab/bootstrap';
import { INT_OR_STRING } from './field-docs';
import type { JsonSchema } from './schemas';
import { ProtoWriter } from '../../codecs/protobuf-writer';

/** What clients ask for; Go's mime parser refuses the `@`, so the answer says `.v1.0` instead. */
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
export const OPENAPI_V2_PROTOBUF_ANSWER =
  'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

type Json = Record<string, unknown>;

/** A v3 schema as v2 writes it: `#/definitions/` refs, `$ref` with sibling extensions. */
function schemaV2(schema: JsonSchema): JsonSchema {
  if (schema['x-kubernetes-int-or-string']) {
    return { type: 'string', format: 'int-or-string' };
  }
  const { allOf, nullable: _, ...rest } = schema as Json & { allOf?: JsonSchema[] };
  const out: JsonSchema = { ...rest };
  const only = allOf?.length === 1 ? allOf[0] : undefined;
  if (only?.$ref) out.$ref = only.$ref;
  if (typeof out.$ref === 'string')
    out.$ref = out.$ref.replace('#/components/schemas/', '#/definitions/');
  if (out.items) out.items = schemaV2(out.items as JsonSchema);
  if (out.additionalProperties && typeof out.additionalProperties === 'object') {
    out.additionalProperties = schemaV2(out.additionalProperties as JsonSchema);
  }
  if (out.properties) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties as Record<string, JsonSchema>).map(([k, v]) => [
        k,
        schemaV2(v),
      ]),
    );
  }
  return out;
}

function parameterV2(p: Json): Json {
  const schema = (p.schema ?? {}) as Json;
  return {
    name: p.name,
    in: p.in,
    ...(p.description ? { description: p.description } : {}),
    ...(p.required ? { required: true } : {}),
    type: schema.type ?? 'string',
    ...(schema.uniqueItems ? { uniqueItems: true } : {}),
  };
}

function operationV2(op: Json): Json {
  const { parameters, requestBody, responses, ...rest } = op as Json & {
    parameters?: Json[];
    requestBody?: { content: Record<string, { schema: JsonSchema }> };
    responses: Record<
      string,
      { description: string; content: Record<string, { schema: JsonSchema }> }
    >;
  };
  const body = requestBody
    ? [
        {
          name: 'body',
          in: 'body',
          required: true,
          schema: schemaV2(Object.values(requestBody.content)[0]?.schema ?? {}),
        },
      ]
    : [];
  return {
    ...rest,
    ...(requestBody ? { consumes: Object.keys(requestBody.content) } : {}),
    produces: ['application/json', 'application/yaml'],
    parameters: [...body, ...(parameters ?? []).map(parameterV2)],
    responses: Object.fromEntries(
      Object.entries(responses).map(([code, r]) => [
        code,
        { description: r.description, schema: schemaV2(Object.values(r.content)[0]?.schema ?? {}) },
      ]),
    ),
  };
}

const VERBS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** The Swagger 2.0 document of every served group version. */
export function swaggerDocument(documents: JsonSchema[]): Json {
  const definitions: Record<string, JsonSchema> = {};
  const paths: Record<string, Json> = {};
  for (const doc of documents) {
    const schemas = (doc.components as { schemas: Record<string, JsonSchema> }).schemas;
    for (const [name, schema] of Object.entries(schemas)) definitions[name] ??= schemaV2(schema);
    // v2 has no oneOf: IntOrString is a string of format int-or-string there, as in Kubernetes.
    if (definitions[INT_OR_STRING]) {
      const { description } = definitions[INT_OR_STRING];
      definitions[INT_OR_STRING] = { description, type: 'string', format: 'int-or-string' };
    }
    for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
      const out: Json = {};
      if (Array.isArray(item.parameters))
        out.parameters = (item.parameters as Json[]).map(parameterV2);
      for (const verb of VERBS) if (item[verb]) out[verb] = operationV2(item[verb] as Json);
      paths[path] = out;
    }
  }
  return {
    swagger: '2.0',
    info: { title: 'NodePort Lab', version: KUBERNETES_VERSION },
    paths,
    definitions,
  };
}

/** Vendor extensions (`x-...`) as gnostic's NamedAny: the value as YAML (JSON is YAML). */
function extensions(obj: Json): ProtoWriter[] {
  return Object.entries(obj)
    .filter(([k]) => k.startsWith('x-'))
    .map(([name, value]) =>
      new ProtoWriter()
        .string(1, name)
        .message(2, new ProtoWriter().string(2, JSON.stringify(value))),
    );
}

/** openapi_v2.Schema. */
function schemaProto(s: JsonSchema): ProtoWriter {
  const w = new ProtoWriter()
    .string(1, s.$ref as string | undefined)
    .string(2, s.format as string | undefined)
    .string(4, s.description as string | undefined)
    .bool(16, s.uniqueItems as boolean | undefined)
    .strings(19, s.required as string[] | undefined);
  const additional = s.additionalProperties;
  if (additional && typeof additional === 'object') {
    w.message(21, new ProtoWriter().message(1, schemaProto(additional as JsonSchema)));
  }
  if (typeof s.type === 'string') w.message(22, new ProtoWriter().strings(1, [s.type]));
  if (s.items) w.message(23, new ProtoWriter().message(1, schemaProto(s.items as JsonSchema)));
  if (s.properties) {
    const named = Object.entries(s.properties as Record<string, JsonSchema>).map(([name, v]) =>
      new ProtoWriter().string(1, name).message(2, schemaProto(v)),
    );
    w.message(25, new ProtoWriter().messages(1, named));
  }
  return w.messages(31, extensions(s));
}

/** openapi_v2.ParametersItem: a body parameter or a query/path one. */
function parameterProto(p: Json): ProtoWriter {
  let parameter: ProtoWriter;
  if (p.in === 'body') {
    parameter = new ProtoWriter().message(
      1,
      new ProtoWriter()
        .string(2, p.name as string)
        .string(3, 'body')
        .bool(4, true)
        .message(5, schemaProto(p.schema as JsonSchema)),
    );
  } else {
    const sub = new ProtoWriter()
      .bool(1, p.required as boolean | undefined)
      .string(2, p.in as string)
      .string(3, p.description as string | undefined)
      .string(4, p.name as string);
    // QueryParameterSubSchema and PathParameterSubSchema number type and uniqueItems differently.
    if (p.in === 'path') sub.string(5, p.type as string).bool(19, p.uniqueItems as boolean);
    else sub.string(6, p.type as string).bool(20, p.uniqueItems as boolean);
    parameter = new ProtoWriter().message(
      2,
      new ProtoWriter().message(p.in === 'path' ? 4 : 3, sub),
    );
  }
  return new ProtoWriter().message(1, parameter);
}

function operationProto(op: Json): ProtoWriter {
  const responses = Object.entries(op.responses as Record<string, Json>).map(([code, r]) =>
    new ProtoWriter()
      .string(1, code)
      .message(
        2,
        new ProtoWriter().message(
          1,
          new ProtoWriter()
            .string(1, r.description as string)
            .message(2, new ProtoWriter().message(1, schemaProto(r.schema as JsonSchema))),
        ),
      ),
  );
  return new ProtoWriter()
    .string(3, op.description as string | undefined)
    .string(5, op.operationId as string | undefined)
    .strings(6, op.produces as string[] | undefined)
    .strings(7, op.consumes as string[] | undefined)
    .messages(8, ((op.parameters ?? []) as Json[]).map(parameterProto))
    .message(9, new ProtoWriter().messages(1, responses))
    .messages(13, extensions(op));
}

const PATH_ITEM_FIELDS: Record<(typeof VERBS)[number], number> = {
  get: 2,
  put: 3,
  post: 4,
  delete: 5,
  patch: 8,
};

/** The document as openapi_v2.Document protobuf bytes. */
export function swaggerProtobuf(doc: Json): Uint8Array {
  const info = doc.info as Json;
  const paths = Object.entries(doc.paths as Record<string, Json>).map(([path, item]) => {
    const w = new ProtoWriter();
    for (const verb of VERBS) {
      if (item[verb]) w.message(PATH_ITEM_FIELDS[verb], operationProto(item[verb] as Json));
    }
    w.messages(9, ((item.parameters ?? []) as Json[]).map(parameterProto));
    return new ProtoWriter().string(1, path).message(2, w);
  });
  const definitions = Object.entries(doc.definitions as Record<string, JsonSchema>).map(
    ([name, schema]) => new ProtoWriter().string(1, name).message(2, schemaProto(schema)),
  );
  return new ProtoWriter()
    .string(1, doc.swagger as string)
    .message(2, new ProtoWriter().string(1, info.title as string).string(2, info.version as string))
    .message(8, new ProtoWriter().messages(2, paths))
    .message(9, new ProtoWriter().messages(1, definitions))
    .finish();
}
