// The IP-related parts of Service validation: clusterIP/clusterIPs/ipFamilies consistency,
// externalIPs, and clusterIP immutability on update (kube-apiserver's texts).
import {
  duplicate,
  index,
  invalid,
  notSupported,
  required,
  type FieldError,
} from '../../apimachinery/field-errors';
import {
  isIPv6String,
  validateIPForLegacyField,
  validateNonSpecialIP,
} from '../../apimachinery/ip-address';
import type { ServiceSpec } from '../../../schema/kube/service';

const IP_FAMILIES = ['IPv4', 'IPv6'];
const IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];

/** A headless Service has exactly one clusterIP, `None`. */
export function isHeadlessService(spec: ServiceSpec): boolean {
  const ips = spec.clusterIPs ?? [];
  return ips.length === 1 && ips[0] === 'None';
}

function validateClusterIPSync(spec: ServiceSpec): FieldError[] {
  const ips = spec.clusterIPs ?? [];
  if (spec.clusterIP) {
    if (ips.length === 0) return [required('spec.clusterIPs')];
    if (ips[0] !== spec.clusterIP) {
      return [invalid('spec.clusterIPs', ips, 'first value must match `clusterIP`')];
    }
  } else if (ips.length > 0) {
    return [invalid('spec.clusterIPs', ips, 'must be empty when `clusterIP` is not specified')];
  }
  return [];
}

function validateIPFamilyFields(spec: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (spec.ipFamilies ?? []).forEach((family, i) => {
    const path = index('spec.ipFamilies', i);
    if (!IP_FAMILIES.includes(family)) errs.push(notSupported(path, family, IP_FAMILIES));
    if (seen.has(family)) errs.push(duplicate(path, family));
    seen.add(family);
  });
  const policy = spec.ipFamilyPolicy;
  if (policy !== undefined && !IP_FAMILY_POLICIES.includes(policy)) {
    errs.push(notSupported('spec.ipFamilyPolicy', policy, IP_FAMILY_POLICIES));
  }
  return errs;
}

function validateFamilyMatch(spec: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  const families = spec.ipFamilies ?? [];
  (spec.clusterIPs ?? []).forEach((ip, i) => {
    const family = families[i];
    const path = index('spec.clusterIPs', i);
    if (family === 'IPv4' && isIPv6String(ip)) {
      errs.push(invalid(path, ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
    }
    if (family === 'IPv6' && !isIPv6String(ip)) {
      errs.push(invalid(path, ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
    }
  });
  return errs;
}

/**
 * ValidateServiceClusterIPsRelatedFields, single-stack subset: nothing for ExternalName; IPs that
 * the old object already held are accepted as they are.
 */
export function validateClusterIPFields(spec: ServiceSpec, old?: ServiceSpec): FieldError[] {
  if (spec.type === 'ExternalName') return [];
  const ips = spec.clusterIPs ?? [];
  const errs = [...validateClusterIPSync(spec), ...validateIPFamilyFields(spec)];
  let hasInvalidIPs = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        hasInvalidIPs = true;
        errs.push(invalid('spec.clusterIPs', ips, "'None' must be the first and only value"));
      }
      return;
    }
    if (old?.clusterIPs?.includes(ip)) return;
    const ipErrs = validateIPForLegacyField(ip, index('spec.clusterIPs', i));
    if (ipErrs.length > 0) hasInvalidIPs = true;
    errs.push(...ipErrs);
  });
  if (ips.length > 2) errs.push(invalid('spec.clusterIPs', ips, 'may only hold up to 2 values'));
  if (hasInvalidIPs) return errs;
  if (ips.length > 1 && isIPv6String(ips[0] ?? '') === isIPv6String(ips[1] ?? '')) {
    errs.push(
      invalid('spec.clusterIPs', ips, 'may specify no more than one IP for each IP family'),
    );
  }
  if (!isHeadlessService(spec)) errs.push(...validateFamilyMatch(spec));
  return errs;
}

