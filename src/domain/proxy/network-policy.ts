// NetworkPolicy enforcement on a connection that reached a pod, as a CNI plugin enforces it
// (Calico or Cilium in their default modes): after kube-proxy's DNAT and SNAT, so the policy sees
// the pod's IP and target port, and the source address the pod sees (a node's address when
// kube-proxy masqueraded). A pod selected by no policy of a direction is open in that direction;
// a selected pod takes only what some rule of its policies allows; connections from the pod's own
// node are always allowed (kubelet probes), as the Kubernetes documentation states.
import type { Namespace } from '../../schema/kube/core';
import type {
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
} from '../../schema/kube/networking';
import type { Pod } from '../../schema/kube/pod';
import { cidrContains } from '../apimachinery/cidr';
import { selectorMatches } from '../apimachinery/selector-validation';
import type { NetworkPolicyPassage, PolicyDirection, TrafficView } from './types';

/** The policies and addresses enforcement reads, indexed once per view. */
interface PolicyIndex {
  byNamespace: Map<string, NetworkPolicy[]>;
  namespaceLabels: Map<string, Record<string, string>>;
  podsByIp: Map<string, Pod>;
  nodeNamesByIp: Map<string, string>;
}

const indexes = new WeakMap<TrafficView, PolicyIndex>();

function policyIndex(view: TrafficView): PolicyIndex {
  let index = indexes.get(view);
  if (index) return index;
  index = {
    byNamespace: new Map(),
    namespaceLabels: new Map(),
    podsByIp: new Map(),
    nodeNamesByIp: new Map(),
  };
  for (const np of view.networkPolicies ?? []) {
    const ns = np.metadata.namespace ?? 'default';
    index.byNamespace.set(ns, [...(index.byNamespace.get(ns) ?? []), np]);
  }
  for (const ns of view.namespaces ?? [])
    index.namespaceLabels.set(namespaceName(ns), labelsOf(ns));
  for (const p of view.pods) if (p.status?.podIP) index.podsByIp.set(p.status.podIP, p);
  for (const n of view.nodes) index.nodeNamesByIp.set(n.ip, n.name);
  indexes.set(view, index);
  return index;
}

const namespaceName = (ns: Namespace): string => ns.metadata.name ?? '';
/** Every namespace carries its name as a label (kube-apiserver adds it), even if the view lacks it. */
const labelsOf = (ns: Namespace): Record<string, string> => ({
  ...ns.metadata.labels,
  'kubernetes.io/metadata.name': namespaceName(ns),
});

const policyRef = (np: NetworkPolicy): string =>
  `${np.metadata.namespace ?? 'default'}/${np.metadata.name ?? ''}`;

const podNamespace = (pod: Pod): string => pod.metadata.namespace ?? 'default';

/** Whether a policy applies to `pod` in `direction` (its namespace, its podSelector, its types). */
function selects(np: NetworkPolicy, pod: Pod, direction: PolicyDirection): boolean {
  const types = np.spec?.policyTypes ?? ['Ingress'];
  return (
    types.includes(direction) &&
    (np.metadata.namespace ?? 'default') === podNamespace(pod) &&
    selectorMatches(np.spec?.podSelector ?? {}, pod.metadata.labels)
  );
}

/** The policies that isolate `pod` for `direction`, in the view's order. */
export function selectingPolicies(
  view: TrafficView,
  pod: Pod,
  direction: PolicyDirection,
): NetworkPolicy[] {
  const inNamespace = policyIndex(view).byNamespace.get(podNamespace(pod)) ?? [];
  return inNamespace.filter((np) => selects(np, pod, direction));
}

/** The other end of the connection as a policy sees it: an address, and the pod that has it. */
interface Peer {
  ip: string;
  pod?: Pod | undefined;
}

function peerMatches(
  index: PolicyIndex,
  peer: NetworkPolicyPeer,
  policyNamespace: string,
  other: Peer,
): boolean {
  if (peer.ipBlock) {
    const { cidr, except = [] } = peer.ipBlock;
    return cidrContains(cidr, other.ip) && !except.some((e) => cidrContains(e, other.ip));
  }
  const pod = other.pod;
  if (!pod || (!peer.podSelector && !peer.namespaceSelector)) return false;
  const ns = podNamespace(pod);
  const nsOk = peer.namespaceSelector
    ? selectorMatches(
        peer.namespaceSelector,
        index.namespaceLabels.get(ns) ?? { 'kubernetes.io/metadata.name': ns },
      )
    : ns === policyNamespace;
  return nsOk && (!peer.podSelector || selectorMatches(peer.podSelector, pod.metadata.labels));
}

/** Whether a rule's port entry covers `port` on `target` (a named port is the target's container port). */
function portMatches(entry: NetworkPolicyPort, port: number, target: Pod): boolean {
  if ((entry.protocol ?? 'TCP') !== 'TCP') return false;
  if (entry.port === undefined) return true;
  if (typeof entry.port === 'string') {
    return (target.spec?.containers ?? []).some((c) =>
      (c.ports ?? []).some(
        (p) => p.name === entry.port && p.containerPort === port && (p.protocol ?? 'TCP') === 'TCP',
      ),
    );
  }
  return port >= entry.port && port <= (entry.endPort ?? entry.port);
}

