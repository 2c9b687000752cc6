import { describe, expect, it } from 'vitest';
import { warningHeaderValues } from './warning-header';

describe('warningHeaderValues', () => {
  it.each([
    ['an ASCII text', ['unknown field "spec.x"'], ['299 - "unknown field \\"spec.x\\""']],
    ['a backslash', ['a\\b'], ['299 - "a\\\\b"']],
    ['duplicates once', ['a', 'a', 'b'], ['299 - "a"', '299 - "b"']],
    ['control characters dropped', ['a\nb', 'c\u0085', 'd'], ['299 - "d"']],
    ['empty text dropped', [''], []],
  ])('%s', (_name, texts, expected) => {
    expect(warningHeaderValues(texts)).toEqual(expected);
  });

  it('writes each character outside ASCII as one "?"', () => {
    expect(warningHeaderValues(['unknown field "metadata.éĀ🙂"'])).toEqual([
      '299 - "unknown field \\"metadata.???\\""',
    ]);
    expect(warningHeaderValues(['\ud800x'])).toEqual(['299 - "?x"']);
  });

  it('cuts every text to 256 runes once the total passes 4,096, and stops at 4,096', () => {
    const texts = Array.from({ length: 40 }, (_, i) => `${i}`.padEnd(300, 'é'));
    const values = warningHeaderValues(texts);
    expect(values).toHaveLength(16);
    for (const v of values) expect(v).toHaveLength('299 - ""'.length + 256);
    expect(warningHeaderValues(['a'.repeat(4096)])[0]).toHaveLength(4096 + 8);
  });
});
