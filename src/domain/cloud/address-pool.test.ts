import { describe, expect, it } from 'vitest';
import { describePool, freeAddress, poolAddresses } from './address-pool';

describe('the load-balancer address pool', () => {
  it('expands addresses, ranges and CIDRs in order without duplicates', () => {
    expect(
      poolAddresses([
        '203.0.113.10',
        '203.0.113.20-203.0.113.22',
        '203.0.113.21',
        '198.51.100.4/31',
      ]),
    ).toEqual([
      '203.0.113.10',
      '203.0.113.20',
      '203.0.113.21',
      '203.0.113.22',
      '198.51.100.4',
      '198.51.100.5',
    ]);
  });

  it('stops at 256 addresses however large the entries', () => {
    expect(poolAddresses(['10.0.0.0/8'])).toHaveLength(256);
    expect(poolAddresses(['0.0.0.0-255.255.255.255']).at(-1)).toBe('0.0.0.255');
  });

  it('hands out the lowest free address', () => {
    const pool = poolAddresses(['203.0.113.10-203.0.113.12']);
    expect(freeAddress(pool, new Set(['203.0.113.10']))).toBe('203.0.113.11');
    expect(freeAddress(pool, new Set(pool))).toBeUndefined();
    expect(describePool(pool)).toBe('203.0.113.10-203.0.113.12 (3 addresses)');
  });
});
