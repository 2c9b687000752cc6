// Traffic from outside the cluster: a client dials ip:port, where ip is a node (nodePorts) or an
// externalIP / load-balancer address of a Service (service ports). kube-proxy's KUBE-SERVICES
// order is kept: service IP rules first, then KUBE-NODEPORTS for addresses local to the node.
import type { Service } from '../../schema/kube/service';
import { chooseBackend } from '../cloud/load-balancer';
import { judgeConnection } from '../cloud/firewall';
import { curlNoRoute, curlRefused, curlTimeout } from './curl-errors';
import { sourceRangeDrop } from './source-ranges';
import { withHost } from './pod-delivery';
import { programmedOf, type AddressTable } from './programmed-rules';
import { forwardToService } from './route-forward';
import {
  clusterIPs,
  externalPolicy,
  findTcpPort,
  opensNodePorts,
  portList,
  portMatch,
  serviceRef,
} from './service-facts';
import type {
  CloudNetwork,
  ExternalRequest,
  NodeInfo,
  RouteDecision,
  RoutingDraws,
  ServiceEntry,
  TrafficView,
} from './types';

interface ExternalHit {
  service: Service;
  via: ServiceEntry;
  portIndex: number;
}

/**
 * The addresses kube-proxy answers on, as it programs them when services change (KUBE-SERVICES,
 * KUBE-NODEPORTS) rather than searching every service per packet. Built once per programmed state
 * (programmed-rules.ts); every list keeps the view's service order, so the first match is the one
 * a scan would find.
 */
function addressTable(view: TrafficView): AddressTable {
  const program = programmedOf(view);
  if (program?.addresses) return program.addresses;
  const table: AddressTable = {
    nodes: new Map(),
    externals: new Map(),
    nodePorts: new Map(),
    podIps: new Set(),
  };
  for (const n of view.nodes) if (!table.nodes.has(n.ip)) table.nodes.set(n.ip, n);
  for (const service of view.services) {
    const owned = new Map<string, ServiceEntry>();
    for (const ip of service.spec?.externalIPs ?? []) owned.set(ip, 'externalIP');
    if (service.spec?.type === 'LoadBalancer') {
      for (const i of service.status?.loadBalancer?.ingress ?? []) {
        if (i.ip !== undefined && !owned.has(i.ip)) owned.set(i.ip, 'loadBalancer');
      }
    }
    for (const [ip, via] of owned) {
      const list = table.externals.get(ip) ?? [];
      list.push({ service, via });
      table.externals.set(ip, list);
    }
    if (!opensNodePorts(service)) continue;
    for (const [portIndex, p] of (service.spec?.ports ?? []).entries()) {
      const tcp = (p.protocol ?? 'TCP') === 'TCP';
      if (tcp && p.nodePort !== undefined && !table.nodePorts.has(p.nodePort)) {
        table.nodePorts.set(p.nodePort, { service, via: 'nodePort', portIndex });
      }
    }
  }
  for (const p of view.pods) if (p.status?.podIP) table.podIps.add(p.status.podIP);
  if (program) program.addresses = table;
  return table;
}

function findExternal(
  view: TrafficView,
  ip: string,
  port: number,
): { hit?: ExternalHit; owner?: Service } {
  const owners = addressTable(view).externals.get(ip);
  if (!owners) return {};
  for (const { service, via } of owners) {
    const portIndex = findTcpPort(service, (p) => p.port === port);
    if (portIndex >= 0) return { hit: { service, via, portIndex }, owner: owners[0]!.service };
  }
  return { owner: owners[0]!.service };
}

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
  if (hit.via === 'loadBalancer' && externalPolicy(hit.service) === 'Local') {
    const nodes = new Set(view.endpoints(hit.service, hit.portIndex).map((ep) => ep.nodeName));
    const local = view.nodes.find((n) => nodes.has(n.name));
    if (local) return local;
  }
  return view.nodes[0];
}

const isPodIp = (view: TrafficView, ip: string): boolean => addressTable(view).podIps.has(ip);

/**
 * Sends the request into the service: Local keeps the client address and only local endpoints,
 * except for traffic from the node itself or from a pod, which kube-proxy short-circuits to the
 * Cluster chain; Cluster masquerades to the receiving node's address.
 */
function enterService(
  view: TrafficView,
  req: ExternalRequest,
  hit: ExternalHit,
  node: NodeInfo,
  draws: RoutingDraws,
): RouteDecision {
  const fromNode = req.clientIp === node.ip;
  const fromPod = isPodIp(view, req.clientIp);
  const etpLocal = externalPolicy(hit.service) === 'Local';
  const policy = etpLocal && !fromNode && !fromPod ? 'Local' : 'Cluster';
  const masqueraded = !etpLocal || fromNode;
  return forwardToService({
    view,
    service: hit.service,
    portIndex: hit.portIndex,
    match: portMatch(view, hit.service, hit.portIndex, hit.via),
    node,
    policy,
    policyField: 'externalTrafficPolicy',
    clientIp: req.clientIp,
    remoteAddr: masqueraded ? node.ip : req.clientIp,
    masqueraded,
    dialed: { host: req.ip, port: req.port },
    virtualServer: `${req.ip}:${req.port}`,
    request: {
      method: req.method,
      path: req.path || '/',
      headers: withHost(req.headers, req.ip, req.port),
    },
    draws,
  });
}

function findNodePort(view: TrafficView, port: number): ExternalHit | undefined {
  return addressTable(view).nodePorts.get(port);
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

const isNodeIp = (view: TrafficView, ip: string): boolean => addressTable(view).nodes.has(ip);

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
  const decision = enterService(view, req, hit, choice.node, { ...draws, random: choice.random });
  decision.loadBalancer = loadBalancer;
  return decision;
}

/** Internal entry that lets in-cluster callers pin the node handling service-IP traffic. */
export function routeExternalVia(
  view: TrafficView,
  req: ExternalRequest,
  draws: RoutingDraws,
  via?: NodeInfo,
  network: CloudNetwork = {},
): RouteDecision {
  const node = addressTable(view).nodes.get(req.ip);
  const external = findExternal(view, req.ip, req.port);
  const outside =
    via === undefined && !isPodIp(view, req.clientIp) && !isNodeIp(view, req.clientIp);
  if (outside && external.hit?.via === 'loadBalancer' && node === undefined) {
    const decision = throughLoadBalancer(view, req, external.hit, draws);
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
  const decision = routeInside(view, req, draws, node, external, via);
  if (passage) decision.firewall = passage;
  return decision;
}

function routeInside(
  view: TrafficView,
  req: ExternalRequest,
  draws: RoutingDraws,
  node: NodeInfo | undefined,
  external: { hit?: ExternalHit; owner?: Service },
  via: NodeInfo | undefined,
): RouteDecision {
  if (external.hit) {
    const receiving = entryNode(view, external.hit, node ?? via);
    if (receiving === undefined) return noNodes(req);
    return enterService(view, req, external.hit, receiving, draws);
  }
  if (node) {
    const hit = findNodePort(view, req.port);
    if (hit) return enterService(view, req, hit, node, draws);
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
