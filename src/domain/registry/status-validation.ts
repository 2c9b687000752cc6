// The checks of a status update (ValidateServiceStatusUpdate, ValidateDeploymentStatusUpdate in
// pkg/apis/{core,apps}/validation), and the ipMode default a load-balancer ingress gets.
import { forbidden, invalid, notSupported, type FieldError } from '../apimachinery/field-errors';
import { parseIP, validateIPForLegacyField } from '../apimachinery/ip-address';
import type { IncomingObject } from '../apimachinery/objects';
import { isDNS1123Subdomain } from '../apimachinery/string-formats';
import { ownValue as own } from '../apimachinery/own-property';

type Obj = Record<string, unknown>;

const IP_MODES = ['Proxy', 'VIP'];

/** Defaults ipMode to VIP where an ingress has an ip (SetDefaults_Service, LoadBalancerIPMode GA). */
export function defaultIngressIpMode(status: unknown): void {
  const ingress = own(own(status, 'loadBalancer'), 'ingress');
  if (!Array.isArray(ingress)) return;
  for (const ing of ingress) {
    if (own(ing, 'ip') && own(ing, 'ipMode') === undefined) (ing as Obj).ipMode = 'VIP';
  }
}

/** status.loadBalancer.ingress: LoadBalancer Services only; valid IPs, DNS names, ipMode. */
export function validateServiceStatus(svc: IncomingObject): FieldError[] {
  const at = 'status.loadBalancer.ingress';
  const ingress = own(own(svc.status, 'loadBalancer'), 'ingress');
  if (!Array.isArray(ingress) || ingress.length === 0) return [];
  if (own(svc.spec, 'type') !== 'LoadBalancer') {
    return [forbidden(at, "may only be used when `spec.type` is 'LoadBalancer'")];
  }
  const errors: FieldError[] = [];
  ingress.forEach((ing: unknown, i) => {
    const path = `${at}[${i}]`;
    const ip = own(ing, 'ip');
    const ipMode = own(ing, 'ipMode');
    const hostname = own(ing, 'hostname');
    if (typeof ip === 'string' && ip) errors.push(...validateIPForLegacyField(ip, `${path}.ip`));
    if (ipMode !== undefined && !ip) {
      errors.push(forbidden(`${path}.ipMode`, 'may not be specified when `ip` is not set'));
    } else if (ipMode !== undefined && !IP_MODES.includes(String(ipMode))) {
      errors.push(notSupported(`${path}.ipMode`, ipMode, IP_MODES));
    }
    if (typeof hostname === 'string' && hostname) {
      for (const msg of isDNS1123Subdomain(hostname))
        errors.push(invalid(`${path}.hostname`, hostname, msg));
      if (parseIP(hostname)) {
        errors.push(invalid(`${path}.hostname`, hostname, 'must be a DNS name, not an IP address'));
      }
    }
  });
  return errors;
}

const COUNTS = [
  'observedGeneration',
  'replicas',
  'updatedReplicas',
  'readyReplicas',
  'availableReplicas',
  'unavailableReplicas',
  'terminatingReplicas',
  'collisionCount',
];

/** Counts are non-negative, none above status.replicas, available not above ready. */
export function validateDeploymentStatus(d: IncomingObject): FieldError[] {
  const errors: FieldError[] = [];
  const n = (key: string) => {
    const v = own(d.status, key);
    return typeof v === 'number' ? v : 0;
  };
  for (const key of COUNTS) {
    if (n(key) < 0)
      errors.push(invalid(`status.${key}`, n(key), 'must be greater than or equal to 0'));
  }
  const above = 'cannot be greater than status.replicas';
  for (const key of ['updatedReplicas', 'readyReplicas', 'availableReplicas']) {
    if (n(key) > n('replicas')) errors.push(invalid(`status.${key}`, n(key), above));
  }
  if (n('availableReplicas') > n('readyReplicas')) {
    errors.push(
      invalid(
        'status.availableReplicas',
        n('availableReplicas'),
        'cannot be greater than readyReplicas',
      ),
    );
  }
  return errors;
}
