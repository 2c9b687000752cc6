import { describe, expect, it } from 'vitest';
import { chiSquare } from '../stats/hit-stats';
import {
  describeRule,
  iptablesProbability,
  selectEndpoint,
  uniformIndex,
  type BalancerContext,
} from './kube-proxy';
import { mulberry32, NOW } from '../../../test/fixtures/traffic-objects';
import type { EndpointTarget, ProxyMode } from './types';

const ep = (n: number, node = 'node01'): EndpointTarget => ({
  podName: `web-${n}`,
  podNamespace: 'default',
  podIP: `10.244.1.${n}`,
  nodeName: node,
  port: 80,
  protocol: 'TCP',
});

const ctx = (
  mode: ProxyMode,
  n: number,
  extra: Partial<BalancerContext> = {},
): BalancerContext => ({
  mode,
  service: { namespace: 'default', name: 'web' },
  protocol: 'TCP',
  policy: 'Cluster',
  candidates: Array.from({ length: n }, (_, i) => ep(i + 1)),
  virtualServer: '192.168.1.3:30007',
  ...extra,
});

const at = (seconds: number): Date => new Date(NOW.getTime() + seconds * 1000);

describe('iptables rules', () => {
  it.each([
    ['1 of 3', 3, 0, '0.3333333333'],
    ['2 of 3', 3, 1, '0.5000000000'],
    ['1 of 4', 4, 0, '0.2500000000'],
    ['3 of 4', 4, 2, '0.5000000000'],
  ])('rule %s matches with 1/(n-i)', (_name, n, i, text) => {
    const rule = describeRule(ctx('iptables', n), i, false);
    expect(rule.probabilityText).toBe(text);
    expect(rule.probability).toBeCloseTo(1 / (n - i), 12);
    expect(rule.text).toContain(`-m statistic --mode random --probability ${text} -j KUBE-SEP-`);
  });

  it('the last rule is unconditional', () => {
    const rule = describeRule(ctx('iptables', 3), 2, false);
    expect(rule).toMatchObject({ kind: 'iptables-statistic', index: 2, of: 3, probability: 1 });
    expect(rule.probabilityText).toBeUndefined();
    expect(rule.text).not.toContain('statistic');
    expect(rule.text).toMatch(
      /^-A KUBE-SVC-[A-Z2-7]{16} -m comment --comment "default\/web -> 10\.244\.1\.3:80" -j KUBE-SEP-[A-Z2-7]{16}$/,
    );
  });

  it('Local policy uses the KUBE-SVL chain', () => {
    expect(describeRule(ctx('iptables', 2, { policy: 'Local' }), 0, false).chain).toMatch(
      /^KUBE-SVL-/,
    );
  });

  it('probability text is kube-proxy %0.10f', () => {
    expect(iptablesProbability(7)).toBe('0.1428571429');
  });

  it.each([
    ['nftables numgen', 'nftables' as const, /^numgen random mod 3 vmap \{ 0 : goto endpoint-/],
    [
      'ipvs rr',
      'ipvs' as const,
      /^TCP {2}192\.168\.1\.3:30007 rr\n {2}-> 10\.244\.1\.1:80 {2}Masq/,
    ],
  ])('%s rule text', (_name, mode, pattern) => {
    expect(describeRule(ctx(mode, 3), 0, false).text).toMatch(pattern);
  });
});

describe('selectEndpoint', () => {
  it.each([
    ['draw 0 picks the first', 0, 0],
    ['draw just under 1/3 picks the first', 0.3333, 0],
    ['draw 0.5 picks the second', 0.5, 1],
    ['draw just under 1 picks the last', 0.999999, 2],
  ])('%s', (_name, random, index) => {
    const s = selectEndpoint(ctx('iptables', 3), {
      random,
      rrCounter: 0,
      previous: undefined,
      now: NOW,
    });
    expect(s.index).toBe(index);
    expect(s.rule.index).toBe(index);
    expect(s.usedRoundRobin).toBe(false);
  });

  it.each(['iptables', 'nftables'] as const)(
    '%s is uniform over many seeded draws (chi-square p > 0.001)',
    (mode) => {
      const rand = mulberry32(42);
      const counts = [0, 0, 0];
      for (let i = 0; i < 30_000; i++) {
        const s = selectEndpoint(ctx(mode, 3), {
          random: rand(),
          rrCounter: 0,
          previous: undefined,
          now: NOW,
        });
        counts[s.index] = (counts[s.index] ?? 0) + 1;
      }
      const test = chiSquare(counts);
      expect(test.degreesOfFreedom).toBe(2);
      expect(test.statistic).toBeLessThan(13.82); // the 0.999 quantile of chi-square with 2 df
      expect(test.pValue).toBeGreaterThan(0.001);
    },
  );

  it('ipvs round robin is exactly even', () => {
    const counts = [0, 0, 0];
    for (let rr = 0; rr < 300; rr++) {
      const s = selectEndpoint(ctx('ipvs', 3), {
        random: 0.9,
        rrCounter: rr,
        previous: undefined,
        now: NOW,
      });
      expect(s.usedRoundRobin).toBe(true);
      counts[s.index] = (counts[s.index] ?? 0) + 1;
    }
    expect(counts).toEqual([100, 100, 100]);
  });

  it('uniformIndex clamps out-of-range draws', () => {
    expect(uniformIndex(1, 3)).toBe(2);
    expect(uniformIndex(-0.5, 3)).toBe(0);
  });
});

describe('session affinity', () => {
  const sticky = ctx('iptables', 3, { affinityTimeoutSeconds: 10 });
  const previous = { podName: 'web-3', lastSeen: NOW };

  it.each([
    ['sticks within the timeout', previous, 9, true, 'web-3'],
    ['expires at the timeout', previous, 10, false, 'web-1'],
    ['expires after the timeout', previous, 60, false, 'web-1'],
    ['rebalances when the pod is gone', { podName: 'web-9', lastSeen: NOW }, 1, false, 'web-1'],
    ['balances a new client', undefined, 0, false, 'web-1'],
  ])('%s', (_name, prev, after, hit, pod) => {
    const s = selectEndpoint(sticky, { random: 0, rrCounter: 0, previous: prev, now: at(after) });
    expect(s.affinityHit).toBe(hit);
    expect(s.endpoint.podName).toBe(pod);
    expect(s.affinity).toEqual({ podName: pod, lastSeen: at(after) });
  });

  it('reports the recent-match rule on a hit', () => {
    const s = selectEndpoint(sticky, { random: 0, rrCounter: 0, previous, now: at(1) });
    expect(s.rule.kind).toBe('iptables-recent');
    expect(s.rule.text).toContain('-m recent --name KUBE-SEP-');
    expect(s.rule.text).toContain('--rcheck --seconds 10 --reap');
  });

  it('ipvs persistence does not consume the round-robin counter', () => {
    const s = selectEndpoint(
      { ...sticky, mode: 'ipvs' },
      { random: 0, rrCounter: 0, previous, now: at(1) },
    );
    expect(s).toMatchObject({ affinityHit: true, usedRoundRobin: false });
    expect(s.rule.kind).toBe('ipvs-persistent');
  });

  it('no affinity record without ClientIP affinity', () => {
    const s = selectEndpoint(ctx('iptables', 3), { random: 0, rrCounter: 0, previous, now: NOW });
    expect(s.affinity).toBeUndefined();
    expect(s.affinityHit).toBe(false);
  });
});
