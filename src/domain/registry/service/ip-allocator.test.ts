import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SERVICE_CIDR,
  ErrAllocated,
  ErrFull,
  ErrNotInRange,
  IpAllocator,
  intToIp,
  ipToInt,
  parseCidr,
  staticIpBandSize,
} from './ip-allocator';

/** Deterministic random source: a 32-bit LCG (Numerical Recipes constants). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('ipToInt / intToIp', () => {
  it.each([
    { name: 'zero', ip: '0.0.0.0', value: 0 },
    { name: 'service range base', ip: '10.96.0.0', value: 0x0a600000 },
    { name: 'all ones', ip: '255.255.255.255', value: 0xffffffff },
  ])('round-trips $name', ({ ip, value }) => {
    expect(ipToInt(ip)).toBe(value);
    expect(intToIp(value)).toBe(ip);
  });

  it.each(['', '1.2.3', '1.2.3.4.5', '256.0.0.1', 'a.b.c.d', '::1', '1..2.3', '1.2.3.-4'])(
    'rejects %j',
    (ip) => {
      expect(ipToInt(ip)).toBeUndefined();
    },
  );
});

describe('parseCidr', () => {
  it.each([
    {
      name: 'default',
      text: '10.96.0.0/12',
      cidr: { network: 0x0a600000, prefix: 12, text: '10.96.0.0/12' },
    },
    {
      name: 'host bits masked',
      text: '10.96.5.7/12',
      cidr: { network: 0x0a600000, prefix: 12, text: '10.96.0.0/12' },
    },
    {
      name: '/24',
      text: '192.168.1.0/24',
      cidr: { network: 0xc0a80100, prefix: 24, text: '192.168.1.0/24' },
    },
  ])('parses $name', ({ text, cidr }) => {
    expect(parseCidr(text)).toEqual(cidr);
  });

  it.each(['10.96.0.0', '10.96.0.0/33', '10.96.0/12', 'x/12', '10.96.0.0/12/1'])(
    'rejects %j',
    (text) => {
      expect(() => parseCidr(text)).toThrow(`invalid CIDR address: ${text}`);
    },
  );
});

describe('staticIpBandSize', () => {
  it.each([
    { name: '/12 is capped at 256', size: 2 ** 20, band: 256 },
    { name: '/24 gets the minimum', size: 256, band: 16 },
    { name: '/28 has none', size: 16, band: 0 },
  ])('$name', ({ size, band }) => {
    expect(staticIpBandSize(size)).toBe(band);
  });
});

describe('IpAllocator', () => {
  it('keeps 10.96.0.1-10.96.1.0 as the static band of 10.96.0.0/12', () => {
    const alloc = new IpAllocator(DEFAULT_SERVICE_CIDR, [], lcg(3));
    expect(alloc.staticBand).toBe(256);
    expect(alloc.free()).toBe(2 ** 20 - 2);
    for (let i = 0; i < 200; i++) {
      const ip = ipToInt(alloc.allocateNext()) ?? 0;
      expect(ip).toBeGreaterThan(ipToInt('10.96.1.0') ?? 0);
      expect(ip).toBeLessThan(ipToInt('10.111.255.255') ?? 0);
    }
  });

  it('fills a /24 (upper range first, then the band), reports full, gives back the released one', () => {
    const alloc = new IpAllocator('192.168.1.0/24', [], lcg(9));
    const order: number[] = [];
    for (let i = 0; i < 254; i++) order.push((ipToInt(alloc.allocateNext()) ?? 0) & 255);
    expect(new Set(order).size).toBe(254);
    expect(order.slice(0, 254 - 16).every((last) => last >= 17 && last <= 254)).toBe(true);
    expect(order.slice(254 - 16).every((last) => last >= 1 && last <= 16)).toBe(true);
    expect(() => alloc.allocateNext()).toThrow(ErrFull);
    alloc.release('192.168.1.100');
    expect(alloc.allocateNext()).toBe('192.168.1.100');
    expect(() => alloc.allocateNext()).toThrow('range is full');
  });

  const explicitCases: {
    name: string;
    held: string[];
    ip: string;
    error: unknown;
    message: string;
  }[] = [
    {
      name: 'outside the CIDR',
      held: [],
      ip: '1.1.1.1',
      error: ErrNotInRange,
      message:
        'the provided IP (1.1.1.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    },
    {
      name: 'the network address',
      held: [],
      ip: '10.96.0.0',
      error: ErrNotInRange,
      message:
        'the provided IP (10.96.0.0) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    },
    {
      name: 'the broadcast address',
      held: [],
      ip: '10.111.255.255',
      error: ErrNotInRange,
      message:
        'the provided IP (10.111.255.255) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    },
    {
      name: 'a held address',
      held: ['10.96.0.50'],
      ip: '10.96.0.50',
      error: ErrAllocated,
      message: 'provided IP is already allocated',
    },
  ];
  it.each(explicitCases)('allocate rejects $name', ({ held, ip, error, message }) => {
    const alloc = new IpAllocator(DEFAULT_SERVICE_CIDR, held, lcg(1));
    expect(() => alloc.allocate(ip)).toThrow(error as new () => Error);
    expect(() => alloc.allocate(ip)).toThrow(message);
    expect(alloc.used()).toEqual(new Set(held));
  });

  it('allocates explicit addresses in the static band and tracks them', () => {
    const alloc = new IpAllocator(DEFAULT_SERVICE_CIDR, ['10.96.0.1', '8.8.8.8'], lcg(1));
    expect(alloc.has('10.96.0.1')).toBe(true);
    expect(alloc.has('8.8.8.8')).toBe(false);
    alloc.allocate('10.96.0.10');
    expect(alloc.used()).toEqual(new Set(['10.96.0.1', '10.96.0.10']));
    alloc.release('10.96.0.10');
    alloc.release('10.96.0.10');
    alloc.release('garbage');
    expect(alloc.has('10.96.0.10')).toBe(false);
  });

  it('a /31 or /32 has nothing to hand out', () => {
    expect(() => new IpAllocator('10.0.0.0/31', [], lcg(1)).allocateNext()).toThrow(ErrFull);
    expect(() => new IpAllocator('10.0.0.0/32', [], lcg(1)).allocateNext()).toThrow(ErrFull);
  });
});
