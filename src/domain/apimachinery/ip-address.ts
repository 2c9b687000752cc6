// IP address parsing and the checks Kubernetes applies to Service IPs, with its exact texts.
// Parsing follows Go's net.ParseIP as forked by k8s.io/utils (ParseIPSloppy): IPv4 octets may
// carry leading zeros, IPv6 may end in a dotted IPv4 part, zones are not accepted.
import { invalid, type FieldError } from './field-errors';

/** A parsed address as 16 bytes; IPv4 is held IPv4-mapped (`::ffff:a.b.c.d`), as Go does. */
export type IPBytes = readonly number[];

const V4_MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

function parseIPv4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const octets: number[] = [];
  for (const part of parts) {
    if (!/^[0-9]+$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    octets.push(n);
  }
  return octets;
}

function parseIPv6(s: string): number[] | null {
  const bytes = new Array<number>(16).fill(0);
  let ellipsis = -1;
  let i = 0;
  let rest = s;
  if (rest.startsWith('::')) {
    ellipsis = 0;
    rest = rest.slice(2);
    if (rest === '') return bytes;
  }
  while (i < 16) {
    const group = /^[0-9a-fA-F]+/.exec(rest)?.[0];
    if (group === undefined) return null;
    if (rest[group.length] === '.') {
      if ((ellipsis < 0 && i !== 12) || i + 4 > 16) return null;
      const v4 = parseIPv4(rest);
      if (!v4) return null;
      bytes.splice(i, 4, ...v4);
      i += 4;
      rest = '';
      break;
    }
    if (group.length > 4) return null;
    const n = parseInt(group, 16);
    bytes[i] = n >> 8;
    bytes[i + 1] = n & 0xff;
    i += 2;
    rest = rest.slice(group.length);
    if (rest === '') break;
    if (rest[0] !== ':' || rest.length === 1) return null;
    rest = rest.slice(1);
    if (rest[0] === ':') {
      if (ellipsis >= 0) return null;
      ellipsis = i;
      rest = rest.slice(1);
      if (rest === '') break;
    }
  }
  if (rest !== '') return null;
  if (i < 16) {
    if (ellipsis < 0) return null;
    const tail = bytes.slice(ellipsis, i);
    bytes.fill(0, ellipsis);
    bytes.splice(16 - tail.length, tail.length, ...tail);
  } else if (ellipsis >= 0) {
    return null;
  }
  return bytes;
}

/** Parses an IPv4 or IPv6 address the sloppy way Kubernetes' legacy fields do; null if it is none. */
export function parseIP(value: string): IPBytes | null {
  for (const ch of value) {
    if (ch === '.') {
      const v4 = parseIPv4(value);
      return v4 ? [...V4_MAPPED_PREFIX, ...v4] : null;
    }
    if (ch === ':') return parseIPv6(value);
  }
  return null;
}

/** True when the address is IPv4 (Go's `To4() != nil`), IPv4-mapped IPv6 included. */
export function isIPv4Bytes(ip: IPBytes): boolean {
  return V4_MAPPED_PREFIX.every((b, i) => ip[i] === b);
}

/** True for a string that parses as an IPv6 (and not IPv4 or IPv4-mapped) address. */
export function isIPv6String(value: string): boolean {
  const ip = parseIP(value);
  return ip !== null && !isIPv4Bytes(ip);
}

/**
 * IsValidIPForLegacyField: a parseable address; with `strict` (the StrictIPCIDRValidation gate)
 * also no leading zeros and no IPv4-mapped IPv6.
 */
export function validateIPForLegacyField(
  value: string,
  path: string,
  strict = false,
): FieldError[] {
  const ip = parseIP(value);
  if (!ip)
    return [invalid(path, value, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')];
  if (!strict) return [];
  const errs: FieldError[] = [];
  const dotted = value.includes('.') ? value.slice(value.lastIndexOf(':') + 1) : '';
  const hasLeadingZero = dotted.split('.').some((octet) => /^0[0-9]/.test(octet));
  if (hasLeadingZero) errs.push(invalid(path, value, 'must not have leading 0s'));
  else if (value.includes(':') && isIPv4Bytes(ip)) {
    errs.push(invalid(path, value, 'must not be an IPv4-mapped IPv6 address'));
  }
  return errs;
}

/** ValidateNonSpecialIP: rejects unspecified, loopback, link-local and link-local multicast addresses. */
export function validateNonSpecialIP(value: string, path: string): FieldError[] {
  const ip = parseIP(value);
  if (!ip) return [invalid(path, value, 'must be a valid IP address')];
  const v4 = isIPv4Bytes(ip);
  const b = (i: number): number => ip[i] ?? 0;
  const allZero = (from: number): boolean => ip.slice(from).every((x) => x === 0);
  const unspecified = v4 ? allZero(12) : allZero(0);
  const loopback = v4 ? b(12) === 127 : ip.slice(0, 15).every((x) => x === 0) && b(15) === 1;
  const linkLocal = v4 ? b(12) === 169 && b(13) === 254 : b(0) === 0xfe && (b(1) & 0xc0) === 0x80;
  const linkLocalMulticast = v4
    ? b(12) === 224 && b(13) === 0 && b(14) === 0
    : b(0) === 0xff && (b(1) & 0x0f) === 0x02;
  const errs: FieldError[] = [];
  if (unspecified) errs.push(invalid(path, value, `may not be unspecified (${value})`));
  if (loopback)
    errs.push(invalid(path, value, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  if (linkLocal) {
    errs.push(
      invalid(path, value, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'),
    );
  }
  if (linkLocalMulticast) {
    errs.push(
      invalid(
        path,
        value,
        'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)',
      ),
    );
  }
  return errs;
}
