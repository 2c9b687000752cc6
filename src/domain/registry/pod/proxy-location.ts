// Where kube-apiserver's pods/<id>/proxy subresource sends a request (ResourceLocation in
// kubernetes pkg/registry/core/pod/strategy.go): the pod's first IP and the port the id names,
// else the first declared containerPort, else the scheme's default port.
import type { Pod } from '../../../schema/kube/pod';
import { badRequest } from '../../apimachinery/errors';
import { serviceUnavailable, type ProxyTarget } from '../service/proxy-location';

/** `name`, `name:port` or `scheme:name:port` (net.SplitSchemeNamePort); else 400. */
export function parsePodProxyId(id: string): {
  scheme: ProxyTarget['scheme'];
  name: string;
  port: string;
} {
  const parts = id.split(':');
  const [scheme, name, port] =
    parts.length === 3 ? parts : parts.length === 2 ? ['', ...parts] : ['', parts[0], ''];
  const valid = name !== '' && (scheme === '' || scheme === 'http' || scheme === 'https');
  if (!valid || parts.length > 3) throw badRequest(`invalid pod request "${id}"`);
  return { scheme: scheme as ProxyTarget['scheme'], name: name ?? '', port: port ?? '' };
}

/** Service names Go's resolver knows without /etc/services, for a port given by name. */
const WELL_KNOWN_PORTS: Readonly<Record<string, number>> = Object.freeze({ http: 80, https: 443 });

/**
 * The address a proxy request for pod `id` is sent to. A pod without an IP (not yet running)
 * is refused as kube-apiserver refuses it (400 `address not allowed`); a port name other than
 * a well-known service fails in the dial, as Go's resolver fails it.
 */
export function resolvePodProxy(id: string, pod: Pick<Pod, 'spec' | 'status'>): ProxyTarget {
  const { scheme, port } = parsePodProxyId(id);
  const ip = pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP ?? '';
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) throw badRequest('address not allowed');
  let text = port;
  if (text === '') {
    const declared = (pod.spec?.containers ?? []).find((c) => (c.ports ?? []).length > 0);
    text = String(declared?.ports?.[0]?.containerPort ?? '');
  }
  if (text === '') text = scheme === 'https' ? '443' : '80';
  const number = /^\d+$/.test(text)
    ? Number(text)
    : Object.hasOwn(WELL_KNOWN_PORTS, text)
      ? WELL_KNOWN_PORTS[text]
      : undefined;
  if (number === undefined || number < 1 || number > 65535) {
    const problem =
      number === undefined ? `lookup tcp/${text}: unknown port` : `address ${text}: invalid port`;
    throw serviceUnavailable(`error trying to reach service: dial tcp: ${problem}`);
  }
  return { scheme, ips: [ip], port: number, portName: port };
}
