import { describe, expect, it } from 'vitest';
import { clone } from './objects';

describe('clone', () => {
  it('copies nested objects and arrays deeply, sharing nothing with the original', () => {
    const original = { spec: { containers: [{ name: 'a', ports: [{ containerPort: 80 }] }] } };
    const copy = clone(original);
    expect(copy).toEqual(original);
    copy.spec.containers[0]!.ports[0]!.containerPort = 81;
    copy.spec.containers.push({ name: 'b', ports: [] });
    expect(original.spec.containers).toEqual([{ name: 'a', ports: [{ containerPort: 80 }] }]);
  });

  it('keeps keys in order and undefined values, as structuredClone does', () => {
    const original = { b: 1, a: undefined, c: [null, true, 'x'] };
    const copy = clone(original);
    expect(Object.keys(copy)).toEqual(['b', 'a', 'c']);
    expect('a' in copy).toBe(true);
    expect(copy).toStrictEqual(structuredClone(original));
  });

  it('keeps a decoded __proto__ key an own property and leaves the prototype alone', () => {
    const original = JSON.parse('{"metadata":{"__proto__":{"polluted":true}}}') as {
      metadata: Record<string, unknown>;
    };
    const copy = clone(original);
    expect(Object.getPrototypeOf(copy.metadata)).toBe(Object.prototype);
    expect(Object.keys(copy.metadata)).toEqual(['__proto__']);
    expect((copy.metadata as { polluted?: boolean }).polluted).toBeUndefined();
    expect(JSON.stringify(copy)).toBe(JSON.stringify(original));
  });
});
