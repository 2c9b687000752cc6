import { describe, expect, it } from 'vitest';
import { boundedCache, CACHE_BUDGETS, ENTRY_OVERHEAD_BYTES } from './bounded-cache';

const entry = (bytes: number) => bytes - ENTRY_OVERHEAD_BYTES;

describe('boundedCache', () => {
  it('evicts the least recently used entries once their bytes pass the budget', () => {
    const cache = boundedCache<string, string>('labStates', 1000);
    cache.set('a', 'A', entry(400));
    cache.set('b', 'B', entry(400));
    expect(cache.get('a')).toBe('A'); // a is now the most recently used
    cache.set('c', 'C', entry(400)); // 1200 > 1000: b goes, not a
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    expect(cache.get('c')).toBe('C');
    expect(cache.bytes).toBe(800);
  });

  it('holds many small entries where a count would have stopped, and few big ones', () => {
    const cache = boundedCache<number, string>('labStates', 100_000);
    for (let i = 0; i < 1000; i++) cache.set(i, 'x', entry(100));
    expect(cache.size).toBe(1000);
    for (let i = 0; i < 10; i++) cache.set(-i - 1, 'big', entry(20_000));
    expect(cache.size).toBeLessThan(100);
    expect(cache.bytes).toBeLessThanOrEqual(100_000);
  });

  it('keeps no entry larger than the whole budget, and forgets the key it replaced', () => {
    const cache = boundedCache<string, string>('labStates', 1000);
    cache.set('a', 'small', entry(100));
    cache.set('a', 'huge', 5000);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.bytes).toBe(0);
  });

  it('reweighs an entry that is replaced', () => {
    const cache = boundedCache<string, string>('labStates', 1000);
    cache.set('a', 'one', entry(300));
    cache.set('a', 'two', entry(500));
    expect(cache.bytes).toBe(500);
    expect(cache.size).toBe(1);
  });

  it('takes its budget from the one table unless given one', () => {
    expect(boundedCache('tokenHashes').budget).toBe(CACHE_BUDGETS.tokenHashes);
  });
});