/** The first policy of `policies` with a rule that lets the connection through, or undefined. */
function allowingPolicy(
  index: PolicyIndex,
  policies: NetworkPolicy[],
  direction: PolicyDirection,
  other: Peer,
  port: number,
  target: Pod,
): NetworkPolicy | undefined {
  return policies.find((np) => {
    const ns = np.metadata.namespace ?? 'default';
    const rules =
      direction === 'Ingress'
        ? (np.spec?.ingress ?? []).map((r) => ({ ports: r.ports, peers: r.from }))
        : (np.spec?.egress ?? []).map((r) => ({ ports: r.ports, peers: r.to }));
    return rules.some(
      (r) =>
        (!r.peers?.length || r.peers.some((p) => peerMatches(index, p, ns, other))) &&
        (!r.ports?.length || r.ports.some((p) => portMatches(p, port, target))),
    );
  });
}

/** A connection as enforcement sees it, after kube-proxy's NAT. */
export interface PolicyConnection {
  /** The pod the connection was delivered to, and its target port. */
  target: Pod;
  port: number;
  /** The source address the target pod sees. */
  sourceIp: string;
  /** The client's own address before any SNAT (a pod IP when a pod dialled). */
  clientIp?: string | undefined;
}

function describeSource(index: PolicyIndex, c: PolicyConnection): string {
  const node = index.nodeNamesByIp.get(c.sourceIp);
  const pod = index.podsByIp.get(c.sourceIp);
  if (pod) return `pod ${podNamespace(pod)}/${pod.metadata.name ?? ''} (${c.sourceIp})`;
  if (node && c.clientIp !== undefined && c.clientIp !== c.sourceIp) {
    // From a pod, kube-proxy masquerades whatever the policy (it short-circuits Local to Cluster).
    const keep = index.podsByIp.has(c.clientIp) ? '' : ' (externalTrafficPolicy: Local keeps it)';
    return `${c.sourceIp}, node ${node}'s address: kube-proxy masqueraded the client ${c.clientIp}${keep}`;
  }
  return node ? `${c.sourceIp} (node ${node})` : c.sourceIp;
}

/**
 * The policies' verdict on a connection, or undefined when no policy isolates either end (the
 * common case, and free: a lab without policies never builds more than the index).
 */
export function judgeConnection(
  view: TrafficView,
  c: PolicyConnection,
): NetworkPolicyPassage | undefined {
  if ((view.networkPolicies?.length ?? 0) === 0) return undefined;
  const index = policyIndex(view);
  const client = c.clientIp !== undefined ? index.podsByIp.get(c.clientIp) : undefined;
  const passage: NetworkPolicyPassage = { allowed: true, sourceIp: c.sourceIp };
  const egress = client ? selectingPolicies(view, client, 'Egress') : [];
  if (client && egress.length > 0) {
    const to = { ip: c.target.status?.podIP ?? '', pod: c.target };
    const by = allowingPolicy(index, egress, 'Egress', to, c.port, c.target);
    passage.egress = {
      policies: egress.map(policyRef),
      ...(by ? { allowedBy: policyRef(by) } : {}),
    };
    if (!by) {
      const names = egress.map(policyRef).join(', ');
      passage.allowed = false;
      passage.deniedBy = names;
      passage.reason = `denied by NetworkPolicy ${names}: pod ${podNamespace(client)}/${client.metadata.name ?? ''} is isolated for egress and no egress rule allows TCP port ${c.port} to pod ${podNamespace(c.target)}/${c.target.metadata.name ?? ''} (${to.ip})`;
      return passage;
    }
  }
  const ingress = selectingPolicies(view, c.target, 'Ingress');
  if (ingress.length === 0) return passage.egress ? passage : undefined;
  const fromOwnNode = index.nodeNamesByIp.get(c.sourceIp) === c.target.spec?.nodeName;
  const from = { ip: c.sourceIp, pod: index.podsByIp.get(c.sourceIp) };
  const by = fromOwnNode
    ? undefined
    : allowingPolicy(index, ingress, 'Ingress', from, c.port, c.target);
  passage.ingress = {
    policies: ingress.map(policyRef),
    ...(by ? { allowedBy: policyRef(by) } : {}),
    ...(fromOwnNode ? { fromOwnNode: true } : {}),
  };
  if (!by && !fromOwnNode) {
    const names = ingress.map(policyRef).join(', ');
    passage.allowed = false;
    passage.deniedBy = names;
    passage.reason = `denied by NetworkPolicy ${names}: pod ${podNamespace(c.target)}/${c.target.metadata.name ?? ''} is isolated for ingress and no ingress rule allows TCP port ${c.port} from ${describeSource(index, c)}`;
  }
  return passage;
}
