// Go's integer widths for the integer fields NodePort Lab models. kube-apiserver decodes JSON into
// Go structs, so a number outside a field's type is a 400 decode error (`json: cannot unmarshal
// number 2147483648 into Go struct field DeploymentSpec.spec.replicas of type int32`), where a
// JavaScript number would have gone through. Almost every integer field in k8s.io/api is int32
// (replicas, ports, nodePort, timeoutSeconds, intstr's IntVal); these are the int64 ones.
import type { z } from 'zod';
import { hasOwn, ownValue } from '../domain/apimachinery/own-property';
import { isRecord } from './parse';
import { isStructured } from './schema-paths';
import { def, unwrap } from './zod-def';

const INT64_FIELDS: Record<string, readonly string[]> = {
  ObjectMeta: ['generation'],
  PodSpec: ['terminationGracePeriodSeconds'],
  DeploymentStatus: ['observedGeneration'],
};

export type GoInt = 'int32' | 'int64';

/** The Go type of integer field `field` of struct `struct` (its schema's description). */
export function goIntType(struct: string | undefined, field: string | number | undefined): GoInt {
  return INT64_FIELDS[struct ?? '']?.includes(String(field)) ? 'int64' : 'int32';
}

function fits(value: number, type: GoInt): boolean {
  // A float64 cannot hold 2^63 - 1 exactly: anything from 2^63 on does not fit an int64.
  return type === 'int32'
    ? value >= -(2 ** 31) && value <= 2 ** 31 - 1
    : value >= -(2 ** 63) && value < 2 ** 63;
}

/** True when `s` decodes numbers as integers (an int field, or intstr's int half). */
function isIntSchema(s: z.ZodType | undefined): boolean {
  const d = def(s);
  if (d?.type === 'number') return true;
  return d?.type === 'union' && (d.options ?? []).some((o) => def(unwrap(o))?.type === 'number');
}

/**
 * The path of the first integer in `doc` that does not fit its Go field type, or undefined.
 * Walks the schema alongside the decoded document (its shape bounds the walk's depth).
 */
export function intOutOfRange(
  schema: z.ZodType,
  doc: unknown,
  path: (string | number)[] = [],
  struct?: string,
): (string | number)[] | undefined {
  const s = unwrap(schema);
  const d = def(s);
  if (typeof doc === 'number' && isIntSchema(s)) {
    return fits(doc, goIntType(struct, path.at(-1))) ? undefined : path;
  }
  if (d?.type === 'object' && isRecord(doc)) {
    for (const [key, value] of Object.entries(doc)) {
      if (!d.shape || !hasOwn(d.shape, key)) continue;
      const bad = intOutOfRange(d.shape[key]!, value, [...path, key], s?.description);
      if (bad) return bad;
    }
  } else if ((d?.type === 'array' || d?.type === 'record') && typeof doc === 'object' && doc) {
    const child = d.type === 'array' ? d.element : d.valueType;
    // Lists and maps of strings (labels, data, args) hold no integers.
    if (!isStructured(child) && !isIntSchema(unwrap(child))) return undefined;
    for (const key of Object.keys(doc)) {
      const at = Array.isArray(doc) ? Number(key) : key;
      const bad = child && intOutOfRange(child, ownValue(doc, key), [...path, at], struct);
      if (bad) return bad;
    }
  }
  return undefined;
}
