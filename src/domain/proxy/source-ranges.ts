// loadBalancerSourceRanges as kube-proxy enforces it: only on traffic to the Service's
// load-balancer addresses (nodePorts are not subject to it), dropping sources outside the ranges
// (iptables: KUBE-FW-* passes them to KUBE-EXT-*, KUBE-PROXY-FIREWALL drops the rest).
import type { Service } from '../../schema/kube/service';
import { cidrContains } from '../apimachinery/cidr';
import { hasOwn } from '../apimachinery/own-property';
import { SOURCE_RANGES_ANNOTATION } from '../registry/service/load-balancer';
import { iptablesServiceChain } from './chain-names';
import type { ProxyMode } from './types';

/** The ranges kube-proxy filters by: the spec field, else the annotation (comma-separated). */
export function sourceRangesOf(service: Service): string[] {
  const spec = (service.spec?.loadBalancerSourceRanges ?? []).map((r) => r.trim());
  if (spec.length > 0) return spec;
  const annotations = service.metadata?.annotations;
  if (!annotations || !hasOwn(annotations, SOURCE_RANGES_ANNOTATION)) return [];
  const text = annotations[SOURCE_RANGES_ANNOTATION] ?? '';
  return text
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
}

/**
 * Why kube-proxy drops a connection from `sourceIp` to the Service's load-balancer address, or
 * undefined when the Service has no ranges or one of them holds the source.
 */
export function sourceRangeDrop(
  service: Service,
  port: { name?: string; protocol?: string },
  sourceIp: string,
  mode: ProxyMode,
): string | undefined {
  const ranges = sourceRangesOf(service);
  if (ranges.length === 0 || ranges.some((r) => cidrContains(r, sourceIp))) return undefined;
  const id = {
    namespace: service.metadata?.namespace ?? 'default',
    name: service.metadata?.name ?? '',
  };
  const filter =
    mode === 'iptables'
      ? `its firewall chain ${iptablesServiceChain('KUBE-FW-', port.name ? { ...id, portName: port.name } : id, port.protocol ?? 'TCP')}`
      : 'its loadBalancerSourceRanges filter';
  return (
    `kube-proxy dropped it with ${filter}: ${sourceIp} is not in loadBalancerSourceRanges of ` +
    `service ${id.namespace}/${id.name} (${ranges.join(', ')})`
  );
}
