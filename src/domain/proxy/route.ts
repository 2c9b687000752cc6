// Traffic from outside the cluster: a client dials ip:port, where ip is a node (nodePorts) or an
// externalIP / load-balancer address of a Service (service ports). kube-proxy's KUBE-SERVICES
// order is kept: service IP rules first, then KUBE-NODEPORTS for addresses local to the node.
import { chooseBackend } from '../cloud/load-balancer';
import { judgeConnection } from '../cloud/firewall';
import { curlNoRoute, curlRefused, curlTimeout } from './curl-errors';
import { sourceRangeDrop } from './source-ranges';
import { withHost } from './pod-delivery';
import {
  clientKind,
  entryMatch,
  entryPlan,
  FROM_POD,
  type EntryPlan,
  type ExternalHit,
} from './entry-plans';
import { forwardToService, type ForwardPlans } from './route-forward';
import { clusterIPs, portList, serviceRef } from './service-facts';
import type {
  CloudNetwork,
  ExternalRequest,
  NodeInfo,
  RouteDecision,
  RoutingDraws,
  TrafficView,
} from './types';

/**
 * The node that receives in-cluster traffic for an address that is not a node's own: the node it
 * was sent from (kube-proxy short-circuits load-balancer and external IPs), else the first node.
 */
function entryNode(
  view: TrafficView,
  hit: ExternalHit,
  dialedNode: NodeInfo | undefined,
): NodeInfo | undefined {
  if (dialedNode) return dialedNode;
  if (hit.via === 'loadBalancer' && hit.policy === 'Local') {
    const nodes = new Set(view.endpoints(hit.service, hit.portIndex).map((ep) => ep.nodeName));
    const local = view.nodes.find((n) => nodes.has(n.name));
    if (local) return local;
  }
  return view.nodes[0];
}

/**
 * Sends the request into the service: Local keeps the client address and only local endpoints,
 * except for traffic from the node itself or from a pod, which kube-proxy short-circuits to the
 * Cluster chain; Cluster masquerades to the receiving node's address.
 */
function enterService(
  view: TrafficView,
  req: ExternalRequest,
  entry: EntryPlan,
  hit: ExternalHit,
  node: NodeInfo,
  draws: RoutingDraws,
  plans?: ForwardPlans,
): RouteDecision {
  const fromNode = req.clientIp === node.ip;
  const fromPod = (clientKind(view, entry, req.clientIp) & FROM_POD) !== 0;
  const etpLocal = hit.policy === 'Local';
  const policy = etpLocal && !fromNode && !fromPod ? 'Local' : 'Cluster';
  const masqueraded = !etpLocal || fromNode;
  return forwardToService({
    view,
    service: hit.service,
    portIndex: hit.portIndex,
    match: entryMatch(view, entry, hit),
    node,
    policy,
    policyField: 'externalTrafficPolicy',
    clientIp: req.clientIp,
    remoteAddr: masqueraded ? node.ip : req.clientIp,
    masqueraded,
    dialed: { host: req.ip, port: req.port },
    virtualServer: entry.virtualServer,
    request: {
      method: req.method,
      path: req.path || '/',
      headers: withHost(req.headers, req.ip, req.port),
    },
    draws,
    ...(plans ? { plans } : {}),
  });
}

function refused(req: ExternalRequest, message: string, node?: NodeInfo): RouteDecision {
  const decision: RouteDecision = {
    outcome: 'connection_refused',
    message,
    curlError: curlRefused(req.ip, req.port),
    updates: {},
  };
  if (node) decision.receivingNode = node;
  return decision;
}

const noNodes = (req: ExternalRequest): RouteDecision => ({
  outcome: 'no_route',
  message: 'the cluster has no nodes',
  curlError: curlNoRoute(req.ip, req.port),
  updates: {},
});

function timedOut(
  req: ExternalRequest,
  message: string,
  extra: Partial<RouteDecision>,
): RouteDecision {
  return {
    outcome: 'timeout',
    message,
    curlError: curlTimeout(req.ip, req.port),
    ...extra,
    updates: {},
  };
}

/**
 * A client outside the cluster reaching a LoadBalancer address: kube-proxy's source-range filter
 * (it sees the client's address: the balancer passes it through), then the cloud balancer picks
 * a healthy node and the connection follows that node's path.
 */
