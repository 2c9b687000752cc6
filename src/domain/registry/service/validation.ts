// Service validation in kube-apiserver's order (ValidateServiceUpdate, then ValidateService):
// every problem is collected, none stops the others. Run it on a defaulted Service.
import {
  child,
  duplicate,
  forbidden,
  index,
  invalid,
  notSupported,
  required,
  type FieldError,
} from '../../apimachinery/field-errors';
import { validateLabels, validateObjectMeta } from '../../apimachinery/names';
import {
  inclusiveRangeError,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidPortName,
  isValidPortNum,
} from '../../apimachinery/string-formats';
import { isExternallyAccessible } from './defaults';
import {
  isHeadlessService,
  validateClusterIPFields,
  validateClusterIPsUpdate,
  validateExternalIPs,
  validateIPFamiliesUpdate,
} from './ip-validation';
import {
  validateHealthCheckNodePort,
  validateHealthCheckNodePortUpdate,
  validateLoadBalancerClass,
  validateSourceRanges,
} from './load-balancer';
import type { IntOrString } from '../../../schema/kube/meta';
import type { Service, ServicePort, ServiceSpec } from '../../../schema/kube/service';

export const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
export const PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const SESSION_AFFINITIES = ['ClientIP', 'None'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const MAX_CLIENT_IP_TIMEOUT_SECONDS = 86400;

/** A port number or IANA port name, as ValidatePortNumOrName checks targetPort (unset counts as 0). */
export function validatePortNumOrName(port: IntOrString | undefined, path: string): FieldError[] {
  if (typeof port === 'string') return isValidPortName(port).map((m) => invalid(path, port, m));
  const n = port ?? 0;
  return isValidPortNum(n).map((m) => invalid(path, n, m));
}

function validateServicePort(
  sp: ServicePort,
  requireName: boolean,
  names: Set<string>,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const namePath = child(path, 'name');
  if (requireName && !sp.name) {
    errs.push(required(namePath));
  } else if (sp.name) {
    const name = sp.name;
    errs.push(...isDNS1123Label(name).map((m) => invalid(namePath, name, m)));
    if (names.has(name)) errs.push(duplicate(namePath, name));
    else names.add(name);
  }
  errs.push(...isValidPortNum(sp.port).map((m) => invalid(child(path, 'port'), sp.port, m)));
  if (!sp.protocol) errs.push(required(child(path, 'protocol')));
  else if (!PORT_PROTOCOLS.includes(sp.protocol)) {
    errs.push(notSupported(child(path, 'protocol'), sp.protocol, PORT_PROTOCOLS));
  }
  errs.push(...validatePortNumOrName(sp.targetPort, child(path, 'targetPort')));
  if (sp.appProtocol !== undefined) {
    const ap = sp.appProtocol;
    errs.push(...isQualifiedName(ap).map((m) => invalid(child(path, 'appProtocol'), ap, m)));
  }
  const nodePort = sp.nodePort ?? 0;
  if (nodePort < 0 || nodePort > 65535) {
    errs.push(invalid(child(path, 'nodePort'), nodePort, inclusiveRangeError(0, 65535)));
  }
  return errs;
}

function validateTypeSpecific(spec: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  const headless = isHeadlessService(spec);
  if (spec.type === 'LoadBalancer') {
    if (headless) {
      errs.push(
        invalid('spec.clusterIPs[0]', 'None', "may not be set to 'None' for LoadBalancer services"),
      );
    }
  } else if (spec.type === 'NodePort') {
    if (headless) {
      errs.push(
        invalid('spec.clusterIPs[0]', 'None', "may not be set to 'None' for NodePort services"),
      );
    }
  } else if (spec.type === 'ExternalName') {
    const notForExternalName = 'may not be set for ExternalName services';
    if ((spec.clusterIPs?.length ?? 0) > 0)
      errs.push(forbidden('spec.clusterIPs', notForExternalName));
    if ((spec.ipFamilies?.length ?? 0) > 0)
      errs.push(forbidden('spec.ipFamilies', notForExternalName));
    if (spec.ipFamilyPolicy !== undefined)
      errs.push(forbidden('spec.ipFamilyPolicy', notForExternalName));
    const cname = (spec.externalName ?? '').replace(/\.$/, '');
    if (cname)
      errs.push(...isDNS1123Subdomain(cname).map((m) => invalid('spec.externalName', cname, m)));
    else errs.push(required('spec.externalName'));
  }
  return errs;
}

function validateAffinity(spec: ServiceSpec): FieldError[] {
  const affinity = spec.sessionAffinity;
  if (!affinity) return [required('spec.sessionAffinity')];
  if (!SESSION_AFFINITIES.includes(affinity)) {
    return [notSupported('spec.sessionAffinity', affinity, SESSION_AFFINITIES)];
  }
  const path = 'spec.sessionAffinityConfig';
  const config = spec.sessionAffinityConfig;
  if (affinity === 'None') {
    return config ? [forbidden(path, 'must not be set when session affinity is None')] : [];
  }
  const when = 'when session affinity type is ClientIP';
  if (!config) return [required(path, when)];
  if (!config.clientIP) return [required(`${path}.clientIP`, when)];
  const timeout = config.clientIP.timeoutSeconds;
  const timeoutPath = `${path}.clientIP.timeoutSeconds`;
  if (timeout === undefined) return [required(timeoutPath, when)];
  if (timeout <= 0 || timeout > MAX_CLIENT_IP_TIMEOUT_SECONDS) {
    const detail = `must be greater than 0 and less than ${MAX_CLIENT_IP_TIMEOUT_SECONDS}`;
    return [invalid(timeoutPath, timeout, detail)];
  }
  return [];
}

function validatePortSets(spec: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  const ports = spec.ports ?? [];
  if (spec.type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (p.nodePort) {
        const detail = "may not be used when `type` is 'ClusterIP'";
        errs.push(forbidden(`${index('spec.ports', i)}.nodePort`, detail));
      }
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!p.nodePort) return;
    const key = `${p.protocol ?? ''}/${p.nodePort}`;
    if (nodePorts.has(key)) errs.push(duplicate(`${index('spec.ports', i)}.nodePort`, p.nodePort));
    nodePorts.add(key);
  });
  const portKeys = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${p.protocol ?? ''}/${p.port}`;
    // kube-apiserver reports the (protocol, port) key as its internal ServicePort struct.
    const value = {
      Name: '',
      Protocol: p.protocol ?? '',
      AppProtocol: null,
      Port: p.port,
      TargetPort: 0,
      NodePort: 0,
    };
    if (portKeys.has(key)) errs.push(duplicate(index('spec.ports', i), value));
    portKeys.add(key);
  });
  return errs;
}

function validateAllocateNodePorts(spec: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.type !== 'LoadBalancer') {
    const detail = "may only be used when `type` is 'LoadBalancer'";
    errs.push(forbidden('spec.allocateLoadBalancerNodePorts', detail));
  }
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined) {
    errs.push(required('spec.allocateLoadBalancerNodePorts'));
  }
  return errs;
}

function validateTrafficPolicies(spec: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  const etp = spec.externalTrafficPolicy;
  if (!isExternallyAccessible(spec)) {
    if (etp) {
      const detail = 'may only be set for externally-accessible services';
      errs.push(invalid('spec.externalTrafficPolicy', etp, detail));
    }
  } else if (!etp) {
    errs.push(required('spec.externalTrafficPolicy'));
  } else if (!TRAFFIC_POLICIES.includes(etp)) {
    errs.push(notSupported('spec.externalTrafficPolicy', etp, TRAFFIC_POLICIES));
  }
  errs.push(...validateHealthCheckNodePort(spec));
  const itp = spec.internalTrafficPolicy;
  if (itp === undefined && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type ?? '')) {
    errs.push(required('spec.internalTrafficPolicy'));
  }
  if (itp !== undefined && !TRAFFIC_POLICIES.includes(itp)) {
    errs.push(notSupported('spec.internalTrafficPolicy', itp, TRAFFIC_POLICIES));
  }
  return errs;
}

/** ValidateServiceUpdate's own rules, reported before those of ValidateService. */
function validateServiceUpdate(spec: ServiceSpec, old: ServiceSpec): FieldError[] {
  return [
    ...validateClusterIPsUpdate(spec, old),
    ...validateIPFamiliesUpdate(spec, old),
    ...validateLoadBalancerClass(spec, old),
    ...validateHealthCheckNodePortUpdate(spec, old),
  ];
}

/**
 * Every field error kube-apiserver would report for `svc` (already defaulted); with `old`, the
 * update rules (clusterIP, ipFamilies, loadBalancerClass, healthCheckNodePort) come first.
 * Node port ranges are the allocator's business.
 */
export function validateService(svc: Service, old?: Service): FieldError[] {
  const spec = svc.spec ?? {};
  const errs: FieldError[] = [];
  if (old) errs.push(...validateServiceUpdate(spec, old.spec ?? {}));
  errs.push(...validateObjectMeta(svc.metadata, 'metadata', 'dns1035'));
  const ports = spec.ports ?? [];
  if (ports.length === 0 && !isHeadlessService(spec) && spec.type !== 'ExternalName') {
    errs.push(required('spec.ports'));
  }
  errs.push(...validateTypeSpecific(spec));
  const names = new Set<string>();
  ports.forEach((p, i) => {
    errs.push(...validateServicePort(p, ports.length > 1, names, index('spec.ports', i)));
  });
  if (spec.selector) errs.push(...validateLabels(spec.selector, 'spec.selector'));
  errs.push(...validateAffinity(spec));
  errs.push(...validateClusterIPFields(spec, old?.spec));
  errs.push(...validateExternalIPs(spec));
  if (!spec.type) errs.push(required('spec.type'));
  else if (!SERVICE_TYPES.includes(spec.type)) {
    errs.push(notSupported('spec.type', spec.type, SERVICE_TYPES));
  }
  errs.push(...validatePortSets(spec));
  errs.push(...validateSourceRanges(spec, svc.metadata.annotations));
  errs.push(...validateAllocateNodePorts(spec));
  errs.push(...validateLoadBalancerClass(spec));
  errs.push(...validateTrafficPolicies(spec));
  return errs;
}
