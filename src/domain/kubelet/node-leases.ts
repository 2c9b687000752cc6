// Node Leases (coordination.k8s.io/v1 in kube-node-lease), derived on read: each node's kubelet
// holds a Lease named after the node and renews it every 10 s (nodeLeaseDurationSeconds 40, the
// kubelet default), which is how the node lifecycle controller knows the node is alive. Read-only.
import type { KubeObject } from '../apimachinery/objects';
import { fnv32a, randomUuid, seededRandom } from '../apimachinery/random';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
/** The kubelet's --node-lease-duration-seconds default. */
export const NODE_LEASE_DURATION_SECONDS = 40;
/** The kubelet renews its lease every quarter of the duration, 10 s by default. */
const RENEW_INTERVAL_MS = (NODE_LEASE_DURATION_SECONDS / 4) * 1000;

/** A MicroTime as kube-apiserver writes it: RFC 3339 with six fractional digits. */
function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** The last renewal at or before `now`: every 10 s since the node registered. */
function lastRenewal(createdMs: number, nowMs: number): number {
  if (!(nowMs > createdMs)) return createdMs;
  return createdMs + Math.floor((nowMs - createdMs) / RENEW_INTERVAL_MS) * RENEW_INTERVAL_MS;
}

/** The Lease a node's kubelet holds at `now`. The kubelet sets no acquireTime on node leases. */
export function nodeLease(node: KubeObject, now: Date): KubeObject {
  const name = node.metadata.name;
  const created = Date.parse(node.metadata.creationTimestamp ?? '') || now.getTime();
  const random = seededRandom(fnv32a(`lease/${node.metadata.uid}`));
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name,
      namespace: NODE_LEASE_NAMESPACE,
      uid: randomUuid(random),
      resourceVersion: node.metadata.resourceVersion,
      creationTimestamp: node.metadata.creationTimestamp,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid }],
    },
    spec: {
      holderIdentity: name,
      leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS,
      renewTime: microTime(lastRenewal(created, now.getTime())),
    },
  } as KubeObject;
}
