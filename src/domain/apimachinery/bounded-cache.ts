// The one kind of cache the server keeps in memory: least recently used out first, bounded by the
// bytes its entries are estimated to take, not by a count (a count of labs caps a class of small
// labs as hard as a few big ones, and 300 students sat on the old 256-lab cliff). lru-cache does
// the bookkeeping; every budget is in CACHE_BUDGETS below, so the memory the caches may hold adds up
// in one place (about 200 MiB of estimated bytes in all; JavaScript objects weigh 2-4x their JSON).
import { LRUCache } from 'lru-cache';

const KiB = 1024;
const MiB = 1024 * KiB;

/** Every cache of the server, what it holds, and the estimated bytes it may hold. */
export const CACHE_BUDGETS = {
  /** Whole lab states (every object parsed), weighed by their objects' stored JSON. 19 KB an echo lab. */
  labStates: 96 * MiB,
  /** What routed requests need of a lab (nodes, services, pods, ConfigMaps), read on the cold path. */
  routeStates: 48 * MiB,
  /**
   * Labs' rows on Node, one entry a lab: the head (revision, settings) every routed request reads
   * and the access (token hash, expiry) every authenticated one reads, weighed by their strings.
   */
  labRows: 6 * MiB,
  /** SHA-256 of recently seen bearer tokens (a WebCrypto digest costs more than a request). */
  tokenHashes: 512 * KiB,
  /** Base32 SHA-256 digests behind kube-proxy's chain names. */
  chainDigests: 1 * MiB,
  /** nginx server_name and location regexes, compiled. */
  nginxPatterns: 2 * MiB,
  /** nginx `return` and header templates, split into text and variable names. */
  nginxTemplates: 1 * MiB,
  /** Pods' nginx, parsed with their ConfigMap mounts, weighed by the configuration files' text. */
  nginxConfigs: 32 * MiB,
  /** nginx configurations parsed, by their files' paths and text (shared by pods and labs). */
  nginxModels: 16 * MiB,
  /** Node's prepared better-sqlite3 write statements, weighed by their SQL text. */
  preparedStatements: 1 * MiB,
} as const;

export type CacheName = keyof typeof CACHE_BUDGETS;

/** What an entry costs besides its value: the key, the cache's slots, the Map entry. */
export const ENTRY_OVERHEAD_BYTES = 64;

/** Bytes a string takes in memory, roughly (V8 keeps one- or two-byte strings; assume two). */
export function stringBytes(text: string): number {
  return 2 * text.length;
}

export interface BoundedCache<K, V> {
  get(key: K): V | undefined;
  /** Keeps `value`, weighing `bytes` (estimated); one larger than the whole budget is not kept. */
  set(key: K, value: V, bytes: number): void;
  delete(key: K): void;
  clear(): void;
  /** Entries held now. */
  readonly size: number;
  /** Estimated bytes held now, never above the budget. */
  readonly bytes: number;
  readonly budget: number;
}

/** A cache named in CACHE_BUDGETS (a test may give a smaller budget). */
// lru-cache keys and values are any non-nullish value.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export function boundedCache<K extends {}, V extends {}>(
  name: CacheName,
  budget: number = CACHE_BUDGETS[name],
): BoundedCache<K, V> {
  const lru = new LRUCache<K, V>({ maxSize: Math.max(1, budget) });
  return {
    get: (key) => lru.get(key),
    set(key, value, bytes) {
      // An entry over the whole budget is not kept (lru-cache drops the key's older value too).
      lru.set(key, value, { size: Math.max(1, Math.ceil(bytes) + ENTRY_OVERHEAD_BYTES) });
    },
    delete: (key) => void lru.delete(key),
    clear: () => lru.clear(),
    get size() {
      return lru.size;
    },
    get bytes() {
      return lru.calculatedSize;
    },
    budget: lru.maxSize,
  };
}
