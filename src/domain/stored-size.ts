// How much storage an object takes, and etcd's refusal of one that is too big. kube-apiserver
// stores each object as one etcd value; etcd refuses a request over --max-request-bytes (1.5 MiB
// by default) and kube-apiserver passes its error on untranslated: a 500 with no reason and the
// message `etcdserver: request is too large` (k8s.io/apiserver endpoints/handlers, isTooLargeError).
import { ApiError } from './errors';
import type { KubeObject } from './objects';

/** etcd's default --max-request-bytes. */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;

/** Bytes of UTF-8 `text` takes, without encoding it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

// Stored objects are shared, never mutated, between the writes of a lab: measure each once.
const measured = new WeakMap<object, number>();

/**
 * The bytes the object takes in storage, its JSON in UTF-8 (kube-apiserver stores core kinds as
 * protobuf, a little smaller; JSON is what the lab stores).
 */
export function storedBytes(o: KubeObject): number {
  let size = measured.get(o);
  if (size === undefined) measured.set(o, (size = utf8Length(JSON.stringify(o))));
  return size;
}

/** The 500 etcd's size limit answers for the first object over it, or undefined. */
export function objectTooLarge(objects: readonly KubeObject[]): ApiError | undefined {
  if (!objects.some((o) => storedBytes(o) > MAX_OBJECT_BYTES)) return undefined;
  return new ApiError(500, '', 'etcdserver: request is too large');
}
