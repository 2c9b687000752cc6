import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../apimachinery/objects';
import {
  MAX_OBJECT_BYTES,
  objectTooLarge,
  parseStored,
  plannedBytes,
  plannedJson,
  storedBytes,
} from './stored-size';
import { byteLength } from '../apimachinery/string-formats';

const configMap = (value: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c', uid: '', resourceVersion: '1', creationTimestamp: '' },
  data: { v: value },
});

describe('stored size', () => {
  it.each([
    ['ASCII', 'abc', 3],
    ['two-byte', 'é', 2],
    ['three-byte', '€', 3],
    ['a surrogate pair', '😀', 4],
    ['a lone surrogate (encoded as U+FFFD)', '\ud800', 3],
    ['a high surrogate before a pair', '\ud800\ud83d\ude00', 7],
    ['a lone low surrogate after a letter', 'a\ude00', 4],
  ])('counts UTF-8 bytes of %s', (_, text, bytes) => {
    expect(byteLength(text)).toBe(bytes);
    expect(byteLength(text)).toBe(new TextEncoder().encode(text).length);
  });

  it('measures an object as the JSON the store keeps', () => {
    const o = configMap('é');
    expect(storedBytes(o)).toBe(new TextEncoder().encode(JSON.stringify(o)).length);
  });

  it('refuses an object over 1.5 MiB as etcd does, and only then', () => {
    const overhead = storedBytes(configMap(''));
    expect(objectTooLarge([configMap('x'.repeat(MAX_OBJECT_BYTES - overhead))])).toBeUndefined();
    const err = objectTooLarge([configMap('x'.repeat(MAX_OBJECT_BYTES - overhead + 1))]);
    expect(err).toMatchObject({
      code: 500,
      reason: '',
      message: 'etcdserver: request is too large',
    });
  });
});

describe("a write plan's JSON", () => {
  it('is the JSON the object is stored as, measured by its UTF-8 bytes', () => {
    const o = configMap('€uro');
    expect(plannedJson(o)).toBe(JSON.stringify(o));
    expect(plannedBytes(o)).toBe(byteLength(JSON.stringify(o)));
    expect(storedBytes(o)).toBe(plannedBytes(o));
  });

  it('reads back as a copy measured as its text, undefined fields gone as in storage', () => {
    const o = { ...configMap('x'), spec: undefined };
    const back = parseStored(plannedJson(o));
    expect(back).not.toBe(o);
    expect(back).toEqual(configMap('x'));
    expect('spec' in back).toBe(false);
    expect(storedBytes(back)).toBe(byteLength(JSON.stringify(back)));
  });
});
