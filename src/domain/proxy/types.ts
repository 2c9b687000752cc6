// Shapes shared by the traffic simulator: what the lead hands in, and the routing decision handed back.
import type { ConfigMap, Namespace } from '../../schema/kube/core';
import type { NetworkPolicy } from '../../schema/kube/networking';
import type { Pod } from '../../schema/kube/pod';
import type { Service } from '../../schema/kube/service';
import type { ProxyMode } from '../lab/cluster-state';
import type { Firewall } from '../../schema/lab/cloud';
import type { EndpointTarget } from '../controllers/endpoints';
import type { PodResponse } from '../kubelet/containers/http-message';
import type { AnswerMemo } from '../kubelet/containers/answers';

export type { EndpointTarget, PodResponse, ProxyMode };

/** A node as traffic sees it: its name and its InternalIP. */
export interface NodeInfo {
  name: string;
  ip: string;
}

/** A read-only snapshot of the cluster, computed by the caller before routing. */
export interface TrafficView {
  nodes: NodeInfo[];
  services: Service[];
  endpoints: (svc: Service, portIndex: number) => EndpointTarget[];
  pods: Pod[];
  configMaps: ConfigMap[];
  proxyMode: ProxyMode;
  /** The lab's NetworkPolicies (none: every pod is open). */
  networkPolicies?: readonly NetworkPolicy[];
  /** The namespaces, for namespaceSelectors. */
  namespaces?: readonly Namespace[];
}

/** ClientIP affinity memory for one (node, service port, client IP): who answered, and when. */
export interface AffinityRecord {
  podName: string;
  lastSeen: Date;
}

/** Everything non-deterministic a routing call may consume, injected by the caller. */
export interface RoutingDraws {
  random: number;
  rrCounter: (key: string) => number;
  affinity: (key: string) => AffinityRecord | undefined;
  now: Date;
  /** Where a batch of identical connections keeps the answers its pods gave (none for one). */
  answers?: AnswerMemo | undefined;
}

/** An HTTP request a client outside the cluster sends to ip:port. */
export interface ExternalRequest {
  ip: string;
  port: number;
  clientIp: string;
  method: string;
  path: string;
  headers: Record<string, string>;
}

/** An HTTP request sent from inside the cluster (a pod, or a node's host network). */
export interface InClusterRequest {
  host: string;
  port: number;
  clientPodIp?: string;
  sourceNamespace?: string;
  sourceNode?: string;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
}

/** How the request ended, as the client experiences it. */
export type RouteOutcome = 'ok' | 'connection_refused' | 'timeout' | 'no_route' | 'unknown_host';

/** How traffic reached the service. */
export type ServiceEntry = 'nodePort' | 'externalIP' | 'loadBalancer' | 'clusterIP';

/** The service and the one port mapping that matched. */
export interface ServicePortMatch {
  namespace: string;
  name: string;
  type: string;
  via: ServiceEntry;
  portName?: string;
  port: number;
  nodePort?: number;
  targetPort: number | string;
  protocol: string;
  clusterIP?: string;
}

/** The kube-proxy rule that sent the connection to its endpoint. */
export interface ProxyRule {
  kind:
    | 'iptables-statistic'
    | 'iptables-recent'
    | 'nft-numgen'
    | 'nft-affinity'
    | 'ipvs-rr'
    | 'ipvs-persistent';
  chain: string;
  endpointChain?: string;
  index: number;
  of: number;
  probability?: number;
  probabilityText?: string;
  text: string;
}

/** What kube-proxy decided for this connection. */
export interface ProxyDecision {
  mode: ProxyMode;
  trafficPolicy: 'Cluster' | 'Local';
  candidates: EndpointTarget[];
  totalEndpoints: number;
  rule?: ProxyRule;
  affinityHit: boolean;
  masqueraded: boolean;
}

/** The pod that got the connection. */
export interface PodTarget {
  name: string;
  namespace: string;
  ip: string;
  node: string;
  targetPort: number;
}

/** A hit to record for (service, pod, pod's node, node the connection entered). */
export interface HitUpdate {
  namespace: string;
  service: string;
  pod: string;
  node: string;
  entryNode: string;
}

/** Writes the caller persists after routing (only those that apply are present). */
export interface StateUpdates {
  hit?: HitUpdate;
  affinity?: { key: string; record: AffinityRecord };
  rrCounterKey?: string;
}

/** The cloud firewall's verdict on a connection from outside (present when the lab has one). */
export interface FirewallPassage {
  name: string;
  allowed: boolean;
  /** The allow rule that let it through. */
  rule?: string;
}

/** How the cloud load balancer in front of a LoadBalancer Service spread the connection. */
export interface LoadBalancerPassage {
  address: string;
  /** The backend node it sent the connection to. */
  node: string;
  /** Nodes that passed the health check (all of them with externalTrafficPolicy Cluster). */
  healthyNodes: string[];
  /** No node was healthy, so the balancer sent to any node (as AWS and GCP do). */
  failOpen: boolean;
  healthCheckNodePort?: number;
}

export type PolicyDirection = 'Ingress' | 'Egress';

/** The policies of one direction that isolate a pod, and the one whose rule let the connection in. */
export interface PolicySide {
  /** `namespace/name` of each policy selecting the pod for this direction. */
  policies: string[];
  allowedBy?: string;
  /** Allowed because it came from the pod's own node (kubelet probes, host traffic). */
  fromOwnNode?: boolean;
}

/** The NetworkPolicy verdict (present when a policy isolates the client pod or the target pod). */
export interface NetworkPolicyPassage {
  allowed: boolean;
  /** The source address the target pod's policies judged (after kube-proxy's SNAT). */
  sourceIp: string;
  /** Egress policies of the client pod. */
  egress?: PolicySide;
  /** Ingress policies of the target pod. */
  ingress?: PolicySide;
  /** The policies that dropped the connection, `namespace/name`, comma-separated. */
  deniedBy?: string;
  reason?: string;
}

/** The full account of one simulated request. */
export interface RouteDecision {
  outcome: RouteOutcome;
  message: string;
  curlError?: string;
  receivingNode?: NodeInfo;
  service?: ServicePortMatch;
  proxy?: ProxyDecision;
  pod?: PodTarget;
  remoteAddr?: string;
  response?: PodResponse;
  firewall?: FirewallPassage;
  loadBalancer?: LoadBalancerPassage;
  networkPolicy?: NetworkPolicyPassage;
  updates: StateUpdates;
}

/** The lab's cloud network around the nodes, as routing needs it. */
export interface CloudNetwork {
  firewall?: Firewall | null | undefined;
}