function throughLoadBalancer(
  view: TrafficView,
  req: ExternalRequest,
  entry: EntryPlan,
  hit: ExternalHit,
  draws: RoutingDraws,
): RouteDecision {
  const port = hit.service.spec?.ports?.[hit.portIndex] ?? {};
  const drop = sourceRangeDrop(hit.service, port, req.clientIp, view.proxyMode);
  const choice = chooseBackend(view, hit.service, hit.portIndex, draws.random);
  if (choice === undefined) {
    return noNodes(req);
  }
  const loadBalancer = {
    address: `${req.ip}:${req.port}`,
    node: choice.node.name,
    healthyNodes: choice.healthy.map((n) => n.name),
    failOpen: choice.failOpen,
    ...(choice.healthCheckNodePort !== undefined
      ? { healthCheckNodePort: choice.healthCheckNodePort }
      : {}),
  };
  if (drop) return timedOut(req, drop, { receivingNode: choice.node, loadBalancer });
  const decision = enterService(
    view,
    req,
    entry,
    hit,
    choice.node,
    withRandom(draws, choice.random),
  );
  decision.loadBalancer = loadBalancer;
  return decision;
}

/**
 * `draws` with the balancer's left-over `random`. Not a spread: a draws object may keep its
 * memory look-ups as methods (connections.ts's BatchDraws), and a spread copies only own fields,
 * so ipvs or ClientIP affinity behind a load balancer found no rrCounter.
 */
function withRandom(draws: RoutingDraws, random: number): RoutingDraws {
  return {
    random,
    now: draws.now,
    rrCounter: (key) => draws.rrCounter(key),
    affinity: (key) => draws.affinity(key),
    answers: draws.answers,
  };
}

/** Internal entry that lets in-cluster callers pin the node handling service-IP traffic. */
export function routeExternalVia(
  view: TrafficView,
  req: ExternalRequest,
  draws: RoutingDraws,
  via?: NodeInfo,
  network: CloudNetwork = {},
): RouteDecision {
  const entry = entryPlan(view, req.ip, req.port);
  const { node, external } = entry;
  const outside = via === undefined && clientKind(view, entry, req.clientIp) === 0;
  if (outside && external.hit?.via === 'loadBalancer' && node === undefined) {
    const decision = throughLoadBalancer(view, req, entry, external.hit, draws);
    // The cloud controller opens the firewall for the balancer it built (GKE's k8s-fw-* rule).
    if (network.firewall) {
      decision.firewall = {
        name: network.firewall.name,
        allowed: true,
        rule: `k8s-fw-${serviceRef(external.hit.service).replace('/', '-')}`,
      };
    }
    return decision;
  }
  // The cloud firewall sits in front of the nodes: it judges connections from outside to a node's
  // address or to an external IP the network delivers to a node.
  const firewall = outside && (node || external.hit) ? network.firewall : undefined;
  let passage: RouteDecision['firewall'];
  if (firewall) {
    const verdict = judgeConnection(firewall, {
      protocol: 'TCP',
      port: req.port,
      sourceIp: req.clientIp,
    });
    if (!verdict.allowed)
      return timedOut(req, verdict.reason, { firewall: { name: firewall.name, allowed: false } });
    passage = {
      name: firewall.name,
      allowed: true,
      ...(verdict.rule ? { rule: verdict.rule } : {}),
    };
  }
  const decision = routeInside(view, req, draws, entry, via);
  if (passage) decision.firewall = passage;
  return decision;
}

function routeInside(
  view: TrafficView,
  req: ExternalRequest,
  draws: RoutingDraws,
  entry: EntryPlan,
  via: NodeInfo | undefined,
): RouteDecision {
  const { node, external } = entry;
  if (external.hit) {
    const receiving = entryNode(view, external.hit, node ?? via);
    if (receiving === undefined) return noNodes(req);
    // The entry's plans hold for the node the state picks; a node pinned by the caller has none.
    const plans = node !== undefined || via === undefined ? entry.plans : undefined;
    return enterService(view, req, entry, external.hit, receiving, draws, plans);
  }
  if (node) {
    const hit = entry.nodePort;
    if (hit) return enterService(view, req, entry, hit, node, draws, entry.plans);
    return refused(req, `no service has nodePort ${req.port} on ${node.name} (${node.ip})`, node);
  }
  if (external.owner) {
    return refused(
      req,
      `service ${serviceRef(external.owner)} has no TCP port ${req.port} on ${req.ip} (ports: ${portList(external.owner)})`,
    );
  }
  const clusterIp = view.services.find((s) => clusterIPs(s).includes(req.ip));
  const hint = clusterIp
    ? ` (it is the ClusterIP of service ${serviceRef(clusterIp)}, reachable only from inside the cluster)`
    : '';
  const message = `${req.ip} is not a node or an external address of any service${hint}`;
  return { outcome: 'no_route', message, curlError: curlNoRoute(req.ip, req.port), updates: {} };
}

/** Routes a client's request to ip:port the way a real cluster's nodes and kube-proxy would. */
export function routeExternal(
  view: TrafficView,
  req: ExternalRequest,
  draws: RoutingDraws,
  network: CloudNetwork = {},
): RouteDecision {
  return routeExternalVia(view, req, draws, undefined, network);
}
