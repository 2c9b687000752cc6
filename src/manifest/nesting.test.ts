import { describe, expect, it } from 'vitest';
import { MAX_NESTING_DEPTH, nestingProblem } from './nesting';

const nested = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

describe('nestingProblem', () => {
  it.each([
    { name: 'a scalar', value: 'x', problem: undefined },
    { name: 'exactly the bound', value: nested(MAX_NESTING_DEPTH), problem: undefined },
    {
      name: 'one level past it',
      value: nested(MAX_NESTING_DEPTH + 1),
      problem: 'it is nested more than 100 levels deep',
    },
    {
      name: '100,000 levels (no recursion, no stack overflow)',
      value: nested(100_000),
      problem: 'it is nested more than 100 levels deep',
    },
    {
      name: 'a shared value that is no cycle',
      value: ((s) => ({ a: s, b: [s, s] }))({ x: 1 }),
      problem: undefined,
    },
  ])('$name', ({ value, problem }) => {
    expect(nestingProblem(value)).toBe(problem);
  });

  it('finds a value that contains itself', () => {
    const a: unknown[] = [];
    a.push({ b: a });
    expect(nestingProblem({ a })).toBe('it contains itself (an alias refers to its own anchor)');
  });
});
