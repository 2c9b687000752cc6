// Reading the routing-relevant facts off a (defaulted) Service object.
import type { Service, ServicePort } from '../../schema/kube/service';
import { programmedOf, sharePart } from './programmed-rules';
import type { ServiceEntry, ServicePortMatch, TrafficView } from './types';

/** `namespace/name` of a service. */
export function serviceRef(svc: Service): string {
  return `${svc.metadata.namespace ?? 'default'}/${svc.metadata.name ?? ''}`;
}

/** The IPs in status.loadBalancer.ingress (hostname-only entries have none). */
export function loadBalancerIps(svc: Service): string[] {
  return (svc.status?.loadBalancer?.ingress ?? []).flatMap((i) => (i.ip ? [i.ip] : []));
}

/** spec.type, ClusterIP when absent. */
export function serviceType(svc: Service): string {
  return svc.spec?.type ?? 'ClusterIP';
}

/** True for the types that open nodePorts. */
export function opensNodePorts(svc: Service): boolean {
  const type = serviceType(svc);
  return type === 'NodePort' || type === 'LoadBalancer';
}

/** externalTrafficPolicy as kube-proxy applies it (anything but Local is Cluster). */
export function externalPolicy(svc: Service): 'Cluster' | 'Local' {
  return svc.spec?.externalTrafficPolicy === 'Local' ? 'Local' : 'Cluster';
}

/** internalTrafficPolicy as kube-proxy applies it. */
export function internalPolicy(svc: Service): 'Cluster' | 'Local' {
  return svc.spec?.internalTrafficPolicy === 'Local' ? 'Local' : 'Cluster';
}

/** ClientIP affinity timeout in seconds (default 10800), or undefined when affinity is None. */
export function affinityTimeout(svc: Service): number | undefined {
  if (svc.spec?.sessionAffinity !== 'ClientIP') return undefined;
  return svc.spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800;
}

/** The service's cluster IPs (clusterIPs, else clusterIP), without `None`. */
export function clusterIPs(svc: Service): string[] {
  const ips = svc.spec?.clusterIPs ?? (svc.spec?.clusterIP ? [svc.spec.clusterIP] : []);
  return ips.filter((ip) => ip !== '' && ip !== 'None');
}

/** Index of the first TCP port satisfying `pred`, or -1. */
export function findTcpPort(svc: Service, pred: (p: ServicePort) => boolean): number {
  return (svc.spec?.ports ?? []).findIndex((p) => (p.protocol ?? 'TCP') === 'TCP' && pred(p));
}

/** `80/TCP,443/TCP` style list for messages. */
export function portList(svc: Service): string {
  return (
    (svc.spec?.ports ?? []).map((p) => `${p.port}/${p.protocol ?? 'TCP'}`).join(',') || '<none>'
  );
}

/** The port mapping that matched, as reported: one shared part per service port and entry. */
export function portMatch(
  view: TrafficView,
  svc: Service,
  index: number,
  via: ServiceEntry,
): ServicePortMatch {
  const program = programmedOf(view);
  if (!program) return describeMatch(svc, index, via);
  let known = program.portMatches.get(svc);
  if (!known) program.portMatches.set(svc, (known = new Map()));
  const key = `${index} ${via}`;
  let match = known.get(key);
  if (!match) known.set(key, (match = sharePart(describeMatch(svc, index, via))));
  return match;
}

function describeMatch(svc: Service, index: number, via: ServiceEntry): ServicePortMatch {
  const p = svc.spec?.ports?.[index] as ServicePort;
  const match: ServicePortMatch = {
    namespace: svc.metadata.namespace ?? 'default',
    name: svc.metadata.name ?? '',
    type: serviceType(svc),
    via,
    port: p.port,
    targetPort: p.targetPort ?? p.port,
    protocol: p.protocol ?? 'TCP',
  };
  if (p.name) match.portName = p.name;
  if (p.nodePort !== undefined) match.nodePort = p.nodePort;
  const ip = clusterIPs(svc)[0];
  if (ip !== undefined) match.clusterIP = ip;
  return match;
}
