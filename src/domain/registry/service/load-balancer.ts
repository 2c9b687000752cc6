// The LoadBalancer-only parts of Service validation (ValidateService and ValidateServiceUpdate):
// loadBalancerSourceRanges and its annotation, loadBalancerClass, healthCheckNodePort.
import {
  forbidden,
  index,
  invalid,
  required,
  type FieldError,
} from '../../apimachinery/field-errors';
import { parseIP } from '../../apimachinery/ip-address';
import { isQualifiedName, isValidPortNum } from '../../apimachinery/string-formats';
import type { ServiceSpec } from '../../../schema/kube/service';
import { hasOwn } from '../../apimachinery/own-property';

/** The annotation older clients use instead of `spec.loadBalancerSourceRanges`. */
export const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';
const LB_ONLY = "may only be used when `type` is 'LoadBalancer'";
const CIDR_DETAIL = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/** LoadBalancer with externalTrafficPolicy Local: the cloud balancer probes a health port. */
export function needsHealthCheck(spec: ServiceSpec): boolean {
  return spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
}

/**
 * The port a cloud load balancer probes on every node (kube-proxy answers it: 200 with local
 * endpoints, else 503), or undefined when the Service has none.
 */
export function healthCheckNodePortOf(spec: ServiceSpec): number | undefined {
  return needsHealthCheck(spec) && spec.healthCheckNodePort ? spec.healthCheckNodePort : undefined;
}

/** Go's ParseCIDRSloppy: an IP (leading zeros allowed) and a decimal prefix length within it. */
export function isValidCIDR(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash < 0) return false;
  const addr = value.slice(0, slash);
  const mask = value.slice(slash + 1);
  if (!parseIP(addr) || !/^[0-9]+$/.test(mask)) return false;
  const bits = addr.includes(':') ? 128 : 32;
  return Number(mask) <= bits;
}

/**
 * The spec field (its path spelled `LoadBalancerSourceRanges`, as Kubernetes prints it), or when
 * it is empty the annotation, comma-separated; entries may be space-padded.
 */
export function validateSourceRanges(
  spec: ServiceSpec,
  annotations: Readonly<Record<string, string>> | undefined,
): FieldError[] {
  const errs: FieldError[] = [];
  const ranges = spec.loadBalancerSourceRanges ?? [];
  if (ranges.length > 0) {
    const path = 'spec.LoadBalancerSourceRanges';
    if (spec.type !== 'LoadBalancer') errs.push(forbidden(path, LB_ONLY));
    ranges.forEach((raw, i) => {
      const value = raw.trim();
      if (!isValidCIDR(value)) errs.push(invalid(index(path, i), value, CIDR_DETAIL));
    });
    return errs;
  }
  if (!annotations || !hasOwn(annotations, SOURCE_RANGES_ANNOTATION)) {
    return errs;
  }
  const path = `metadata.annotations[${SOURCE_RANGES_ANNOTATION}]`;
  if (spec.type !== 'LoadBalancer') errs.push(forbidden(path, LB_ONLY));
  const text = (annotations[SOURCE_RANGES_ANNOTATION] ?? '').trim();
  if (text === '') return errs;
  for (const raw of text.split(',')) {
    const value = raw.trim();
    if (!isValidCIDR(value)) errs.push(invalid(path, value, CIDR_DETAIL));
  }
  return errs;
}

/** validateLoadBalancerClassField: immutable between LoadBalancer versions, a qualified name. */
export function validateLoadBalancerClass(spec: ServiceSpec, old?: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  const path = 'spec.loadBalancerClass';
  const lbClass = spec.loadBalancerClass;
  if (old?.type === 'LoadBalancer' && spec.type === 'LoadBalancer') {
    if (old.loadBalancerClass !== lbClass) {
      errs.push(invalid(path, lbClass ?? null, 'may not change once set'));
    }
  }
  if (lbClass === undefined) return errs;
  if (spec.type === 'LoadBalancer') {
    errs.push(...isQualifiedName(lbClass).map((m) => invalid(path, lbClass, m)));
  } else {
    errs.push(forbidden(path, LB_ONLY));
  }
  return errs;
}

/** The healthCheckNodePort half of validateServiceExternalTrafficPolicy. */
export function validateHealthCheckNodePort(spec: ServiceSpec): FieldError[] {
  const path = 'spec.healthCheckNodePort';
  const port = spec.healthCheckNodePort ?? 0;
  if (!needsHealthCheck(spec)) {
    if (port === 0) return [];
    const detail =
      "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'";
    return [invalid(path, port, detail)];
  }
  if (port === 0) return [required(path)];
  return isValidPortNum(port).map((m) => invalid(path, port, m));
}

/** validateServiceExternalTrafficFieldsUpdate: a health port, once allocated, stays. */
export function validateHealthCheckNodePortUpdate(
  spec: ServiceSpec,
  old: ServiceSpec,
): FieldError[] {
  if (!needsHealthCheck(old) || !needsHealthCheck(spec)) return [];
  if ((spec.healthCheckNodePort ?? 0) === (old.healthCheckNodePort ?? 0)) return [];
  return [forbidden('spec.healthCheckNodePort', 'field is immutable')];
}
