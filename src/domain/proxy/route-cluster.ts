// Traffic from inside the cluster (a pod, or a node's host network): cluster DNS, ClusterIPs (which
// ignore externalTrafficPolicy and honour internalTrafficPolicy), pod IPs, and node/external
// addresses, which go through the same rules as outside traffic.
import { podWithIp } from './pod-index';
import type { Service } from '../../schema/kube/service';
import { resolveServiceName, resolveSource, type Source } from './cluster-dns';
import { curlNoRoute, curlRefused, curlTimeout, curlUnresolved } from './curl-errors';
import { uniformIndex } from './kube-proxy';
import { routeExternalVia } from './route';
import { deliverToPod, withHost } from './pod-delivery';
import { reaching } from './endpoint-plans';
import { forwardToService } from './route-forward';
import {
  clusterIPs,
  findTcpPort,
  internalPolicy,
  portList,
  portMatch,
  serviceRef,
  serviceType,
} from './service-facts';
import type {
  EndpointTarget,
  InClusterRequest,
  RouteDecision,
  RoutingDraws,
  TrafficView,
} from './types';

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function toPod(
  view: TrafficView,
  req: InClusterRequest,
  src: Source,
  ep: EndpointTarget,
  draws: RoutingDraws,
): RouteDecision {
  const pod = podWithIp(view.pods, ep.podIP);
  const dialed = { host: req.host, port: req.port };
  const request = {
    method: req.method ?? 'GET',
    path: req.path ?? '/',
    headers: withHost(req.headers ?? {}, req.host, req.port),
  };
  const message = `${src.node.name} sent ${req.host}:${req.port} straight to pod ${ep.podName} (${ep.podIP})`;
  const delivery = { view, request, remoteAddr: src.ip, clientIp: src.ip, dialed, draws };
  return deliverToPod(reaching(view, ep, pod), ep, delivery, {
    outcome: 'ok',
    message,
    receivingNode: src.node,
    updates: {},
  });
}

function podTarget(view: TrafficView, ip: string, port: number): EndpointTarget | undefined {
  const pod = podWithIp(view.pods, ip);
  if (pod === undefined) return undefined;
  return {
    podName: pod.metadata.name ?? '',
    podNamespace: pod.metadata.namespace ?? 'default',
    podIP: ip,
    nodeName: pod.spec?.nodeName ?? '',
    port,
    protocol: 'TCP',
  };
}

/** A headless service's DNS answer is its pods; curl connects to one of them on the dialled port. */
function toHeadless(
  view: TrafficView,
  req: InClusterRequest,
  src: Source,
  svc: Service,
  draws: RoutingDraws,
): RouteDecision {
  const index = Math.max(
    findTcpPort(svc, (p) => p.port === req.port),
    0,
  );
  const pods = (svc.spec?.ports?.length ?? 0) > 0 ? view.endpoints(svc, index) : [];
  const chosen = pods[uniformIndex(draws.random, Math.max(pods.length, 1))];
  if (chosen === undefined) {
    const message = `headless service ${serviceRef(svc)} has no endpoints, so ${req.host} has no DNS records`;
    return {
      outcome: 'unknown_host',
      message,
      curlError: curlUnresolved(req.host),
      receivingNode: src.node,
      updates: {},
    };
  }
  const { podName, podNamespace, podIP, nodeName, protocol } = chosen;
  const ep = { podName, podNamespace, podIP, nodeName, port: req.port, protocol };
  return toPod(view, req, src, ep, draws);
}

function toClusterIp(
  view: TrafficView,
  req: InClusterRequest,
  src: Source,
  svc: Service,
  draws: RoutingDraws,
): RouteDecision {
  const portIndex = findTcpPort(svc, (p) => p.port === req.port);
  if (portIndex < 0) {
    // iptables has no rule for the port, so the packet wanders off and dies; IPVS and nftables reject it.
    const message = `service ${serviceRef(svc)} has no TCP port ${req.port} (ports: ${portList(svc)})`;
    // Literals, not a spread of shared fields: a spread cost a count=10000 batch most of its time.
    const receivingNode = src.node;
    if (view.proxyMode === 'iptables') {
      const curlError = curlTimeout(req.host, req.port);
      return { message, receivingNode, updates: {}, outcome: 'timeout', curlError };
    }
    const curlError = curlRefused(req.host, req.port);
    return { message, receivingNode, updates: {}, outcome: 'connection_refused', curlError };
  }
  return forwardToService({
    view,
    service: svc,
    portIndex,
    match: portMatch(view, svc, portIndex, 'clusterIP'),
    node: src.node,
    policy: internalPolicy(svc),
    policyField: 'internalTrafficPolicy',
    clientIp: src.ip,
    remoteAddr: src.ip,
    masqueraded: !src.fromPod,
    dialed: { host: req.host, port: req.port },
    virtualServer: `${clusterIPs(svc)[0] ?? req.host}:${req.port}`,
    request: {
      method: req.method ?? 'GET',
      path: req.path ?? '/',
      headers: withHost(req.headers ?? {}, req.host, req.port),
    },
    draws,
  });
}

function toService(
  view: TrafficView,
  req: InClusterRequest,
  src: Source,
  svc: Service,
  draws: RoutingDraws,
): RouteDecision {
  if (serviceType(svc) === 'ExternalName') {
    const message = `service ${serviceRef(svc)} is an ExternalName alias for ${svc.spec?.externalName ?? ''}, outside the simulated cluster`;
    return {
      outcome: 'unknown_host',
      message,
      curlError: curlUnresolved(req.host),
      receivingNode: src.node,
      updates: {},
    };
  }
  if (clusterIPs(svc).length === 0) return toHeadless(view, req, src, svc, draws);
  return toClusterIp(view, req, src, svc, draws);
}

function toAddress(
  view: TrafficView,
  req: InClusterRequest,
  src: Source,
  draws: RoutingDraws,
): RouteDecision {
  const svc = view.services.find((s) => clusterIPs(s).includes(req.host));
  if (svc) return toClusterIp(view, req, src, svc, draws);
  const pod = podTarget(view, req.host, req.port);
  if (pod) return toPod(view, req, src, pod, draws);
  const external = {
    ip: req.host,
    port: req.port,
    clientIp: src.ip,
    method: req.method ?? 'GET',
    path: req.path ?? '/',
    headers: req.headers ?? {},
  };
  return routeExternalVia(view, external, draws, src.node);
}

/** Routes a request made from inside the cluster (`curl host:port` in a pod or on a node). */
export function routeInCluster(
  view: TrafficView,
  req: InClusterRequest,
  draws: RoutingDraws,
): RouteDecision {
  const src = resolveSource(view, req);
  if (src === undefined) {
    return {
      outcome: 'no_route',
      message: 'the cluster has no nodes',
      curlError: curlNoRoute(req.host, req.port),
      updates: {},
    };
  }
  if (IPV4.test(req.host)) return toAddress(view, req, src, draws);
  const svc = resolveServiceName(view, req.host, src.namespace);
  if (svc) return toService(view, req, src, svc, draws);
  const message = `${req.host} is not a service name in cluster DNS (searched from namespace ${src.namespace})`;
  return {
    outcome: 'unknown_host',
    message,
    curlError: curlUnresolved(req.host),
    receivingNode: src.node,
    updates: {},
  };
}
