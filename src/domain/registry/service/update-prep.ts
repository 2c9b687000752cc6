// Update-time fix-ups kube-apiserver applies to a Service before allocating: remember values it
// allocated earlier (patchAllocatedValues), keep clusterIP/clusterIPs in sync (normalizeClusterIPs)
// and wipe unchanged fields the new type does not use (dropTypeDependentFields): clusterIPs,
// nodePorts, healthCheckNodePort, loadBalancerClass, externalTrafficPolicy.
import type { ServiceSpec } from '../../../schema/kube/service';
import { isExternallyAccessible } from './defaults';
import { needsHealthCheck } from './load-balancer';

/** Every type but ExternalName gets a clusterIP (or is headless). */
export function needsClusterIP(spec: ServiceSpec): boolean {
  return (spec.type ?? 'ClusterIP') !== 'ExternalName';
}

/** NodePort and LoadBalancer services expose nodePorts. */
export function needsNodePort(spec: ServiceSpec): boolean {
  return spec.type === 'NodePort' || spec.type === 'LoadBalancer';
}

/** Mutates `spec` (the new version) in place; `old` is left untouched. */
export function prepareServiceUpdate(spec: ServiceSpec, old: ServiceSpec): void {
  patchAllocatedValues(spec, old);
  normalizeClusterIPs(spec, old);
  dropTypeDependentFields(spec, old);
}

/** Re-applying a manifest without clusterIP/nodePort keeps what was allocated before. */
function patchAllocatedValues(spec: ServiceSpec, old: ServiceSpec): void {
  if (needsClusterIP(old) && needsClusterIP(spec)) {
    if (!spec.clusterIP && old.clusterIP) spec.clusterIP = old.clusterIP;
    if (!spec.clusterIPs?.length && old.clusterIPs?.length) spec.clusterIPs = [...old.clusterIPs];
  }
  if (needsNodePort(old) && needsNodePort(spec)) {
    const oldPorts = nonZeroNodePorts(old);
    const newPorts = nonZeroNodePorts(spec);
    // Values the new version already uses elsewhere cannot be patched in again.
    const used = new Set([...oldPorts].filter((np) => newPorts.has(np)));
    // Kubernetes matches ports by name: the user may have changed the port number or protocol.
    const byName = new Map<string, number | undefined>();
    for (const p of old.ports ?? []) byName.set(p.name ?? '', p.nodePort);
    for (const p of spec.ports ?? []) {
      const remembered = byName.get(p.name ?? '');
      if (!p.nodePort && remembered && !used.has(remembered)) p.nodePort = remembered;
    }
  }
  if (needsHealthCheck(old) && needsHealthCheck(spec) && !spec.healthCheckNodePort) {
    if (old.healthCheckNodePort) spec.healthCheckNodePort = old.healthCheckNodePort;
  }
}

function normalizeClusterIPs(spec: ServiceSpec, old: ServiceSpec): void {
  const oldIP = old.clusterIP ?? '';
  const newIP = spec.clusterIP ?? '';
  if (old.clusterIPs?.length && !spec.clusterIPs?.length && oldIP === newIP) {
    spec.clusterIPs = [...old.clusterIPs];
  }
  if (oldIP === newIP) return;
  if (oldIP !== '' && newIP === '') {
    // A client clearing clusterIP while leaving clusterIPs as they were: clear both.
    if (sameStrings(old.clusterIPs, spec.clusterIPs)) delete spec.clusterIPs;
  } else if (sameStrings(old.clusterIPs, spec.clusterIPs)) {
    spec.clusterIPs = [newIP];
  }
}

function dropTypeDependentFields(spec: ServiceSpec, old: ServiceSpec): void {
  if (needsClusterIP(old) && !needsClusterIP(spec)) {
    if (
      (old.clusterIP ?? '') === (spec.clusterIP ?? '') &&
      sameStrings(old.clusterIPs, spec.clusterIPs)
    ) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (sameStrings(old.ipFamilies, spec.ipFamilies)) delete spec.ipFamilies;
    if (old.ipFamilyPolicy === spec.ipFamilyPolicy) delete spec.ipFamilyPolicy;
  }
  if (needsNodePort(old) && !needsNodePort(spec)) {
    const oldPorts = nonZeroNodePorts(old);
    // Only wipe nodePorts the user did not add: a new one must still fail validation.
    if ([...nonZeroNodePorts(spec)].every((np) => oldPorts.has(np))) {
      for (const p of spec.ports ?? []) delete p.nodePort;
    }
  }
  // Unchanged values the new version has no use for; released or simply gone.
  if (needsHealthCheck(old) && !needsHealthCheck(spec)) {
    if (old.healthCheckNodePort === spec.healthCheckNodePort) delete spec.healthCheckNodePort;
  }
  if (old.type === 'LoadBalancer' && spec.type !== 'LoadBalancer') {
    if (old.loadBalancerClass === spec.loadBalancerClass) delete spec.loadBalancerClass;
  }
  // A type that takes no outside traffic has no use for an unchanged externalTrafficPolicy.
  if (
    isExternallyAccessible(old) &&
    !isExternallyAccessible(spec) &&
    old.externalTrafficPolicy === spec.externalTrafficPolicy
  ) {
    delete spec.externalTrafficPolicy;
  }
  if (old.type === 'LoadBalancer' && spec.type !== 'LoadBalancer') {
    const was = old.allocateLoadBalancerNodePorts;
    if (was !== undefined && was === spec.allocateLoadBalancerNodePorts) {
      delete spec.allocateLoadBalancerNodePorts;
    }
  }
}

function nonZeroNodePorts(spec: ServiceSpec): Set<number> {
  return new Set((spec.ports ?? []).flatMap((p) => (p.nodePort ? [p.nodePort] : [])));
}

function sameStrings(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}
