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
