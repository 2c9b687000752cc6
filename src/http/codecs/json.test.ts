import { describe, expect, it } from 'vitest';
import { sharePart } from '../../domain/proxy/programmed-rules';
import { objectJson } from './json';

describe('objectJson', () => {
  const shared = Object.freeze({ rule: 'KUBE-SVC-X', list: Object.freeze([1, 2]) });
  const objects: object[] = [
    {},
    { a: 1, b: 'two "quoted" \n', c: null, d: undefined, e: () => 1, f: [1, { g: true }] },
    { proxy: shared, at: new Date(0), nested: { deep: shared }, again: shared },
    { ünïcode: 'ü', 'key with "quotes"': 1 },
    { rule: sharePart({ chain: 'KUBE-SEP-Y', probability: 0.5 }), nodes: sharePart([shared]) },
  ];

  it('writes exactly what JSON.stringify writes', () => {
    for (const o of objects) {
      expect(objectJson(o)).toBe(JSON.stringify(o));
      expect(objectJson(o)).toBe(JSON.stringify(o));
    }
  });

  it('puts the head properties first', () => {
    for (const o of objects) {
      expect(objectJson(o, '{"request":{"ip":"1.2.3.4"},')).toBe(
        JSON.stringify({ request: { ip: '1.2.3.4' }, ...o }),
      );
    }
  });
});

describe('objectJson with an anchor', () => {
  const node = sharePart({ name: 'node01', ip: '192.168.1.3' });
  const proxyA = sharePart({ mode: 'iptables', rule: sharePart({ chain: 'KUBE-SEP-A' }) });
  const proxyB = sharePart({ mode: 'iptables', rule: sharePart({ chain: 'KUBE-SEP-B' }) });
  let answered = 0;
  const decision = (proxy: object, extra: Record<string, unknown> = {}) => ({
    outcome: 'ok',
    message: 'forwarded',
    receivingNode: node,
    proxy,
    remoteAddr: '192.168.1.3',
    response: { status: 200, body: `answer ${++answered}` },
    ...extra,
  });

  it('writes what JSON.stringify writes, run after run through the same shared part', () => {
    const cases = [
      decision(proxyA),
      decision(proxyA),
      decision(proxyB),
      decision(proxyA, { message: 'forwarded; with a note' }),
      decision(proxyA, { remoteAddr: '192.168.1.10' }),
      decision(proxyA, { receivingNode: sharePart({ name: 'node02', ip: '192.168.1.4' }) }),
      decision(proxyA, { networkPolicy: { allowed: true } }),
      { proxy: proxyA, outcome: 'ok' },
      { outcome: 'ok', proxy: proxyA, message: undefined, fn: () => 1 },
      decision(proxyA),
    ];
    for (const o of cases) {
      expect(objectJson(o, '{"request":{"ip":"1.2.3.4"},', 'proxy')).toBe(
        JSON.stringify({ request: { ip: '1.2.3.4' }, ...o }),
      );
    }
  });

  it('writes a value that changed in place of the one the run kept (identity, not shape)', () => {
    const o = decision(proxyA);
    objectJson(o, '{', 'proxy');
    const changed = { ...o, message: 'another message' };
    expect(objectJson(changed, '{', 'proxy')).toContain('"message":"another message"');
    expect(objectJson(o, '{', 'proxy')).toBe(JSON.stringify(o));
  });

  it('ignores an anchor that is missing or not a shared part', () => {
    for (const o of [{ a: 1 }, { proxy: { mode: 'ipvs' }, b: [1] }, { proxy: 'text' }]) {
      expect(objectJson(o, '{', 'proxy')).toBe(JSON.stringify(o));
    }
  });
});
