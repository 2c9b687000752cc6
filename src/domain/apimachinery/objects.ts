// The stored form of every object: TypeMeta plus server-populated metadata.
import type { ObjectMeta } from '../../schema/kube/meta';
import { ownValue } from './own-property';

export interface StoredMeta extends ObjectMeta {
  name: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: StoredMeta;
  [field: string]: unknown;
}

/** A decoded object before the server fills metadata: it may lack uid, resourceVersion, etc. */
export interface IncomingObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface ObjectKey {
  kind: string;
  namespace: string;
  name: string;
}

export function keyString(k: ObjectKey): string {
  return `${k.kind}/${k.namespace}/${k.name}`;
}

export function keyOf(obj: {
  kind: string;
  metadata: { namespace?: string; name?: string };
}): ObjectKey {
  return { kind: obj.kind, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name ?? '' };
}

/**
 * Structural deep copy for plain JSON data; the core never shares mutable objects with callers.
 * Own enumerable keys only, undefined values kept, as structuredClone copies such data; about 9x
 * faster than structuredClone on a pod (1 µs against 9, Node 20), and a write clones every object
 * it touches two or three times. Recursive: decoded objects nest at most MAX_NESTING_DEPTH deep.
 */
export function clone<T>(value: T): T {
  return copyJson(value) as T;
}

function copyJson(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyJson(value[i]);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const copy = copyJson((value as Record<string, unknown>)[key]);
    // A decoded `__proto__` key stays an own property; assigning it would set the prototype.
    if (key === '__proto__') {
      Object.defineProperty(out, key, {
        value: copy,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    } else out[key] = copy;
  }
  return out;
}

/** Order-insensitive deep equality for JSON values (object key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  // Own properties only: a key `constructor` in one is not Object's constructor in the other.
  return ka.every((k) => jsonEqual((a as Record<string, unknown>)[k], ownValue(b, k)));
}

/** Byte-order comparison, as Go sorts strings. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Kubernetes list order: by namespace, then name. */
export function byNamespaceAndName(
  a: { metadata: { namespace?: string | undefined; name?: string | undefined } },
  b: { metadata: { namespace?: string | undefined; name?: string | undefined } },
): number {
  return (
    compareStrings(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
    compareStrings(a.metadata.name ?? '', b.metadata.name ?? '')
  );
}