/** Each externalIP must be a valid IP address that is not unspecified, loopback or link-local. */
export function validateExternalIPs(spec: ServiceSpec): FieldError[] {
  const errs: FieldError[] = [];
  (spec.externalIPs ?? []).forEach((ip, i) => {
    const path = index('spec.externalIPs', i);
    const ipErrs = validateIPForLegacyField(ip, path);
    errs.push(...(ipErrs.length > 0 ? ipErrs : validateNonSpecialIP(ip, path)));
  });
  return errs;
}

/**
 * validateUpgradeDowngradeClusterIPs: once set, the primary clusterIP never changes (unless the
 * Service is or was ExternalName); the value printed is the new clusterIPs list.
 */
export function validateClusterIPsUpdate(spec: ServiceSpec, old: ServiceSpec): FieldError[] {
  if (spec.type === 'ExternalName' || old.type === 'ExternalName') return [];
  if (isHeadlessService(spec) && isHeadlessService(old)) return [];
  const ips = spec.clusterIPs ?? [];
  const oldIPs = old.clusterIPs ?? [];
  const changed = (i: number): FieldError =>
    invalid(index('spec.clusterIPs', i), ips, 'may not change once set');
  const errs: FieldError[] = [];
  if (oldIPs.length === ips.length) {
    oldIPs.forEach((ip, i) => {
      if (ip !== ips[i]) errs.push(changed(i));
    });
  } else if (oldIPs.length > ips.length) {
    if (ips.length === 0) {
      errs.push(invalid(index('spec.clusterIPs', 0), ips, 'primary clusterIP can not be unset'));
    } else if (ips[0] !== oldIPs[0]) {
      errs.push(changed(0));
    }
    if (ips.length === 1 && spec.ipFamilyPolicy !== 'SingleStack') {
      errs.push(
        invalid(
          index('spec.clusterIPs', 0),
          ips,
          "`ipFamilyPolicy` must be set to 'SingleStack' when releasing the secondary clusterIP",
        ),
      );
    }
  } else if (oldIPs.length > 0 && ips[0] !== oldIPs[0]) {
    errs.push(changed(0));
  }
  return errs;
}

/**
 * validateUpgradeDowngradeIPFamilies: the primary family never changes once set (ExternalName and
 * headless Services excepted); as Kubernetes prints it, some texts show clusterIPs as the value.
 */
export function validateIPFamiliesUpdate(spec: ServiceSpec, old: ServiceSpec): FieldError[] {
  if (spec.type === 'ExternalName' || old.type === 'ExternalName') return [];
  if (isHeadlessService(spec) || isHeadlessService(old)) return [];
  const families = spec.ipFamilies ?? [];
  const oldFamilies = old.ipFamilies ?? [];
  const path = index('spec.ipFamilies', 0);
  const errs: FieldError[] = [];
  if (oldFamilies.length === families.length) {
    oldFamilies.forEach((family, i) => {
      if (family !== families[i]) errs.push(invalid(path, families, 'may not change once set'));
    });
  } else if (oldFamilies.length > families.length) {
    if ((spec.clusterIPs ?? []).length === 0) {
      errs.push(invalid(path, families, 'primary ipFamily can not be unset'));
    }
    if (families.length > 0 && families[0] !== oldFamilies[0]) {
      errs.push(invalid(path, spec.clusterIPs, 'may not change once set'));
    }
    if (families.length === 1 && spec.ipFamilyPolicy !== 'SingleStack') {
      const detail = "must be set to 'SingleStack' when releasing the secondary ipFamily";
      errs.push(invalid('spec.ipFamilyPolicy', spec.ipFamilyPolicy, detail));
    }
  } else if (oldFamilies.length > 0 && families.length > 0 && families[0] !== oldFamilies[0]) {
    errs.push(invalid(path, spec.clusterIPs, 'may not change once set'));
  }
  return errs;
}
