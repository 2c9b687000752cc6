// NodePort allocation modelled on Kubernetes' portallocator: a set over one port range where random
// auto-allocation prefers the upper band and keeps the lower (static) band for explicit requests.

/** A contiguous port range: `base` .. `base + size - 1`. */
export interface PortRange {
  base: number;
  size: number;
}

/** kube-apiserver's default --service-node-port-range, 30000-32767. */
export const DEFAULT_NODE_PORT_RANGE: PortRange = { base: 30000, size: 2768 };

/** Thrown by allocateNext when every port in the range is taken. */
export class ErrFull extends Error {
  constructor() {
    super('range is full');
    this.name = 'ErrFull';
  }
}

/** Thrown by allocate when the port is already held. */
export class ErrAllocated extends Error {
  constructor() {
    super('provided port is already allocated');
    this.name = 'ErrAllocated';
  }
}

/** Thrown by allocate for a port outside the range; `validPorts` is the range text `30000-32767`. */
export class ErrNotInRange extends Error {
  constructor(readonly validPorts: string) {
    super(`provided port is not in the valid range. The range of valid ports is ${validPorts}`);
    this.name = 'ErrNotInRange';
  }
}

/** `base-max`, the form kube-apiserver prints a range in. */
export function portRangeText(range: PortRange): string {
  return `${range.base}-${range.base + range.size - 1}`;
}

/** Parses `a-b` (also `a` and `a+n`) as --service-node-port-range does; throws on anything else. */
export function parsePortRange(text: string): PortRange {
  const value = text.trim();
  const match = /^(\d+)(?:([-+])(\d+))?$/.exec(value);
  if (!match) {
    throw new Error(`invalid port range "${text}": expected <first>-<last>, e.g. 30000-32767`);
  }
  const low = Number(match[1]);
  const other = match[3] === undefined ? undefined : Number(match[3]);
  const high = other === undefined ? low : match[2] === '+' ? low + other : other;
  if (low < 1 || high > 65535) {
    throw new Error(`invalid port range "${text}": ports must be between 1 and 65535, inclusive`);
  }
  if (high < low) {
    throw new Error(`invalid port range "${text}": end port cannot be less than start port`);
  }
  return { base: low, size: high - low + 1 };
}

/** Size of the static band: min(max(16, size/32), 128), or 0 when the range has 16 ports or fewer. */
export function staticPortBandSize(size: number): number {
  if (size <= 16) return 0;
  return Math.min(Math.max(16, Math.floor(size / 32)), 128);
}

/** A random index in [0, n) drawn from `random`, clamped in case the source misbehaves. */
export function randomIndex(random: () => number, n: number): number {
  const i = Math.floor(random() * n);
  return Math.min(Math.max(i, 0), n - 1);
}

/** Holds which ports of one range are taken; a port is never handed out twice while held. */
export class PortAllocator {
  readonly range: PortRange;
  /** Number of ports at the bottom of the range that auto-allocation uses only as a last resort. */
  readonly staticBand: number;
  private readonly taken = new Set<number>();

  /** Ports in `allocated` outside the range are ignored (they cannot be handed out anyway). */
  constructor(
    range: PortRange,
    allocated: Iterable<number>,
    private readonly random: () => number,
  ) {
    this.range = { base: range.base, size: range.size };
    this.staticBand = staticPortBandSize(range.size);
    for (const port of allocated) {
      if (this.inRange(port)) this.taken.add(port);
    }
  }

  /** The range as `30000-32767`. */
  get rangeText(): string {
    return portRangeText(this.range);
  }

  /** Reserves `port`; throws ErrNotInRange or ErrAllocated and changes nothing on failure. */
  allocate(port: number): void {
    if (!this.inRange(port)) throw new ErrNotInRange(this.rangeText);
    if (this.taken.has(port)) throw new ErrAllocated();
    this.taken.add(port);
  }

  /** Reserves a free port: upper band first from a random start, lower band only when it is full. */
  allocateNext(): number {
    const { base, size } = this.range;
    if (this.taken.size >= size) throw new ErrFull();
    const upper = this.scan(base + this.staticBand, size - this.staticBand);
    const port = upper ?? this.scan(base, this.staticBand);
    if (port === undefined) throw new ErrFull();
    this.taken.add(port);
    return port;
  }

  /** Frees `port`; releasing a free or out-of-range port is a no-op, as in Kubernetes. */
  release(port: number): void {
    this.taken.delete(port);
  }

  /** Whether `port` is currently held. */
  has(port: number): boolean {
    return this.taken.has(port);
  }

  /** How many ports are still free. */
  free(): number {
    return this.range.size - this.taken.size;
  }

  /** A copy of the held ports. */
  used(): Set<number> {
    return new Set(this.taken);
  }

  private inRange(port: number): boolean {
    return (
      Number.isInteger(port) && port >= this.range.base && port < this.range.base + this.range.size
    );
  }

  /** First free port of [first, first + count) scanning forward from a random start, with wrap-around. */
  private scan(first: number, count: number): number | undefined {
    if (count <= 0) return undefined;
    const start = randomIndex(this.random, count);
    for (let i = 0; i < count; i++) {
      const port = first + ((start + i) % count);
      if (!this.taken.has(port)) return port;
    }
    return undefined;
  }
}
