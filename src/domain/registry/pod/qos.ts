// A pod's QoS class, as kube-apiserver computes it at creation (pkg/apis/core/helper/qos): only
// cpu and memory count; requests left out default to the limits.

export type QosClass = 'BestEffort' | 'Burstable' | 'Guaranteed';

const QOS_RESOURCES = ['cpu', 'memory'] as const;

const SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A resource quantity's value (`100m` = 0.1, `1Gi` = 2^30); undefined when it is no quantity. */
export function quantityValue(q: unknown): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  if (typeof q !== 'string' || q.length > 64) return undefined;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|([a-zA-Z]*))$/.exec(q);
  if (!m) return undefined;
  const scale = m[2] ? 1 : SUFFIXES[m[3] ?? ''];
  if (scale === undefined || !Object.hasOwn(SUFFIXES, m[3] ?? '')) return undefined;
  return Number(`${m[1]}${m[2] ?? ''}`) * scale;
}

interface ContainerLike {
  resources?: unknown;
}

function amounts(resources: unknown, key: 'requests' | 'limits'): Map<string, number> {
  const out = new Map<string, number>();
  if (typeof resources !== 'object' || resources === null) return out;
  const list: unknown = Object.hasOwn(resources, key)
    ? (resources as Record<string, unknown>)[key]
    : undefined;
  if (typeof list !== 'object' || list === null) return out;
  for (const name of QOS_RESOURCES) {
    if (!Object.hasOwn(list, name)) continue;
    const v = quantityValue((list as Record<string, unknown>)[name]);
    if (v !== undefined && v !== 0) out.set(name, v);
  }
  return out;
}

/** BestEffort without cpu/memory requests or limits; Guaranteed when every container's equal. */
export function qosClassOf(containers: readonly ContainerLike[]): QosClass {
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  for (const c of containers) {
    const lim = amounts(c.resources, 'limits');
    // Defaulting copies a limit into a missing request.
    const req = new Map([...lim, ...amounts(c.resources, 'requests')]);
    for (const [k, v] of req) requests.set(k, (requests.get(k) ?? 0) + v);
    for (const [k, v] of lim) limits.set(k, (limits.get(k) ?? 0) + v);
    if (!QOS_RESOURCES.every((r) => lim.has(r))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed && requests.size === limits.size) {
    if ([...requests].every(([k, v]) => limits.get(k) === v)) return 'Guaranteed';
  }
  return 'Burstable';
}
