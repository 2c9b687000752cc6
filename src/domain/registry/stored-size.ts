// How much storage an object takes, and etcd's refusal of one that is too big. kube-apiserver
// stores each object as one etcd value; etcd refuses a request over --max-request-bytes (1.5 MiB
// by default) and kube-apiserver passes its error on untranslated: a 500 with no reason and the
// message `etcdserver: request is too large` (k8s.io/apiserver endpoints/handlers, isTooLargeError).
import { ApiError } from '../apimachinery/errors';
import type { KubeObject } from '../apimachinery/objects';
import { byteLength } from '../apimachinery/string-formats';

/** etcd's default --max-request-bytes. */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;

// Stored objects are shared, never mutated, between the writes of a lab: measure each once.
const measured = new WeakMap<object, number>();

/**
 * The bytes the object takes in storage, its JSON in UTF-8 (kube-apiserver stores core kinds as
 * protobuf, a little smaller; JSON is what the lab stores).
 */
export function storedBytes(o: KubeObject): number {
  let size = measured.get(o);
  if (size === undefined) measured.set(o, (size = byteLength(JSON.stringify(o))));
  return size;
}

// A write plan's objects are measured (quota, etcd's limit), stored and read back as their JSON:
// made once, kept while the plan lives (never for a lab state's objects, which a cache keeps).
const texts = new WeakMap<object, string>();

/** The JSON a write plan's object is stored as, made once per object. */
export function plannedJson(o: KubeObject): string {
  let text = texts.get(o);
  if (text === undefined) {
    texts.set(o, (text = JSON.stringify(o)));
    measured.set(o, byteLength(text));
  }
  return text;
}

/** storedBytes of a write plan's object, from its plannedJson. */
export function plannedBytes(o: KubeObject): number {
  return measured.get(o) ?? byteLength(plannedJson(o));
}

/** An object read back from its stored JSON, measured by that text (no second serialisation). */
export function parseStored(text: string): KubeObject {
  const o = JSON.parse(text) as KubeObject;
  measured.set(o, byteLength(text));
  return o;
}

/** The 500 etcd's size limit answers for the first of a plan's objects over it, or undefined. */
export function objectTooLarge(objects: readonly KubeObject[]): ApiError | undefined {
  if (!objects.some((o) => plannedBytes(o) > MAX_OBJECT_BYTES)) return undefined;
  return new ApiError(500, '', 'etcdserver: request is too large');
}
