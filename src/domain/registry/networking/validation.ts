// ValidateNetworkPolicy (pkg/apis/networking/validation/validation.go): the pod selector, each
// rule's ports then peers (ingress before egress), then policyTypes, with kube-apiserver's texts.
import {
  child,
  forbidden,
  formatValue,
  index,
  invalid,
  required,
  type FieldError,
} from '../../apimachinery/field-errors';
import { cidrWithin, parseCidr } from '../../apimachinery/cidr';
import { validateObjectMeta } from '../../apimachinery/names';
import { validateLabelSelector } from '../../apimachinery/selector-validation';
import { isValidPortName, isValidPortNum } from '../../apimachinery/string-formats';
import { isValidCIDR } from '../service/load-balancer';
import type {
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
} from '../../../schema/kube/networking';

const CIDR_DETAIL = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
// Listed in Go's order: field.NotSupported prints them as given (validation.go's literals).
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const POLICY_TYPES = ['Ingress', 'Egress'];

function notSupported(field: string, value: string, supported: string[]): FieldError {
  const list = supported.map((s) => JSON.stringify(s)).join(', ');
  const body = `Unsupported value: ${formatValue(value)}: supported values: ${list}`;
  return { type: 'FieldValueNotSupported', field, body };
}

function validatePort(port: NetworkPolicyPort, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const { protocol, port: p, endPort } = port;
  if (protocol !== undefined && !PROTOCOLS.includes(protocol)) {
    errs.push(notSupported(child(path, 'protocol'), protocol, PROTOCOLS));
  }
  const endPath = child(path, 'endPort');
  if (typeof p === 'number') {
    errs.push(...isValidPortNum(p).map((m) => invalid(child(path, 'port'), p, m)));
    if (endPort !== undefined) {
      if (endPort < p)
        errs.push(invalid(endPath, endPort, 'must be greater than or equal to `port`'));
      errs.push(...isValidPortNum(endPort).map((m) => invalid(endPath, endPort, m)));
    }
  } else if (typeof p === 'string') {
    if (endPort !== undefined) {
      errs.push(invalid(endPath, endPort, 'may not be specified when `port` is non-numeric'));
    }
    errs.push(...isValidPortName(p).map((m) => invalid(child(path, 'port'), p, m)));
  } else if (endPort !== undefined) {
    errs.push(invalid(endPath, endPort, 'may not be specified when `port` is not specified'));
  }
  return errs;
}

function validateIPBlock(block: { cidr: string; except?: string[] | undefined }, path: string) {
  const errs: FieldError[] = [];
  if (block.cidr === '') return [required(child(path, 'cidr'))];
  if (!isValidCIDR(block.cidr)) return [invalid(child(path, 'cidr'), block.cidr, CIDR_DETAIL)];
  const outer = parseCidr(block.cidr);
  (block.except ?? []).forEach((text, i) => {
    const at = index(child(path, 'except'), i);
    if (!isValidCIDR(text)) {
      errs.push(invalid(at, text, CIDR_DETAIL));
      return;
    }
    const inner = parseCidr(text);
    // A strict subset: inside the block and with a longer prefix.
    if (!outer || !inner || inner.bits <= outer.bits || !cidrWithin(inner, outer)) {
      errs.push(invalid(at, text, 'must be a strict subset of `cidr`'));
    }
  });
  return errs;
}

function validatePeer(peer: NetworkPolicyPeer, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let peers = 0;
  if (peer.podSelector) {
    peers++;
    errs.push(...validateLabelSelector(peer.podSelector, child(path, 'podSelector')));
  }
  if (peer.namespaceSelector) {
    peers++;
    errs.push(...validateLabelSelector(peer.namespaceSelector, child(path, 'namespaceSelector')));
  }
  if (peer.ipBlock) {
    peers++;
    errs.push(...validateIPBlock(peer.ipBlock, child(path, 'ipBlock')));
  }
  if (peers === 0) errs.push(required(path, 'must specify a peer'));
  else if (peers > 1 && peer.ipBlock) {
    errs.push(forbidden(path, 'may not specify both ipBlock and another peer'));
  }
  return errs;
}

function validateRules(
  rules: { ports?: NetworkPolicyPort[] | undefined; peers: NetworkPolicyPeer[] | undefined }[],
  path: string,
  peerField: 'from' | 'to',
): FieldError[] {
  return rules.flatMap((rule, i) => {
    const at = index(path, i);
    return [
      ...(rule.ports ?? []).flatMap((p, j) => validatePort(p, index(child(at, 'ports'), j))),
      ...(rule.peers ?? []).flatMap((p, j) => validatePeer(p, index(child(at, peerField), j))),
    ];
  });
}

/** Every problem with a (defaulted) NetworkPolicy, in kube-apiserver's order. */
export function validateNetworkPolicy(np: NetworkPolicy): FieldError[] {
  const errs = validateObjectMeta(np.metadata, 'metadata', 'dns1123subdomain');
  const spec = np.spec ?? {};
  errs.push(...validateLabelSelector(spec.podSelector, 'spec.podSelector'));
  const ingress = (spec.ingress ?? []).map((r) => ({ ports: r.ports, peers: r.from }));
  const egress = (spec.egress ?? []).map((r) => ({ ports: r.ports, peers: r.to }));
  errs.push(...validateRules(ingress, 'spec.ingress', 'from'));
  errs.push(...validateRules(egress, 'spec.egress', 'to'));
  const types = spec.policyTypes ?? [];
  if (types.length > POLICY_TYPES.length) {
    errs.push(invalid('spec.policyTypes', types, 'may not specify more than two policyTypes'));
    return errs;
  }
  types.forEach((t, i) => {
    if (!POLICY_TYPES.includes(t))
      errs.push(notSupported(index('spec.policyTypes', i), t, POLICY_TYPES));
  });
  return errs;
}
