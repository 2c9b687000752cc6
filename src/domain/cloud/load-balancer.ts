// The lab cloud's load balancer in front of a LoadBalancer Service: a passthrough balancer (like
// AWS NLB or GCP's external passthrough NLB) that keeps the client's address, health-checks the
// nodes and spreads new connections over the healthy ones, each then taking the node's path.
import type { Service } from '../../schema/kube/service';
import type { NodeInfo, TrafficView } from '../proxy/types';
import { healthCheckNodePortOf } from '../registry/service/load-balancer';
import { externalPolicy } from '../proxy/service-facts';

export interface BalancerChoice {
  node: NodeInfo;
  /** Nodes that passed the health check, in the lab's node order. */
  healthy: NodeInfo[];
  /** No node passed: the balancer sends to all of them (AWS and GCP fail open). */
  failOpen: boolean;
  /** The part of the connection's random draw the balancer did not use, for kube-proxy. */
  random: number;
  healthCheckNodePort?: number;
}

/**
 * With `externalTrafficPolicy: Local` the cloud probes healthCheckNodePort on every node and
 * kube-proxy answers 200 only where a ready endpoint runs; with Cluster every node answers.
 */
export function healthyNodes(view: TrafficView, service: Service, portIndex: number): NodeInfo[] {
  if (externalPolicy(service) !== 'Local') return view.nodes;
  const local = new Set(view.endpoints(service, portIndex).map((ep) => ep.nodeName));
  return view.nodes.filter((n) => local.has(n.name));
}

/**
 * Picks the backend node of one new connection from a uniform draw in [0, 1): the whole part of
 * `random * n` chooses among n nodes (a cloud hashes the 5-tuple: over many clients, even), the
 * fraction is again uniform and is what kube-proxy on that node draws from.
 */
export function chooseBackend(
  view: TrafficView,
  service: Service,
  portIndex: number,
  random: number,
): BalancerChoice | undefined {
  const healthy = healthyNodes(view, service, portIndex);
  const failOpen = healthy.length === 0;
  const backends = failOpen ? view.nodes : healthy;
  if (backends.length === 0) return undefined;
  const scaled = random * backends.length;
  const index = Math.min(backends.length - 1, Math.floor(scaled));
  const choice: BalancerChoice = {
    node: backends[index]!,
    healthy,
    failOpen,
    random: scaled - index,
  };
  const port = service.spec ? healthCheckNodePortOf(service.spec) : undefined;
  if (port !== undefined) choice.healthCheckNodePort = port;
  return choice;
}
