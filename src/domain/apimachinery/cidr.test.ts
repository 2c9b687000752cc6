import { describe, expect, it } from 'vitest';
import { cidrContains, cidrWithin, parseCidr } from './cidr';

describe('CIDR blocks', () => {
  it.each([
    ['10.0.0.0/8', '10.255.1.2', true],
    ['10.0.0.5/8', '10.9.9.9', true],
    ['10.0.0.0/8', '11.0.0.1', false],
    ['203.0.113.7/32', '203.0.113.7', true],
    ['203.0.113.7/32', '203.0.113.8', false],
    ['0.0.0.0/0', '198.51.100.1', true],
    ['192.168.1.128/25', '192.168.1.127', false],
    ['192.168.1.128/25', '192.168.1.200', true],
    ['2001:db8::/32', '2001:db8:1::1', true],
    ['::/0', '10.0.0.1', false],
    ['0.0.0.0/0', '2001:db8::1', false],
    ['10.0.0.0/33', '10.0.0.1', false],
    ['not-a-cidr', '10.0.0.1', false],
  ])('%s contains %s: %s', (cidr, ip, expected) => {
    expect(cidrContains(cidr, ip)).toBe(expected);
  });

  it('tells a sub-block from an overlapping one', () => {
    const outer = parseCidr('10.0.0.0/16')!;
    expect(cidrWithin(parseCidr('10.0.5.0/24')!, outer)).toBe(true);
    expect(cidrWithin(parseCidr('10.0.0.0/8')!, outer)).toBe(false);
    expect(cidrWithin(parseCidr('10.1.0.0/24')!, outer)).toBe(false);
  });
});
