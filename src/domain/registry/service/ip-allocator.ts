// ClusterIP allocation modelled on Kubernetes' ipallocator for one IPv4 service CIDR: never the
// network or broadcast address; random auto-allocation prefers the range above the static band.
import { randomIndex } from './port-allocator';

/** kube-apiserver's default --service-cluster-ip-range. */
export const DEFAULT_SERVICE_CIDR = '10.96.0.0/12';

/** An IPv4 network: `network` is the masked base address as an unsigned 32-bit integer. */
export interface Cidr {
  network: number;
  prefix: number;
  /** Canonical text, e.g. `10.96.0.0/12`. */
  text: string;
}

/** Thrown by allocateNext when every usable address is taken. */
export class ErrFull extends Error {
  constructor() {
    super('range is full');
    this.name = 'ErrFull';
  }
}

/** Thrown by allocate when the address is already held. */
export class ErrAllocated extends Error {
  constructor() {
    super('provided IP is already allocated');
    this.name = 'ErrAllocated';
  }
}

/** Thrown by allocate for an address outside the usable range (including network and broadcast). */
export class ErrNotInRange extends Error {
  constructor(
    readonly ip: string,
    readonly validRange: string,
  ) {
    super(
      `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${validRange}`,
    );
    this.name = 'ErrNotInRange';
  }
}

/** Dotted-quad IPv4 to an unsigned 32-bit integer; undefined for anything that is not one. */
export function ipToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** Unsigned 32-bit integer to dotted-quad IPv4. */
export function intToIp(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** Parses `a.b.c.d/n` and masks host bits; throws `invalid CIDR address: <text>` otherwise. */
export function parseCidr(text: string): Cidr {
  const [ip, bits, ...rest] = text.trim().split('/');
  const address = ip === undefined ? undefined : ipToInt(ip);
  const prefix = bits !== undefined && /^\d{1,2}$/.test(bits) ? Number(bits) : NaN;
  if (address === undefined || rest.length > 0 || !(prefix >= 0 && prefix <= 32)) {
    throw new Error(`invalid CIDR address: ${text}`);
  }
  const hostCount = 2 ** (32 - prefix);
  const network = address - (address % hostCount);
  return { network, prefix, text: `${intToIp(network)}/${prefix}` };
}

/** Static band size as Kubernetes computes it from the CIDR size: min(max(16, size/16), 256), 0 if size <= 16. */
export function staticIpBandSize(cidrSize: number): number {
  if (cidrSize <= 16) return 0;
  return Math.min(Math.max(16, Math.floor(cidrSize / 16)), 256);
}

/** Holds which addresses of one IPv4 service CIDR are taken; an address is never handed out twice. */
export class IpAllocator {
  readonly cidr: Cidr;
  /** First usable address (network + 1) and the number of usable addresses. */
  private readonly first: number;
  private readonly count: number;
  /** Addresses first .. first + staticBand - 1 are used by auto-allocation only as a last resort. */
  readonly staticBand: number;
  private readonly taken = new Set<number>();

  /** Addresses in `allocated` that are not usable in the CIDR are ignored. */
  constructor(
    cidr: string | Cidr,
    allocated: Iterable<string>,
    private readonly random: () => number,
  ) {
    this.cidr = typeof cidr === 'string' ? parseCidr(cidr) : cidr;
    const size = 2 ** (32 - this.cidr.prefix);
    this.first = this.cidr.network + 1;
    this.count = Math.max(size - 2, 0);
    this.staticBand = Math.min(staticIpBandSize(size), this.count);
    for (const ip of allocated) {
      const offset = this.offsetOf(ip);
      if (offset !== undefined) this.taken.add(offset);
    }
  }

  /** Reserves `ip`; throws ErrNotInRange or ErrAllocated and changes nothing on failure. */
  allocate(ip: string): void {
    const offset = this.offsetOf(ip);
    if (offset === undefined) throw new ErrNotInRange(ip, this.cidr.text);
    if (this.taken.has(offset)) throw new ErrAllocated();
    this.taken.add(offset);
  }

  /** Reserves a free address: above the static band first from a random start, then the band. */
  allocateNext(): string {
    if (this.taken.size >= this.count) throw new ErrFull();
    const offset =
      this.scan(this.staticBand, this.count - this.staticBand) ?? this.scan(0, this.staticBand);
    if (offset === undefined) throw new ErrFull();
    this.taken.add(offset);
    return intToIp(this.first + offset);
  }

  /** Frees `ip`; releasing a free or foreign address is a no-op. */
  release(ip: string): void {
    const offset = this.offsetOf(ip);
    if (offset !== undefined) this.taken.delete(offset);
  }

  /** Whether `ip` is currently held. */
  has(ip: string): boolean {
    const offset = this.offsetOf(ip);
    return offset !== undefined && this.taken.has(offset);
  }

  /** How many usable addresses are still free. */
  free(): number {
    return this.count - this.taken.size;
  }

  /** The held addresses, canonical dotted-quad. */
  used(): Set<string> {
    return new Set([...this.taken].map((offset) => intToIp(this.first + offset)));
  }

  private offsetOf(ip: string): number | undefined {
    const value = ipToInt(ip);
    if (value === undefined) return undefined;
    const offset = value - this.first;
    return offset >= 0 && offset < this.count ? offset : undefined;
  }

  /** First free offset of [from, from + count) scanning forward from a random start, with wrap-around. */
  private scan(from: number, count: number): number | undefined {
    if (count <= 0) return undefined;
    const start = randomIndex(this.random, count);
    for (let i = 0; i < count; i++) {
      const offset = from + ((start + i) % count);
      if (!this.taken.has(offset)) return offset;
    }
    return undefined;
  }
}
