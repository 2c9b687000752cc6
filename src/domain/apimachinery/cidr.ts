// CIDR blocks as Kubernetes and cloud firewalls read them (Go's net.ParseCIDR via k8s.io/utils):
// the address may have host bits set (`10.0.0.5/8` is 10.0.0.0/8), both families.
import { parseIP, type IPBytes } from './ip-address';

export interface Cidr {
  /** The network address as 16 bytes (IPv4 held IPv4-mapped, as parseIP does). */
  base: IPBytes;
  /** Prefix length counted over the 16 bytes (an IPv4 /24 is 96 + 24). */
  bits: number;
  v4: boolean;
}

/** Parses `a.b.c.d/n` or `x::y/n`; null when it is not a CIDR. */
export function parseCidr(value: string): Cidr | null {
  const slash = value.indexOf('/');
  if (slash < 0) return null;
  const ip = parseIP(value.slice(0, slash));
  const mask = value.slice(slash + 1);
  if (!ip || !/^[0-9]{1,3}$/.test(mask)) return null;
  const v4 = !value.slice(0, slash).includes(':');
  const prefix = Number(mask);
  if (prefix > (v4 ? 32 : 128)) return null;
  return { base: ip, bits: (v4 ? 96 : 0) + prefix, v4 };
}

/** Whether `ip` (parsed) lies in `cidr`; an IPv4 address never matches an IPv6 block. */
export function cidrContainsBytes(cidr: Cidr, ip: IPBytes): boolean {
  const v4 = ip.slice(0, 12).every((b, i) => b === (i < 10 ? 0 : 0xff));
  if (v4 !== cidr.v4) return false;
  for (let bit = 0; bit < cidr.bits; bit += 8) {
    const take = Math.min(8, cidr.bits - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    const i = bit / 8;
    if (((ip[i] ?? 0) & mask) !== ((cidr.base[i] ?? 0) & mask)) return false;
  }
  return true;
}

/** Whether the address `ip` lies in the block `cidr` (false when either does not parse). */
export function cidrContains(cidr: string, ip: string): boolean {
  const block = parseCidr(cidr);
  const addr = parseIP(ip);
  return block !== null && addr !== null && cidrContainsBytes(block, addr);
}

/** Whether block `inner` lies wholly inside `outer` (same family, longer or equal prefix). */
export function cidrWithin(inner: Cidr, outer: Cidr): boolean {
  return inner.v4 === outer.v4 && inner.bits >= outer.bits && cidrContainsBytes(outer, inner.base);
}
