import { describe, expect, it } from 'vitest';
import { fieldErrorText } from './field-errors';
import { isIPv6String, parseIP, validateIPForLegacyField } from './ip-address';

const v4 = (a: number, b: number, c: number, d: number) => [
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  255,
  255,
  a,
  b,
  c,
  d,
];

describe('parseIP', () => {
  it.each([
    { name: 'dotted IPv4', input: '10.96.0.1', want: v4(10, 96, 0, 1) },
    { name: 'IPv4 with leading zeros (sloppy)', input: '010.096.000.001', want: v4(10, 96, 0, 1) },
    { name: 'IPv6 loopback', input: '::1', want: [...new Array<number>(15).fill(0), 1] },
    { name: 'IPv6 unspecified', input: '::', want: new Array<number>(16).fill(0) },
    {
      name: 'IPv6 with an ellipsis in the middle',
      input: '2001:db8::ffff',
      want: [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff],
    },
    { name: 'IPv4-mapped IPv6', input: '::ffff:1.2.3.4', want: v4(1, 2, 3, 4) },
    {
      name: 'full IPv6',
      input: '1:2:3:4:5:6:7:8',
      want: [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8],
    },
  ])('parses $name', ({ input, want }) => {
    expect(parseIP(input)).toEqual(want);
  });

  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '1.2.3.a',
    'a::b::c',
    '1:2:3:4:5:6:7:8:9',
    '12345::',
    ':1',
    '1:',
    'fe80::1%eth0',
    'localhost',
    '1:2:3:4:5:6:7::8',
  ])('rejects %j', (input) => {
    expect(parseIP(input)).toBeNull();
  });

  it('tells IPv6 from IPv4', () => {
    expect(isIPv6String('fd00::1')).toBe(true);
    expect(isIPv6String('::ffff:1.2.3.4')).toBe(false);
    expect(isIPv6String('10.0.0.1')).toBe(false);
    expect(isIPv6String('nope')).toBe(false);
  });
});

describe('validateIPForLegacyField', () => {
  it.each([
    { name: 'valid', input: '10.0.0.1', strict: false, want: [] },
    {
      name: 'garbage',
      input: '10.0.0',
      strict: false,
      want: [
        'x: Invalid value: "10.0.0": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      ],
    },
    { name: 'leading zeros, sloppy', input: '010.0.0.1', strict: false, want: [] },
    {
      name: 'leading zeros, strict',
      input: '010.0.0.1',
      strict: true,
      want: ['x: Invalid value: "010.0.0.1": must not have leading 0s'],
    },
    {
      name: 'IPv4-mapped, strict',
      input: '::ffff:1.2.3.4',
      strict: true,
      want: ['x: Invalid value: "::ffff:1.2.3.4": must not be an IPv4-mapped IPv6 address'],
    },
  ])('$name', ({ input, strict, want }) => {
    expect(validateIPForLegacyField(input, 'x', strict).map(fieldErrorText)).toEqual(want);
  });
});
