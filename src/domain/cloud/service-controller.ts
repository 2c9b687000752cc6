// The cloud-controller-manager's service controller for the lab's cloud: each LoadBalancer
// Service without a loadBalancerClass (a class names another implementation) gets an address from
// the lab's pool in status.loadBalancer.ingress; one that stops being a LoadBalancer gives it back.
// Without a pool the lab has no cloud controller, as on kind or minikube: Services stay <pending>.
import type { Service } from '../../schema/kube/service';
import { compareStrings, type KubeObject } from '../apimachinery/objects';
import { loadBalancerIps } from '../proxy/service-facts';
import type { ClusterDraft } from '../registry/draft';
import { freeAddress, poolAddresses } from './address-pool';

/** Whether the lab's cloud controller provisions a balancer for `svc`. */
export function cloudManaged(svc: Service, pool: readonly string[]): boolean {
  return (
    pool.length > 0 && svc.spec?.type === 'LoadBalancer' && svc.spec.loadBalancerClass === undefined
  );
}

function withIngress(svc: KubeObject, ip: string | undefined): KubeObject {
  const status = { ...((svc as Service).status ?? {}) };
  status.loadBalancer = ip === undefined ? {} : { ingress: [{ ip, ipMode: 'VIP' }] };
  return { ...svc, status } as KubeObject;
}

const byAge = (a: KubeObject, b: KubeObject) =>
  compareStrings(a.metadata.creationTimestamp, b.metadata.creationTimestamp) ||
  compareStrings(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
  compareStrings(a.metadata.name, b.metadata.name);

/**
 * One pass: Services keep a pool address they hold; the oldest waiting Service gets the lowest
 * free one (or the `spec.loadBalancerIP` it asks for, when that is in the pool and free).
 */
export function syncLoadBalancers(draft: ClusterDraft): void {
  const pool = poolAddresses(draft.settings.loadBalancerPool);
  if (pool.length === 0) return;
  const inPool = new Set(pool);
  const services = [...draft.peek('Service')].sort(byAge);
  const taken = new Set<string>();
  const waiting: KubeObject[] = [];
  for (const o of services) {
    const svc = o as unknown as Service;
    const held = loadBalancerIps(svc).filter((ip) => inPool.has(ip));
    if (!cloudManaged(svc, pool)) {
      // A Service that is no longer a LoadBalancer: the controller deletes its balancer.
      if (held.length > 0) draft.put(withIngress(o, undefined));
      continue;
    }
    const keep = held.find((ip) => !taken.has(ip));
    if (keep !== undefined && loadBalancerIps(svc).length === 1) taken.add(keep);
    else waiting.push(o);
  }
  for (const o of waiting) {
    const wanted = (o as unknown as Service).spec?.loadBalancerIP;
    const ip =
      wanted !== undefined && wanted !== ''
        ? inPool.has(wanted) && !taken.has(wanted)
          ? wanted
          : undefined
        : freeAddress(pool, taken);
    if (ip === undefined) continue;
    taken.add(ip);
    draft.put(withIngress(o, ip));
  }
}
