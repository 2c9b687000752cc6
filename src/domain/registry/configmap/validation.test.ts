import { describe, expect, it } from 'vitest';
import { decodeBase64Size, validateConfigMapUpdate } from './validation';
import { fieldErrorText } from '../../apimachinery/field-errors';
import type { ConfigMap } from '../../../schema/kube/core';

describe('decodeBase64Size (Go base64.StdEncoding.Decode)', () => {
  it.each([
    { text: '', want: { size: 0 } },
    { text: 'YQ==', want: { size: 1 } },
    { text: 'YWI=', want: { size: 2 } },
    { text: 'YWJj', want: { size: 3 } },
    { text: 'YWJjZGVmZ2g=', want: { size: 8 } },
    { text: 'YW\r\nJj\n', want: { size: 3 } },
    { text: 'YQ=\n=', want: { size: 1 } },
    { text: 'abc', want: { corruptAt: 0 } },
    { text: 'a', want: { corruptAt: 0 } },
    { text: 'YWJjZ', want: { corruptAt: 4 } },
    { text: 'a$cd', want: { corruptAt: 1 } },
    { text: '=abc', want: { corruptAt: 0 } },
    { text: 'Y===', want: { corruptAt: 1 } },
    { text: 'YQ=', want: { corruptAt: 3 } },
    { text: 'YQ=x', want: { corruptAt: 2 } },
    { text: 'YQ==YQ==', want: { corruptAt: 4 } },
    { text: 'é', want: { corruptAt: 0 } },
  ])('$text', ({ text, want }) => {
    expect(decodeBase64Size(text)).toEqual(want);
  });
});

describe('validateConfigMapUpdate', () => {
  const cm = (fields: Partial<ConfigMap>): ConfigMap => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'x' },
    ...fields,
  });
  const texts = (a: ConfigMap, b: ConfigMap) => validateConfigMapUpdate(a, b).map(fieldErrorText);

  it('allows anything while the old version is mutable', () => {
    expect(texts(cm({ data: { a: 'y' } }), cm({ data: { a: 'x' }, immutable: false }))).toEqual([]);
  });

  it('compares maps by content, not key order, and treats absent as empty', () => {
    const old = cm({ data: { a: '1', b: '2' }, immutable: true });
    expect(texts(cm({ data: { b: '2', a: '1' }, immutable: true }), old)).toEqual([]);
    expect(texts(cm({ data: {}, immutable: true }), cm({ immutable: true }))).toEqual([]);
  });

  it('does not mistake an inherited key for an own one', () => {
    const old = cm({ data: { toString: 'x' }, immutable: true });
    expect(texts(cm({ data: { valueOf: 'x' }, immutable: true }), old)).toEqual([
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
  });
});
