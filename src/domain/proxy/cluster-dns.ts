// Who is calling from inside the cluster, and what a name means to them: cluster DNS with the
// pod resolv.conf search list (`<ns>.svc.cluster.local svc.cluster.local cluster.local`, ndots:5).
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
  const pod = req.clientPodIp
    ? view.pods.find((p) => p.status?.podIP === req.clientPodIp)
    : undefined;
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

/** Service a DNS name resolves to from `namespace`, following the pod resolv.conf search list (ndots:5). */
export function resolveServiceName(
  view: TrafficView,
  name: string,
  namespace: string,
): Service | undefined {
  const host = name.toLowerCase().replace(/\.$/, '');
  const search = [`${namespace}.svc.cluster.local`, 'svc.cluster.local', 'cluster.local'];
  const tries = name.endsWith('.') ? [host] : [...search.map((s) => `${host}.${s}`), host];
  for (const fqdn of tries) {
    const m = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local$/.exec(fqdn);
    const svc =
      m &&
      view.services.find(
        (s) => s.metadata.name === m[1] && (s.metadata.namespace ?? 'default') === m[2],
      );
    if (svc) return svc;
  }
  return undefined;
}
