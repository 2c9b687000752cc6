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

/** Hits counted for one pod (from one entry node, when `entryNode` is known). */
export interface HitCount {
  pod: string;
  /** The pod's node. */
  node: string;
  /** The node the connections entered; '' for hits recorded before entry nodes were. */
  entryNode?: string;
  hits: number;
  podIP?: string;
}

/** A pod's or node's part of the total. */
export interface Share {
  hits: number;
  share: number;
}

/** Hits shaped for display: total, per pod, per pod's node and per entry node; shares sum to 1. */
export interface Distribution {
  total: number;
  pods: (Omit<HitCount, 'entryNode'> & Share)[];
  nodes: ({ node: string } & Share)[];
  entryNodes: ({ node: string } & Share)[];
}

const shareOf = (hits: number, total: number): number => (total > 0 ? hits / total : 0);

/** Merges rows of the same pod, keeps first-seen order, and computes shares. */
export function distribution(hits: HitCount[]): Distribution {
  const pods = new Map<string, Omit<HitCount, 'entryNode'>>();
  const entries = new Map<string, number>();
  for (const { entryNode = '', ...h } of hits) {
    const prev = pods.get(h.pod);
    pods.set(h.pod, prev ? { ...prev, hits: prev.hits + h.hits } : { ...h });
    entries.set(entryNode, (entries.get(entryNode) ?? 0) + h.hits);
  }
  const total = [...pods.values()].reduce((a, p) => a + p.hits, 0);
  const nodes = new Map<string, number>();
  for (const p of pods.values()) nodes.set(p.node, (nodes.get(p.node) ?? 0) + p.hits);
  const shares = (m: Map<string, number>) =>
    [...m].map(([node, n]) => ({ node, hits: n, share: shareOf(n, total) }));
  return {
    total,
    pods: [...pods.values()].map((p) => ({ ...p, share: shareOf(p.hits, total) })),
    nodes: shares(nodes),
    // By name: rows come back from storage in key order, not in the order they were hit.
    entryNodes: shares(entries).sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0)),
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
