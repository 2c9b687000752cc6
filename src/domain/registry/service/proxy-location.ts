// Where kube-apiserver's services/<id>/proxy subresource sends a request: the Service port an
// id names and one ready endpoint address behind it (ResourceLocation in kubernetes
// pkg/registry/core/service/storage/storage.go), with the errors it answers on the way.
import type { Endpoints } from '../../../schema/kube/core';
import type { Service } from '../../../schema/kube/service';
import { ApiError, badRequest } from '../../apimachinery/errors';

export interface ProxyTarget {
  scheme: '' | 'http' | 'https';
  ip: string;
  port: number;
  /** The Service port the id named (by name, or the name of the port a number named). */
  portName: string;
}

/** `name`, `name:port` or `scheme:name:port` (net.SplitSchemeNamePort); else 400. */
export function parseProxyId(id: string): {
  scheme: ProxyTarget['scheme'];
  name: string;
  port: string;
} {
  const parts = id.split(':');
  let scheme = '';
  let name = '';
  let port = '';
  if (parts.length === 1) [name] = parts as [string];
  else if (parts.length === 2) [name, port] = parts as [string, string];
  else if (parts.length === 3) [scheme, name, port] = parts as [string, string, string];
  const valid = name !== '' && (scheme === '' || scheme === 'http' || scheme === 'https');
  if (!valid || parts.length > 3) throw badRequest(`invalid service request "${id}"`);
  return { scheme: scheme as ProxyTarget['scheme'], name, port };
}

export function serviceUnavailable(message: string): ApiError {
  return new ApiError(503, 'ServiceUnavailable', message);
}

/**
 * The endpoint a proxy request for `id` reaches. A port number must be one of the Service's
 * ports; a name (or no port, the unnamed port) must be a port of a subset with addresses.
 * Addresses are taken in order where kube-apiserver starts at a random one.
 */
export function resolveServiceProxy(
  id: string,
  service: Pick<Service, 'spec'>,
  endpoints: Pick<Endpoints, 'subsets'>,
): ProxyTarget {
  const { scheme, name, port } = parseProxyId(id);
  let portName = port;
  if (/^\d+$/.test(port)) {
    const number = Number(port);
    const declared = (service.spec?.ports ?? []).find((p) => p.port === number);
    if (!declared) {
      throw serviceUnavailable(`no service port ${number} found for service "${name}"`);
    }
    portName = declared.name ?? '';
  }
  const subsets = endpoints.subsets ?? [];
  if (subsets.length === 0)
    throw serviceUnavailable(`no endpoints available for service "${name}"`);
  for (const subset of subsets) {
    const address = subset.addresses?.[0];
    const match = (subset.ports ?? []).find((p) => (p.name ?? '') === portName);
    if (address && match) return { scheme, ip: address.ip, port: match.port, portName };
  }
  throw serviceUnavailable(`no endpoints available for service "${id}"`);
}
