import { describe, expect, it } from 'vitest';
import { selectorString } from './workload-tables';

describe('selectorString', () => {
  it.each([
    {
      name: 'matchLabels sorted',
      selector: { matchLabels: { tier: 'web', app: 'x' } },
      text: 'app=x,tier=web',
    },
    {
      name: 'expressions',
      selector: {
        matchLabels: { b: '1' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'dev'] },
          { key: 'a', operator: 'Exists' },
          { key: 'z', operator: 'DoesNotExist' },
          { key: 'c', operator: 'NotIn', values: ['x'] },
        ],
      },
      text: 'a,b=1,c notin (x),env in (dev,prod),!z',
    },
    { name: 'empty', selector: {}, text: '' },
    {
      name: 'unknown operator',
      selector: { matchExpressions: [{ key: 'a', operator: 'Near' }] },
      text: undefined,
    },
  ])('$name', ({ selector, text }) => {
    expect(selectorString(selector)).toBe(text);
  });
});
