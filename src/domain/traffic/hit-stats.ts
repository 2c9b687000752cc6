// Statistics over recorded hits: per-pod and per-node shares, and Pearson's chi-square test of the
// observed counts against an even split (what a uniform kube-proxy should produce).
import { gammaQ } from './incomplete-gamma';

/** Result of a chi-square goodness-of-fit test against equal expected counts. */
export interface ChiSquare {
  statistic: number;
  degreesOfFreedom: number;
  pValue: number;
}

/** Pearson's X² = Σ (o - e)² / e with e = total / k; p = Q((k - 1) / 2, X² / 2). Trivial cases give p = 1. */
export function chiSquare(observed: number[]): ChiSquare {
  const k = observed.length;
  const total = observed.reduce((a, b) => a + b, 0);
  const degreesOfFreedom = Math.max(k - 1, 0);
  if (k < 2 || total <= 0) return { statistic: 0, degreesOfFreedom, pValue: 1 };
  const expected = total / k;
  const statistic = observed.reduce((sum, o) => sum + (o - expected) ** 2 / expected, 0);
  return { statistic, degreesOfFreedom, pValue: gammaQ(degreesOfFreedom / 2, statistic / 2) };
}

/** Hits counted for one pod. */
export interface HitCount {
  pod: string;
  node: string;
  hits: number;
  podIP?: string;
}

/** A pod's or node's part of the total. */
export interface Share {
  hits: number;
  share: number;
}

/** Hits shaped for display: total, per pod, per node; shares sum to 1 when total > 0. */
export interface Distribution {
  total: number;
  pods: (HitCount & Share)[];
  nodes: ({ node: string } & Share)[];
}

const shareOf = (hits: number, total: number): number => (total > 0 ? hits / total : 0);

/** Merges rows of the same pod, keeps first-seen order, and computes shares. */
export function distribution(hits: HitCount[]): Distribution {
  const pods = new Map<string, HitCount>();
  for (const h of hits) {
    const prev = pods.get(h.pod);
    pods.set(h.pod, prev ? { ...prev, hits: prev.hits + h.hits } : { ...h });
  }
  const total = [...pods.values()].reduce((a, p) => a + p.hits, 0);
  const nodes = new Map<string, number>();
  for (const p of pods.values()) nodes.set(p.node, (nodes.get(p.node) ?? 0) + p.hits);
  return {
    total,
    pods: [...pods.values()].map((p) => ({ ...p, share: shareOf(p.hits, total) })),
    nodes: [...nodes].map(([node, n]) => ({ node, hits: n, share: shareOf(n, total) })),
  };
}

/** Chi-square of the hits of the current endpoint pods (a pod with no hits counts 0; others are ignored). */
export function evenSplitTest(
  hits: HitCount[],
  endpointPods: string[],
): ChiSquare & { observed: number[] } {
  const byPod = new Map(distribution(hits).pods.map((p) => [p.pod, p.hits]));
  const observed = endpointPods.map((pod) => byPod.get(pod) ?? 0);
  return { ...chiSquare(observed), observed };
}
