import { afterEach, describe, expect, it } from 'vitest';
import { mergePatch } from './merge-patch';
import { strategicMergePatch } from './strategic-merge-patch';

const noMeta = () => undefined;
const PATCHES = [
  { name: 'merge patch', apply: (t: unknown, p: unknown) => mergePatch(t, p) },
  {
    name: 'strategic merge patch',
    apply: (t: unknown, p: unknown) => strategicMergePatch(t, p, noMeta),
  },
];

afterEach(() => {
  delete (Object.prototype as Record<string, unknown>).polluted;
});

describe.each(PATCHES)('$name with __proto__, constructor and prototype keys', ({ apply }) => {
  const target = { metadata: { name: 'cm', labels: { app: 'web' } }, data: { a: 'b' } };

  it('merges them as ordinary keys and leaves Object.prototype alone', () => {
    const patch = JSON.parse(
      '{"__proto__":{"polluted":1},"data":{"__proto__":"x","constructor":"y","prototype":"z"},' +
        '"metadata":{"labels":{"__proto__":{"polluted":1}}}}',
    ) as unknown;
    const out = apply(target, patch) as Record<string, Record<string, unknown>>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out.data!)).toEqual(['a', '__proto__', 'constructor', 'prototype']);
    expect(JSON.parse(JSON.stringify(out)) as unknown).toEqual(
      JSON.parse(
        '{"metadata":{"name":"cm","labels":{"app":"web","__proto__":{"polluted":1}}},' +
          '"data":{"a":"b","__proto__":"x","constructor":"y","prototype":"z"},"__proto__":{"polluted":1}}',
      ),
    );
  });

  it('deletes an own __proto__ key with null and never reads an inherited one', () => {
    const withProto = JSON.parse('{"data":{"__proto__":"x","a":"b"}}') as unknown;
    const out = apply(withProto, JSON.parse('{"data":{"__proto__":null,"constructor":{"k":1}}}'));
    expect(JSON.stringify(out)).toBe('{"data":{"a":"b","constructor":{"k":1}}}');
  });
});
