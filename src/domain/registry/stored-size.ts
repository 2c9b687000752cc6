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

/** The 500 etcd's size limit answers for the first object over it, or undefined. */
export function objectTooLarge(objects: readonly KubeObject[]): ApiError | undefined {
  if (!objects.some((o) => storedBytes(o) > MAX_OBJECT_BYTES)) return undefined;
  return new ApiError(500, '', 'etcdserver: request is too large');
}
