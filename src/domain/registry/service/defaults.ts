// Service defaulting, as kube-apiserver's SetDefaults_Service and the service registry apply it
// before validation. clusterIP itself is left to the allocator, ipFamilyPolicy and ipFamilies to
// initIPFamilyFields (ip-families.ts), which knows the old version on update.
import { clone } from '../../apimachinery/objects';
import type { Service, ServicePort, ServiceSpec } from '../../../schema/kube/service';
import { sortKeys } from '../../apimachinery/sorted-keys';

/** `sessionAffinityConfig.clientIP.timeoutSeconds` when ClientIP affinity leaves it unset: 3 hours. */
export const DEFAULT_CLIENT_IP_TIMEOUT_SECONDS = 10800;

/** NodePort and LoadBalancer services, and ClusterIP services with externalIPs, take outside traffic. */
export function isExternallyAccessible(spec: ServiceSpec): boolean {
  return (
    spec.type === 'NodePort' ||
    spec.type === 'LoadBalancer' ||
    (spec.type === 'ClusterIP' && (spec.externalIPs?.length ?? 0) > 0)
  );
}

/** A port with `protocol` (TCP) and `targetPort` (= port; also replacing 0 and "") filled in. */
export function defaultServicePort(port: ServicePort): ServicePort {
  const unsetTarget =
    port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '';
  return sortKeys({
    ...port,
    protocol: port.protocol || 'TCP',
    targetPort: unsetTarget ? port.port : port.targetPort,
  });
}

function defaultAffinity(input: ServiceSpec, spec: ServiceSpec): void {
  spec.sessionAffinity = input.sessionAffinity || 'None';
  if (spec.sessionAffinity === 'None') {
    delete spec.sessionAffinityConfig;
  } else if (
    spec.sessionAffinity === 'ClientIP' &&
    input.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined
  ) {
    spec.sessionAffinityConfig = {
      clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_TIMEOUT_SECONDS },
    };
  }
}

function defaultClusterIPs(input: ServiceSpec, spec: ServiceSpec): void {
  const ips = input.clusterIPs ?? [];
  if (input.clusterIP && ips.length === 0) spec.clusterIPs = [input.clusterIP];
  else if (!input.clusterIP && ips[0] !== undefined) spec.clusterIP = ips[0];
}

function defaultSpec(input: ServiceSpec): ServiceSpec {
  const spec: ServiceSpec = { ...input, type: input.type || 'ClusterIP' };
  defaultAffinity(input, spec);
  if (input.ports) spec.ports = input.ports.map(defaultServicePort);
  if (!spec.externalTrafficPolicy && isExternallyAccessible(spec)) {
    spec.externalTrafficPolicy = 'Cluster';
  }
  const isIPService = ['ClusterIP', 'NodePort', 'LoadBalancer'].includes(spec.type ?? '');
  if (spec.internalTrafficPolicy === undefined && isIPService)
    spec.internalTrafficPolicy = 'Cluster';
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined) {
    spec.allocateLoadBalancerNodePorts = true;
  }
  defaultClusterIPs(input, spec);
  return sortKeys(spec);
}

/**
 * A new Service (deep copy) with Kubernetes' defaults applied; the input is not mutated, and
 * defaulting a defaulted Service changes nothing. clusterIP/clusterIPs are only synced with each other.
 */
export function defaultService(input: Service): Service {
  const svc = clone(input);
  const status = sortKeys({ ...svc.status, loadBalancer: svc.status?.loadBalancer ?? {} });
  return sortKeys({ ...svc, spec: defaultSpec(svc.spec ?? {}), status });
}

/**
 * defaultOnReadService's one rule that still changes anything here: ExternalName Services have
 * no internalTrafficPolicy (Kubernetes once defaulted it there and now drops it when read).
 * Mutates `svc`; applied before storing, so every reader sees the same.
 */
export function defaultOnReadService(svc: Service): void {
  if (svc.spec?.type === 'ExternalName') delete svc.spec.internalTrafficPolicy;
}
