// ipFamilyPolicy and ipFamilies of a Service on NodePort Lab's cluster, which is single-stack
// IPv4 (one Service CIDR, 10.96.0.0/12): kube-apiserver's initIPFamilyFields (registry alloc.go),
// run before anything is allocated. Its errors are answered alone, as a 422.
import { index, invalid, type FieldError } from '../../apimachinery/field-errors';
import { isIPv6String } from '../../apimachinery/ip-address';
import { validateClusterIPFields } from './ip-validation';
import type { ServiceSpec } from '../../../schema/kube/service';

/** The families this cluster has an allocator for: one, so it is not dual-stack. */
const CLUSTER_FAMILIES: readonly string[] = ['IPv4'];
const PRIMARY_FAMILY = 'IPv4';
const IP_SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer'];

const otherFamily = (family: string): string => (family === 'IPv4' ? 'IPv6' : 'IPv4');

function sameStrings(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function isHeadlessSelectorless(spec: ServiceSpec): boolean {
  return spec.clusterIP === 'None' && Object.keys(spec.selector ?? {}).length === 0;
}

/** An update that keeps a PreferDualStack Service as it was is never upgraded or downgraded. */
function isUnchangedPreferDualStack(spec: ServiceSpec, old: ServiceSpec): boolean {
  if (spec.ipFamilyPolicy === undefined || old.type !== spec.type) return false;
  if (!IP_SERVICE_TYPES.includes(spec.type ?? '')) return false;
  if (spec.ipFamilyPolicy !== 'PreferDualStack') return false;
  if (old.ipFamilyPolicy !== undefined && old.ipFamilyPolicy !== 'PreferDualStack') return false;
  return (
    sameStrings(old.clusterIPs, spec.clusterIPs) && sameStrings(old.ipFamilies, spec.ipFamilies)
  );
}

function defaultPolicy(spec: ServiceSpec, old: ServiceSpec | undefined): string {
  if (old?.ipFamilyPolicy !== undefined) return old.ipFamilyPolicy;
  // Headless and selectorless: its endpoints may be of either family, so Kubernetes asks for both.
  return isHeadlessSelectorless(spec) ? 'RequireDualStack' : 'SingleStack';
}

/** Update-only: SingleStack trims an unchanged second entry; any other policy may not drop one. */
function reconcileWithOld(spec: ServiceSpec, old: ServiceSpec, errs: FieldError[]): void {
  const policy = spec.ipFamilyPolicy;
  const ips = spec.clusterIPs ?? [];
  const families = spec.ipFamilies ?? [];
  if (policy === 'SingleStack') {
    if (sameStrings(old.clusterIPs, spec.clusterIPs) && ips.length > 1)
      spec.clusterIPs = ips.slice(0, 1);
    if (sameStrings(old.ipFamilies, spec.ipFamilies) && families.length > 1) {
      spec.ipFamilies = families.slice(0, 1);
    }
    return;
  }
  if (ips.length > 0 && ips.length < (old.clusterIPs?.length ?? 0)) {
    const detail = "must be 'SingleStack' to release the secondary cluster IP";
    errs.push(invalid('spec.ipFamilyPolicy', policy, detail));
  }
  if (families.length > 0 && families.length < (old.ipFamilies?.length ?? 0)) {
    const detail = "must be 'SingleStack' to release the secondary IP family";
    errs.push(invalid('spec.ipFamilyPolicy', policy, detail));
  }
}

/** ipFamilies inferred from requested clusterIPs; an IPv6 one is refused on this cluster. */
function inferFamilies(spec: ServiceSpec, errs: FieldError[]): void {
  const ips = spec.clusterIPs ?? [];
  const families = [...(spec.ipFamilies ?? [])];
  for (const [i, ip] of ips.entries()) {
    if (ip === 'None') break;
    if (i < families.length) continue;
    const family = isIPv6String(ip) ? 'IPv6' : 'IPv4';
    if (CLUSTER_FAMILIES.includes(family)) families.push(family);
    else {
      const detail = `${family} is not configured on this cluster`;
      errs.push(invalid(index('spec.clusterIPs', i), ips, detail));
    }
  }
  if (families.length > 0) spec.ipFamilies = families;
}

/**
 * Sets `ipFamilyPolicy` and `ipFamilies` of a defaulted Service (`old` on update) in place, or
 * returns kube-apiserver's field errors. On success a Service that gets a clusterIP has exactly
 * one family, IPv4, and at most one requested clusterIP: the allocator never sees a second one.
 */
export function initIPFamilyFields(spec: ServiceSpec, old: ServiceSpec | undefined): FieldError[] {
  if (spec.type === 'ExternalName') return [];
  if (old && isUnchangedPreferDualStack(spec, old)) return [];
  spec.ipFamilyPolicy ??= defaultPolicy(spec, old);

  const malformed = validateClusterIPFields(spec, old);
  if (malformed.length > 0) return malformed;

  const errs: FieldError[] = [];
  if (old) reconcileWithOld(spec, old, errs);
  const policy = spec.ipFamilyPolicy;
  if (policy === 'SingleStack') {
    const detail = "must be 'RequireDualStack' or 'PreferDualStack' when multiple";
    if (spec.clusterIPs?.length === 2) {
      errs.push(invalid('spec.ipFamilyPolicy', policy, `${detail} cluster IPs are specified`));
    }
    if (spec.ipFamilies?.length === 2) {
      errs.push(invalid('spec.ipFamilyPolicy', policy, `${detail} IP families are specified`));
    }
  }
  inferFamilies(spec, errs);
  if (errs.length > 0) return errs;

  if (isHeadlessSelectorless(spec)) {
    // Allowed either way: a headless Service allocates nothing, whatever the cluster has.
    const families = spec.ipFamilies?.length ? [...spec.ipFamilies] : [PRIMARY_FAMILY];
    const first = families[0] ?? PRIMARY_FAMILY;
    if (families.length < 2 && policy !== 'SingleStack') families.push(otherFamily(first));
    spec.ipFamilies = families;
    return [];
  }
  if (policy === 'RequireDualStack') {
    const detail = 'this cluster is not configured for dual-stack services';
    errs.push(invalid('spec.ipFamilyPolicy', policy, detail));
  }
  (spec.ipFamilies ?? []).forEach((family, i) => {
    if (!CLUSTER_FAMILIES.includes(family)) {
      errs.push(invalid(index('spec.ipFamilies', i), family, 'not configured on this cluster'));
    }
  });
  if (errs.length > 0) return errs;
  // PreferDualStack stays single-stack here: there is no second family to add.
  if (!spec.ipFamilies?.length) spec.ipFamilies = [PRIMARY_FAMILY];
  return [];
}
