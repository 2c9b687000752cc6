// Label matching reads only the labels an object has itself: a key named after an
// Object.prototype member, or one an object inherits, never matches (endpoints, scheduler).
import { describe, expect, it } from 'vitest';
import type { Node } from '../../schema/kube/core';
import type { Pod } from '../../schema/kube/pod';
import { selectorMatches } from './endpoints';
import { isFeasible } from '../kubelet/scheduler';
import { selectorMatches as labelSelectorMatches } from '../apimachinery/selector-validation';

/** Labels whose prototype carries `app=web`, as a polluted Object.prototype would. */
const inherited = () => Object.create({ app: 'web' }) as Record<string, string>;

describe('Service selectors (endpoints)', () => {
  it('match own labels only', () => {
    expect(selectorMatches({ app: 'web' }, { app: 'web' })).toBe(true);
    expect(selectorMatches({ app: 'web' }, inherited())).toBe(false);
  });
});

describe('nodeSelector (scheduler)', () => {
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { containers: [], nodeSelector: { app: 'web' } },
  };
  const node = (labels: Record<string, string>): Node => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n', labels },
  });
  it('matches own node labels only', () => {
    expect(isFeasible(pod, node({ app: 'web' }))).toBe(true);
    expect(isFeasible(pod, node(inherited()))).toBe(false);
  });
});

describe('LabelSelector (workloads)', () => {
  it('matches own labels only', () => {
    expect(labelSelectorMatches({ matchLabels: { app: 'web' } }, inherited())).toBe(false);
    const exprs = { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] };
    expect(labelSelectorMatches(exprs, inherited())).toBe(false);
  });
});
