// Tables for Services, Endpoints, ConfigMaps and Namespaces (kubernetes pkg/printers/internalversion).
import type { ConfigMap, Endpoints, Namespace } from '../../schema/kube/core';
import type { Service } from '../../schema/kube/service';
import { ageCell, ageColumn, column, formatLabels, nameColumn, row, type Table } from './table';

/** NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, wide adds SELECTOR; one row per service, in order. */
export function serviceTable(services: readonly Service[], now: Date): Table {
  return {
    columns: [
      nameColumn,
      column('Type', 'string', 'type determines how the Service is exposed.'),
      column('Cluster-IP', 'string', 'clusterIP is the IP address of the service.'),
      column(
        'External-IP',
        'string',
        'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.',
      ),
      column('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
      ageColumn,
      column(
        'Selector',
        'string',
        'Route service traffic to pods with label keys and values matching this selector.',
        1,
      ),
    ],
    rows: services.map((svc) => {
      const spec = svc.spec ?? {};
      const clusterIP = spec.clusterIPs?.[0] || spec.clusterIP || '<none>';
      return row(svc, [
        svc.metadata.name ?? '',
        spec.type ?? 'ClusterIP',
        clusterIP,
        serviceExternalIP(svc),
        servicePorts(svc),
        ageCell(svc, now),
        formatLabels(spec.selector),
      ]);
    }),
  };
}

/** EXTERNAL-IP: externalIPs, LoadBalancer ingress (sorted, deduplicated) or `<pending>`, externalName. */
export function serviceExternalIP(svc: Service): string {
  const spec = svc.spec ?? {};
  const externalIPs = spec.externalIPs ?? [];
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const ingress = (svc.status?.loadBalancer?.ingress ?? []).flatMap((i) =>
        i.ip || i.hostname ? [i.ip || i.hostname || ''] : [],
      );
      const all = [...[...new Set(ingress)].sort(), ...externalIPs];
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** PORT(S): `80/TCP` or `80:31110/TCP`, comma-joined; `<none>` without ports. */
export function servicePorts(svc: Service): string {
  const ports = svc.spec?.ports ?? [];
  if (ports.length === 0) return '<none>';
  return ports
    .map((p) =>
      p.nodePort
        ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}`
        : `${p.port}/${p.protocol ?? 'TCP'}`,
    )
    .join(',');
}

/** NAME ENDPOINTS AGE. */
export function endpointsTable(endpoints: readonly Endpoints[], now: Date): Table {
  return {
    columns: [
      nameColumn,
      column('Endpoints', 'string', 'The set of all endpoints is the union of all subsets.'),
      ageColumn,
    ],
    rows: endpoints.map((ep) =>
      row(ep, [ep.metadata.name ?? '', formatEndpoints(ep), ageCell(ep, now)]),
    ),
  };
}

const MAX_ENDPOINTS_SHOWN = 3;

/** Up to 3 ready `ip:port` then ` + N more...`; `<none>` without subsets (kubectl's formatEndpoints). */
export function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const shown: string[] = [];
  let count = 0;
  for (const subset of subsets) {
    const ips = (subset.addresses ?? []).map((a) => a.ip);
    const ports = subset.ports ?? [];
    // Headless services without ports list bare IPs.
    const targets =
      ports.length === 0 ? ips : ports.flatMap((p) => ips.map((ip) => hostPort(ip, p.port)));
    count += targets.length;
    shown.push(...targets.slice(0, MAX_ENDPOINTS_SHOWN - shown.length));
  }
  const list = shown.join(',');
  return count > MAX_ENDPOINTS_SHOWN ? `${list} + ${count - MAX_ENDPOINTS_SHOWN} more...` : list;
}

function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** NAME DATA AGE; DATA counts data and binaryData keys. */
export function configMapTable(configMaps: readonly ConfigMap[], now: Date): Table {
  return {
    columns: [
      nameColumn,
      column('Data', 'integer', 'Data contains the configuration data.'),
      ageColumn,
    ],
    rows: configMaps.map((cm) =>
      row(cm, [
        cm.metadata.name ?? '',
        Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length,
        ageCell(cm, now),
      ]),
    ),
  };
}

/** NAME STATUS AGE; STATUS is the phase (`Active` when unset). */
export function namespaceTable(namespaces: readonly Namespace[], now: Date): Table {
  return {
    columns: [nameColumn, column('Status', 'string', 'The status of the namespace'), ageColumn],
    rows: namespaces.map((ns) =>
      row(ns, [ns.metadata.name ?? '', ns.status?.phase ?? 'Active', ageCell(ns, now)]),
    ),
  };
}
