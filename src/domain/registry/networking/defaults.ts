// NetworkPolicy defaults, as pkg/apis/networking/v1/defaults.go sets them: a port's protocol is
// TCP, and a policy without policyTypes is an Ingress policy, plus Egress when it has egress rules.
import type {
  NetworkPolicy,
  NetworkPolicyPort,
  NetworkPolicySpec,
} from '../../../schema/kube/networking';

const defaultPort = (p: NetworkPolicyPort): NetworkPolicyPort => ({ protocol: 'TCP', ...p });

/** The policy as kube-apiserver stores it: defaults applied, `podSelector` always present. */
export function defaultNetworkPolicy(np: NetworkPolicy): NetworkPolicy {
  const spec: NetworkPolicySpec = { ...np.spec, podSelector: np.spec?.podSelector ?? {} };
  if (spec.ingress) {
    spec.ingress = spec.ingress.map((r) =>
      r.ports ? { ...r, ports: r.ports.map(defaultPort) } : r,
    );
  }
  if (spec.egress) {
    spec.egress = spec.egress.map((r) => (r.ports ? { ...r, ports: r.ports.map(defaultPort) } : r));
  }
  if (!spec.policyTypes || spec.policyTypes.length === 0) {
    spec.policyTypes = (spec.egress?.length ?? 0) > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }
  return { ...np, spec };
}
