// The services/<id>/proxy subresource (`kubectl cluster-info` prints its URL for CoreDNS), as
// kube-apiserver answers it: the id parsed, the Service port and an endpoint picked, then the
// request forwarded to that endpoint. NodePort Lab does not forward to pods yet (issue 15): today
// it answers what a cluster answers for ports that speak no HTTP (kube-dns's DNS ports) and a
// clear 503 for the rest. The errors before that point are kube-apiserver's own.
import { Hono, type Context } from 'hono';
import type { ClusterState } from '../../domain/lab/cluster-state';
import { notFound } from '../../domain/apimachinery/errors';
import { typeOf } from '../../domain/apimachinery/resources';
import { findServed } from '../../domain/registry/served-objects';
import {
  parseProxyId,
  resolveServiceProxy,
  serviceUnavailable,
  type ProxyTarget,
} from '../../domain/registry/service/proxy-location';
import type { Endpoints } from '../../schema/kube/core';
import type { Service } from '../../schema/kube/service';
import type { AppEnv } from '../context';

type Ctx = Context<AppEnv>;

/**
 * The cluster DNS Service. Its CoreDNS pods are not objects of the lab (the lab answers DNS
 * itself), so the proxy sees the endpoints they would give it: one address with every port.
 */
const CLUSTER_DNS = { namespace: 'kube-system', name: 'kube-dns', podIP: '10.244.0.2' };

/**
 * Ports whose servers speak no HTTP. CoreDNS reads the proxied HTTP request as a DNS message
 * over TCP and drops the connection, so the proxy's round trip ends in EOF.
 */
function speaksNoHttp(namespace: string, service: string, target: ProxyTarget): string | undefined {
  const dns = namespace === CLUSTER_DNS.namespace && service === CLUSTER_DNS.name;
  return dns && target.port === 53 ? 'EOF' : undefined;
}

function clusterDnsEndpoints(service: Service): Pick<Endpoints, 'subsets'> {
  const ports = (service.spec?.ports ?? []).map((p) => ({
    ...(p.name ? { name: p.name } : {}),
    port: typeof p.targetPort === 'number' ? p.targetPort : p.port,
    protocol: p.protocol ?? 'TCP',
  }));
  return { subsets: [{ addresses: [{ ip: CLUSTER_DNS.podIP }], ports }] };
}

function endpointsOf(state: ClusterState, namespace: string, service: Service, now: Date) {
  if (namespace === CLUSTER_DNS.namespace && service.metadata.name === CLUSTER_DNS.name) {
    return clusterDnsEndpoints(service);
  }
  const found = findServed(state, 'Endpoints', namespace, service.metadata.name ?? '', now);
  return found as unknown as Endpoints | undefined;
}

async function proxy(c: Ctx): Promise<Response> {
  const namespace = c.req.param('ns') ?? '';
  const id = c.req.param('name') ?? '';
  const { name, port } = parseProxyId(id);
  const state = await c.var.cluster.state(c.var.labId);
  const now = c.var.cluster.labNow(state.settings);
  const service = findServed(state, 'Service', namespace, name, now) as unknown as
    Service | undefined;
  // A port number is looked up on the Service, anything else on its Endpoints first.
  if (!service) throw notFound(typeOf(/^\d+$/.test(port) ? 'Service' : 'Endpoints'), name);
  const endpoints = endpointsOf(state, namespace, service, now);
  if (!endpoints) throw notFound(typeOf('Endpoints'), name);
  const target = resolveServiceProxy(id, service, endpoints);
  const noHttp = speaksNoHttp(namespace, name, target);
  if (noHttp) throw serviceUnavailable(`error trying to reach service: ${noHttp}`);
  throw serviceUnavailable(
    `error trying to reach service: NodePort Lab does not forward proxy requests yet (to ${target.ip}:${target.port})`,
  );
}

/** `:name` is the proxy id: `name`, `name:port` or `scheme:name:port`. */
const PROXY = '/api/v1/namespaces/:ns/services/:name/proxy';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export const serviceProxyRoutes = new Hono<AppEnv>()
  .on(METHODS, PROXY, proxy)
  .on(METHODS, `${PROXY}/*`, proxy);
