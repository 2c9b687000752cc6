// Pods by address: curl to a pod IP, a pod's own source address and port-forward each find the pod
// that holds an IP. A scan of the view's pods per connection grows with the lab's pods (up to the
// quota's 200) for every connection of a batch; the index is built once per pod list, which a
// committed state never changes.
import type { Pod } from '../../schema/kube/pod';

const byList = new WeakMap<readonly Pod[], { length: number; byIp: Map<string, Pod> }>();

/** The first pod of `pods` whose status.podIP is `ip` (as `pods.find` would answer). */
export function podWithIp(pods: readonly Pod[], ip: string | undefined): Pod | undefined {
  if (!ip) return undefined;
  let index = byList.get(pods);
  // A list grown in place (a test's view) is indexed again.
  if (!index || index.length !== pods.length) {
    const byIp = new Map<string, Pod>();
    for (const p of pods) {
      const at = p.status?.podIP;
      if (at && !byIp.has(at)) byIp.set(at, p);
    }
    byList.set(pods, (index = { length: pods.length, byIp }));
  }
  return index.byIp.get(ip);
}
