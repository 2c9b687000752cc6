import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NODE_PORT_RANGE,
  ErrAllocated,
  ErrFull,
  ErrNotInRange,
  PortAllocator,
  parsePortRange,
  staticPortBandSize,
} from './port-allocator';

/** Deterministic random source: a 32-bit LCG (Numerical Recipes constants). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const fresh = (allocated: number[] = [], seed = 42) =>
  new PortAllocator(DEFAULT_NODE_PORT_RANGE, allocated, lcg(seed));

describe('PortAllocator', () => {
  it('fills the whole default range, reports full, and hands back exactly the released port', () => {
    const alloc = fresh();
    const seen = new Set<number>();
    for (let i = 0; i < 2768; i++) {
      const port = alloc.allocateNext();
      expect(port).toBeGreaterThanOrEqual(30000);
      expect(port).toBeLessThanOrEqual(32767);
      seen.add(port);
    }
    expect(seen.size).toBe(2768);
    expect(alloc.free()).toBe(0);
    expect(() => alloc.allocateNext()).toThrow(ErrFull);
    expect(() => alloc.allocateNext()).toThrow('range is full');

    alloc.release(31337);
    expect(alloc.has(31337)).toBe(false);
    expect(alloc.allocateNext()).toBe(31337);
    expect(() => alloc.allocateNext()).toThrow(ErrFull);
  });

  it('never auto-allocates from the static band 30000-30085 until the upper band is full', () => {
    const alloc = fresh([], 7);
    const upperSize = 2768 - 86;
    for (let i = 0; i < upperSize; i++) {
      expect(alloc.allocateNext()).toBeGreaterThanOrEqual(30086);
    }
    for (let i = 0; i < 86; i++) {
      const port = alloc.allocateNext();
      expect(port).toBeGreaterThanOrEqual(30000);
      expect(port).toBeLessThanOrEqual(30085);
    }
    expect(alloc.free()).toBe(0);
  });

  it('scans forward with wrap-around from the random start', () => {
    const lastOfUpper = () => 0.9999999; // start index = the last port of the upper band
    const alloc = new PortAllocator(DEFAULT_NODE_PORT_RANGE, [32767], lastOfUpper);
    expect(alloc.allocateNext()).toBe(30086);
  });

  const explicitCases: {
    name: string;
    held: number[];
    port: number;
    error: unknown;
    message: string;
  }[] = [
    {
      name: 'a held port is ErrAllocated',
      held: [30080],
      port: 30080,
      error: ErrAllocated,
      message: 'provided port is already allocated',
    },
    {
      name: 'below the range is ErrNotInRange',
      held: [],
      port: 80,
      error: ErrNotInRange,
      message: 'provided port is not in the valid range. The range of valid ports is 30000-32767',
    },
    {
      name: 'above the range is ErrNotInRange',
      held: [],
      port: 32768,
      error: ErrNotInRange,
      message: 'provided port is not in the valid range. The range of valid ports is 30000-32767',
    },
  ];
  it.each(explicitCases)('allocate: $name', ({ held, port, error, message }) => {
    const alloc = fresh(held);
    const before = alloc.used();
    expect(() => alloc.allocate(port)).toThrow(error as new () => Error);
    expect(() => alloc.allocate(port)).toThrow(message);
    expect(alloc.used()).toEqual(before);
  });

  it('ErrNotInRange carries the range text', () => {
    try {
      fresh().allocate(1);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ErrNotInRange);
      expect((e as ErrNotInRange).validPorts).toBe('30000-32767');
    }
  });

  it('explicit requests may use the static band, and the constructor respects held ports', () => {
    const alloc = fresh([30000, 31000, 99]);
    expect(alloc.has(31000)).toBe(true);
    expect(alloc.has(99)).toBe(false);
    expect(alloc.free()).toBe(2766);
    alloc.allocate(30001);
    expect(alloc.has(30001)).toBe(true);
    alloc.release(30001);
    alloc.release(30001);
    alloc.release(5);
    expect(alloc.free()).toBe(2766);
  });

  it('a tiny range has no static band', () => {
    const alloc = new PortAllocator({ base: 100, size: 3 }, [], lcg(1));
    expect(new Set([alloc.allocateNext(), alloc.allocateNext(), alloc.allocateNext()])).toEqual(
      new Set([100, 101, 102]),
    );
    expect(() => alloc.allocateNext()).toThrow(ErrFull);
  });
});

describe('staticPortBandSize', () => {
  it.each([
    { name: 'default range', size: 2768, band: 86 },
    { name: 'small range gets the minimum', size: 100, band: 16 },
    { name: '16 ports or fewer: none', size: 16, band: 0 },
    { name: 'huge range is capped', size: 64000, band: 128 },
  ])('$name', ({ size, band }) => {
    expect(staticPortBandSize(size)).toBe(band);
  });
});

describe('parsePortRange', () => {
  it.each([
    { name: 'default', text: '30000-32767', range: { base: 30000, size: 2768 } },
    { name: 'surrounding spaces', text: ' 30000-30010 ', range: { base: 30000, size: 11 } },
    { name: 'single port', text: '8080', range: { base: 8080, size: 1 } },
    { name: 'plus notation', text: '30000+9', range: { base: 30000, size: 10 } },
  ])('accepts $name', ({ text, range }) => {
    expect(parsePortRange(text)).toEqual(range);
  });

  it.each([
    { name: 'garbage', text: 'abc', message: 'expected <first>-<last>' },
    { name: 'empty', text: '', message: 'expected <first>-<last>' },
    { name: 'reversed', text: '32767-30000', message: 'end port cannot be less than start port' },
    { name: 'zero', text: '0-100', message: 'between 1 and 65535' },
    { name: 'too high', text: '30000-70000', message: 'between 1 and 65535' },
    { name: 'negative', text: '-5-10', message: 'expected <first>-<last>' },
  ])('rejects $name', ({ text, message }) => {
    expect(() => parsePortRange(text)).toThrow(message);
  });
});
