// The lab cloud's pool of load-balancer addresses, as a cloud or MetalLB hands them out: the
// entries expanded in order, the lowest free one first, bounded so a pool is cheap to walk.
import { parseCidr } from '../apimachinery/cidr';

const MAX_ADDRESSES = 256;

const toInt = (ip: string) => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
const toIp = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

/** The pool's addresses in order, duplicates dropped, at most 256 (later ones ignored). */
export function poolAddresses(entries: readonly string[] | undefined): string[] {
  const out = new Set<string>();
  for (const entry of entries ?? []) {
    let lo: number;
    let hi: number;
    if (entry.includes('/')) {
      const block = parseCidr(entry);
      if (!block?.v4) continue;
      const size = 2 ** (128 - block.bits);
      lo = Math.floor(toInt(entry.slice(0, entry.indexOf('/'))) / size) * size;
      hi = lo + size - 1;
    } else {
      const [a = '', b = a] = entry.split('-');
      lo = toInt(a);
      hi = toInt(b);
    }
    for (let n = lo; n <= hi && out.size < MAX_ADDRESSES; n++) out.add(toIp(n));
    if (out.size >= MAX_ADDRESSES) break;
  }
  return [...out];
}

/** The lowest pool address not in `taken`, or undefined when every one is taken. */
export function freeAddress(
  pool: readonly string[],
  taken: ReadonlySet<string>,
): string | undefined {
  return pool.find((ip) => !taken.has(ip));
}

/** How a pool reads in messages: `203.0.113.10-203.0.113.12 (3 addresses)`. */
export function describePool(pool: readonly string[]): string {
  if (pool.length === 0) return 'an empty pool';
  const span = pool.length === 1 ? pool[0]! : `${pool[0]}-${pool[pool.length - 1]}`;
  return `${span} (${pool.length} address${pool.length === 1 ? '' : 'es'})`;
}
