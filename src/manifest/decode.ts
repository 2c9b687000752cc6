// Documents to typed objects: kind lookup and type checking, failing like kube-apiserver's decoder.
import type { z } from 'zod';
import { ApiError, badRequest } from '../domain/apimachinery/errors';
import { goJsonType } from '../domain/apimachinery/field-errors';
import type { IncomingObject } from '../domain/apimachinery/objects';
import { typeForKind, type ResourceType } from '../domain/apimachinery/resources';
import { OBJECT_SCHEMAS } from '../schema/kube/index';
import { ownValue, setOwn } from '../domain/apimachinery/own-property';
import { goIntType, intOutOfRange, type GoInt } from './int-range';
import { assertNesting } from './nesting';
import { isRecord } from './parse';
import { restoreProtoKeys, restoreUnmodeled, unknownFields } from './schema-paths';
import { def, unwrap } from './zod-def';

/** A document that does not fit its kind's Go types: a 400, with the decoder's own words. */
export class DecodeError extends ApiError {
  constructor(
    message: string,
    /** The Go decoder's error (`json: cannot unmarshal ...`), without the kind around it. */
    readonly detail: string,
  ) {
    super(400, 'BadRequest', message);
  }
}

export interface Decoded {
  type: ResourceType;
  object: IncomingObject;
}

/** Decodes document `index` (0-based) into a known kind; any mismatch is a 400 that names it. */
export function decodeObject(doc: unknown, index: number): Decoded {
  const where = `document ${index + 1}`;
  if (!isRecord(doc)) {
    throw badRequest(
      `${where}: expected a Kubernetes object (a mapping with apiVersion and kind), got ${jsonKind(doc)}`,
    );
  }
  // Patched objects reach here without passing a body parser: bound their depth too.
  assertNesting(doc, where);
  const clean = stripNulls(doc) as Record<string, unknown>;
  const { apiVersion, kind } = clean;
  if (typeof kind !== 'string' || kind === '') {
    throw badRequest(`Object 'Kind' is missing in ${where}: ${preview(doc)}`);
  }
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    throw badRequest(`Object 'apiVersion' is missing in ${where} (kind ${kind})`);
  }
  const type = typeForKind(apiVersion, kind);
  const schema = OBJECT_SCHEMAS[kind];
  if (!type || !schema)
    throw badRequest(`no matches for kind "${kind}" in version "${apiVersion}"`);
  // An absent metadata decodes as empty (validation then asks for a name); a wrong type is a 400.
  if (clean.metadata === undefined) clean.metadata = {};
  const parsed = schema.safeParse(clean);
  const badPath = parsed.success
    ? (restoreProtoKeys(schema, clean, parsed.data) ?? intOutOfRange(schema, clean))
    : undefined;
  if (!parsed.success || badPath) {
    const issue = badPath ? { path: badPath } : parsed.error?.issues[0];
    const detail = issue ? describeIssue(schema, issue, clean) : 'invalid object';
    throw new DecodeError(
      `${kind} in version "${type.version}" cannot be handled as a ${kind}: ${detail}`,
      detail,
    );
  }
  restoreUnmodeled(schema, clean, parsed.data);
  return { type, object: parsed.data as IncomingObject };
}

/**
 * The fields of `doc` that its kind's schema does not declare (`spec.ports[0].foo`), for
 * `fieldValidation` (Strict refuses them, Warn reports them). Unknown kinds have none here:
 * decoding refuses those on its own.
 */
export function unknownFieldsOf(doc: unknown): string[] {
  if (!isRecord(doc) || typeof doc.kind !== 'string') return [];
  const schema = OBJECT_SCHEMAS[doc.kind];
  return schema ? unknownFields(schema, stripNulls(doc)) : [];
}

/** Go's encoding/json treats null as "absent"; so do we. */
function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) setOwn(out, k, stripNulls(v));
  return out;
}

function describeIssue(
  schema: z.ZodType,
  issue: { path: readonly PropertyKey[] },
  doc: unknown,
): string {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const value = path.reduce<unknown>((v, p) => ownValue(v, String(p)), doc);
  const names = structFieldNames(schema, path);
  const parent = structName(schema, path.slice(0, -1));
  const target = goType(schemaAt(schema, path), goIntType(parent, path.at(-1)));
  // Go prints the number itself only when it does not fit an integer field (1.5, 3000000000).
  const shown =
    typeof value === 'number' && target.startsWith('int') ? `number ${value}` : goJsonType(value);
  const field = names.length ? `${parent}.${names.join('.')}` : parent;
  return `json: cannot unmarshal ${shown} into Go struct field ${field} of type ${target}`;
}

function schemaAt(schema: z.ZodType, path: (string | number)[]): z.ZodType | undefined {
  let cur: z.ZodType | undefined = unwrap(schema);
  for (const p of path) {
    const d = def(cur);
    if (!d) return undefined;
    if (d.type === 'object') cur = d.shape?.[String(p)];
    else if (d.type === 'array') cur = d.element;
    else if (d.type === 'record') cur = d.valueType;
    else return undefined;
    cur = unwrap(cur);
  }
  return cur;
}

/** The JSON field names along `path`; like Go's decoder, map keys and list indexes are left out. */
function structFieldNames(schema: z.ZodType, path: (string | number)[]): string[] {
  const names: string[] = [];
  let cur: z.ZodType | undefined = unwrap(schema);
  for (const p of path) {
    const d = def(cur);
    if (!d) break;
    if (d.type === 'object') {
      names.push(String(p));
      cur = d.shape?.[String(p)];
    } else {
      cur = d.type === 'array' ? d.element : d.valueType;
    }
    cur = unwrap(cur);
  }
  return names;
}

function structName(schema: z.ZodType, path: (string | number)[]): string {
  let name = schema.description ?? 'Object';
  let cur: z.ZodType | undefined = unwrap(schema);
  for (const p of path) {
    const d = def(cur);
    if (!d) break;
    cur = unwrap(
      d.type === 'object' ? d.shape?.[String(p)] : d.type === 'array' ? d.element : d.valueType,
    );
    if (def(cur)?.type === 'object' && cur?.description) name = cur.description;
  }
  return name;
}

function goType(s: z.ZodType | undefined, int: GoInt = 'int32'): string {
  const d = def(s);
  switch (d?.type) {
    case 'string':
      return 'string';
    case 'number':
      return int;
    case 'boolean':
      return 'bool';
    case 'record':
      return 'map[string]string';
    case 'array':
      return `[]${goType(unwrap(d.element))}`;
    case 'union':
      // IntOrString decodes anything but a string into its int32 half.
      return 'int32';
    case 'object':
      return `v1.${s?.description ?? 'Object'}`;
    default:
      return 'string';
  }
}

/** What a document is, for messages: Go's JSON type name, `nothing` for an empty document. */
function jsonKind(v: unknown): string {
  return v === null || v === undefined ? 'nothing' : goJsonType(v);
}

function preview(doc: unknown): string {
  const text = JSON.stringify(doc);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
