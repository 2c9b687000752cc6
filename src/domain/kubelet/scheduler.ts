// Where pods run and which address they get: a tiny kube-scheduler plus host-local IPAM.
import type { Pod } from '../../schema/kube/pod';
import type { Node } from '../../schema/kube/core';
import { compareStrings } from '../apimachinery/objects';
import { ownValue } from '../apimachinery/own-property';

interface Taint {
  key: string;
  value?: string | undefined;
  effect: string;
}

function tolerates(pod: Pod, taint: Taint): boolean {
  return (pod.spec?.tolerations ?? []).some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

/** A node is feasible when schedulable, untainted for the pod and matching its nodeSelector. */
export function isFeasible(pod: Pod, node: Node): boolean {
  if (node.spec?.unschedulable) return false;
  const blocking = (node.spec?.taints ?? []).filter(
    (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute',
  );
  if (blocking.some((t) => !tolerates(pod, t))) return false;
  const labels = node.metadata.labels ?? {};
  return Object.entries(pod.spec?.nodeSelector ?? {}).every(([k, v]) => ownValue(labels, k) === v);
}

/** Picks the feasible node with the fewest pods, ties broken by name; undefined if none fits. */
export function pickNode(pod: Pod, nodes: Node[], pods: Pod[]): Node | undefined {
  const load = new Map<string, number>();
  for (const p of pods) {
    const n = p.spec?.nodeName;
    if (n) load.set(n, (load.get(n) ?? 0) + 1);
  }
  const candidates = nodes.filter((n) => isFeasible(pod, n));
  candidates.sort(
    (a, b) =>
      (load.get(a.metadata.name ?? '') ?? 0) - (load.get(b.metadata.name ?? '') ?? 0) ||
      compareStrings(a.metadata.name ?? '', b.metadata.name ?? ''),
  );
  return candidates[0];
}

/** The lowest free address of a /24 pod CIDR from .2 up (.1 is the bridge gateway). */
export function nextPodIp(podCIDR: string, used: Set<string>): string | undefined {
  const base = podCIDR.split('/')[0]?.split('.').slice(0, 3).join('.');
  if (!base) return undefined;
  for (let i = 2; i < 255; i++) {
    const ip = `${base}.${i}`;
    if (!used.has(ip)) return ip;
  }
  return undefined;
}

export function nodeInternalIp(node: Node): string | undefined {
  return node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
}
