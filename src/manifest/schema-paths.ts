// Walks an object schema alongside a document or a field path: which fields a document carries
// that the schema does not know (strict field validation), and the patch metadata of a field.
import type { z } from 'zod';
import { hasOwn, ownValue, setOwn } from '../domain/apimachinery/own-property';
import type { PatchMetaLookup } from '../domain/apimachinery/strategic-merge-patch';
import { PATCH_STRATEGIES } from '../schema/kube/patch-strategies';
import { UNMODELED_FIELDS } from '../schema/kube/unmodeled-fields';
import { isRecord } from './parse';
import { def, unwrap, unwrapItems } from './zod-def';

/**
 * The paths of fields in `doc` that `schema` does not declare, as kube-apiserver's strict decoder
 * names them (`spec.ports[0].foo`). Fields real Kubernetes has but NodePort Lab does not model
 * (UNMODELED_FIELDS) are not unknown.
 */
export function unknownFields(schema: z.ZodType, doc: unknown): string[] {
  const found: string[] = [];
  walk(schema, doc, '', found);
  return found;
}

function walk(schema: z.ZodType | undefined, value: unknown, path: string, found: string[]): void {
  const s = unwrap(schema);
  const d = def(s);
  if (d?.type === 'object' && isRecord(value)) {
    const known = UNMODELED_FIELDS[s?.description ?? ''] ?? [];
    for (const [key, child] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      const field = ownValue(d.shape, key) as z.ZodType | undefined;
      if (field) walk(field, child, at, found);
      else if (!known.includes(key)) found.push(at);
    }
  } else if (d?.type === 'array' && Array.isArray(value)) {
    value.forEach((item, i) => walk(d.element, item, `${path}[${i}]`, found));
  }
}

/** The patch strategy lookup for objects of `schema`, from PATCH_STRATEGIES. */
export function patchMetaLookup(schema: z.ZodType): PatchMetaLookup {
  return (path) => {
    let cur = unwrapItems(schema);
    for (const [i, field] of path.entries()) {
      if (def(cur)?.type !== 'object') return undefined;
      if (i === path.length - 1) return PATCH_STRATEGIES[`${cur?.description ?? ''}.${field}`];
      cur = unwrapItems(ownValue(def(cur)?.shape, field) as z.ZodType | undefined);
    }
    return undefined;
  };
}

/**
 * Copies the fields real Kubernetes has but the schemas do not model (UNMODELED_FIELDS) from the
 * raw document back into the decoded one, which zod stripped them from. Stored as sent, they make
 * a re-apply of the same manifest `unchanged`, and `kubectl get -o yaml` shows them, as on a real
 * cluster; nothing in NodePort Lab reads them.
 */
export function restoreUnmodeled(schema: z.ZodType, raw: unknown, decoded: unknown): void {
  const s = unwrap(schema);
  const d = def(s);
  if (d?.type === 'object' && isRecord(raw) && isRecord(decoded)) {
    for (const key of UNMODELED_FIELDS[s?.description ?? ''] ?? []) {
      if (raw[key] !== undefined && !(key in decoded)) decoded[key] = structuredClone(raw[key]);
    }
    for (const [key, field] of Object.entries(d.shape ?? {})) {
      if (key in raw && key in decoded) restoreUnmodeled(field, raw[key], decoded[key]);
    }
  } else if (d?.type === 'array' && Array.isArray(raw) && Array.isArray(decoded)) {
    raw.forEach((item, i) => d.element && restoreUnmodeled(d.element, item, decoded[i]));
  }
}

/**
 * zod leaves a `__proto__` key out of records (labels, annotations, ConfigMap data) to keep its
 * output's prototype safe; Kubernetes keeps it as any other key, and validation then judges it.
 * Puts each one back as an own property, checked against the record's value schema; answers the
 * path of the first whose value does not fit, for the decoder's error.
 */
export function restoreProtoKeys(
  schema: z.ZodType,
  raw: unknown,
  decoded: unknown,
  path: (string | number)[] = [],
): (string | number)[] | undefined {
  const d = def(unwrap(schema));
  if (d?.type === 'array' && Array.isArray(raw) && Array.isArray(decoded)) {
    for (const [i, item] of raw.entries()) {
      const bad = d.element && restoreProtoKeys(d.element, item, decoded[i], [...path, i]);
      if (bad) return bad;
    }
    return undefined;
  }
  if (!isRecord(raw) || !isRecord(decoded)) return undefined;
  if (d?.type === 'record' && d.valueType) {
    if (hasOwn(raw, '__proto__')) {
      const parsed = d.valueType.safeParse(raw.__proto__);
      if (!parsed.success) return [...path, '__proto__'];
      setOwn(decoded, '__proto__', parsed.data);
    }
    // Maps of strings (labels, data) hold no maps below: only nested structure is walked.
    if (!isStructured(d.valueType)) return undefined;
    for (const [key, value] of Object.entries(raw)) {
      const bad = restoreProtoKeys(d.valueType, value, ownValue(decoded, key), [...path, key]);
      if (bad) return bad;
    }
  } else if (d?.type === 'object' && d.shape) {
    for (const [key, value] of Object.entries(raw)) {
      if (!hasOwn(d.shape, key)) continue;
      const bad = restoreProtoKeys(d.shape[key]!, value, ownValue(decoded, key), [...path, key]);
      if (bad) return bad;
    }
  }
  return undefined;
}

/** True when values of `schema` may hold objects or lists (so maps to restore or check). */
export function isStructured(schema: z.ZodType | undefined): boolean {
  const type = def(unwrap(schema))?.type;
  return type !== 'string' && type !== 'boolean' && type !== 'literal' && type !== 'enum';
}
