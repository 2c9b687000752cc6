import { describe, expect, it } from 'vitest';
import { chiSquare, distribution, evenSplitTest } from './hit-stats';
import { gammaP, gammaQ, logGamma } from './incomplete-gamma';

describe('incomplete gamma', () => {
  it.each([
    ['Q(1, x) = e^-x (series side)', 1, 0.5, Math.exp(-0.5)],
    ['Q(1, x) = e^-x (fraction side)', 1, 7, Math.exp(-7)],
    ['Q(0.5, x) = erfc(sqrt x) at x = 1', 0.5, 1, 0.15729920705028513],
    ['Q(3, 2) = e^-2 (1 + 2 + 2)', 3, 2, Math.exp(-2) * 5],
    ['Q(a, 0) = 1', 2.5, 0, 1],
  ])('%s', (_name, a, x, expected) => {
    expect(gammaQ(a, x)).toBeCloseTo(expected, 12);
    expect(gammaP(a, x)).toBeCloseTo(1 - expected, 12);
  });

  it.each([
    [1, 0],
    [5, Math.log(24)],
    [0.5, Math.log(Math.sqrt(Math.PI))],
    [100, 359.1342053695754],
  ])('logGamma(%d)', (x, expected) => {
    expect(logGamma(x)).toBeCloseTo(expected, 10);
  });

  it('rejects a <= 0', () => {
    expect(() => gammaQ(0, 1)).toThrow(RangeError);
  });
});

describe('chiSquare against an even split', () => {
  it.each([
    ['perfectly even', [100, 100, 100], 0, 2, 1],
    ['df 2 has p = e^(-X²/2)', [120, 90, 90], 6, 2, Math.exp(-3)],
    ['two pods, no hits', [0, 0], 0, 1, 1],
    ['one category', [42], 0, 0, 1],
    ['no hits', [0, 0, 0], 0, 2, 1],
  ])('%s', (_name, observed, statistic, df, p) => {
    const r = chiSquare(observed);
    expect(r.statistic).toBeCloseTo(statistic, 10);
    expect(r.degreesOfFreedom).toBe(df);
    expect(r.pValue).toBeCloseTo(p, 10);
  });

  it.each([
    ['X² = 2 with df 3', [110, 90, 100, 100], 0.5724067],
    [
      'X² = 7.8147 (the 0.05 critical value of df 3)',
      [100 + Math.sqrt(390.735), 100 - Math.sqrt(390.735), 100, 100],
      0.05,
    ],
    [
      'X² = 6.6349 (the 0.01 critical value of df 1)',
      [50 + Math.sqrt(165.8725), 50 - Math.sqrt(165.8725)],
      0.01,
    ],
  ])('textbook table: %s', (_name, observed, p) => {
    expect(chiSquare(observed).pValue).toBeCloseTo(p, 5);
  });
});

describe('distribution', () => {
  const hits = [
    { pod: 'a', node: 'node01', hits: 6 },
    { pod: 'b', node: 'node02', hits: 3 },
    { pod: 'a', node: 'node01', hits: 2 },
    { pod: 'c', node: 'node02', hits: 1 },
  ];

  it('merges pods and computes shares per pod and node', () => {
    const d = distribution(hits);
    expect(d.total).toBe(12);
    expect(d.pods.map((p) => [p.pod, p.hits, p.share])).toEqual([
      ['a', 8, 8 / 12],
      ['b', 3, 3 / 12],
      ['c', 1, 1 / 12],
    ]);
    expect(d.nodes).toEqual([
      { node: 'node01', hits: 8, share: 8 / 12 },
      { node: 'node02', hits: 4, share: 4 / 12 },
    ]);
  });

  it('an empty table has zero shares', () => {
    expect(distribution([])).toEqual({ total: 0, pods: [], nodes: [], entryNodes: [] });
  });

  it('counts the nodes connections entered apart from the nodes of the pods', () => {
    const d = distribution([
      { pod: 'a', node: 'node01', entryNode: 'node01', hits: 4 },
      { pod: 'a', node: 'node01', entryNode: 'node02', hits: 2 },
      { pod: 'b', node: 'node02', entryNode: 'node01', hits: 6 },
    ]);
    expect(d.pods.map((p) => [p.pod, p.hits])).toEqual([
      ['a', 6],
      ['b', 6],
    ]);
    expect(d.nodes.map((n) => [n.node, n.hits])).toEqual([
      ['node01', 6],
      ['node02', 6],
    ]);
    expect(d.entryNodes).toEqual([
      { node: 'node01', hits: 10, share: 10 / 12 },
      { node: 'node02', hits: 2, share: 2 / 12 },
    ]);
    expect(d.pods[0]).not.toHaveProperty('entryNode');
  });

  it('tests only current endpoints, counting silent ones as zero', () => {
    const r = evenSplitTest(hits, ['a', 'b', 'd']);
    expect(r.observed).toEqual([8, 3, 0]);
    expect(r.degreesOfFreedom).toBe(2);
  });
});
