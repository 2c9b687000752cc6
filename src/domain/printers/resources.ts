// `kubectl get` tables per kind: the builders, and one dispatcher from a kind to its table.
import type { ObjectMeta } from '../../schema/kube/meta';
import type { ConfigMap, Endpoints, Namespace, Node } from '../../schema/kube/core';
import type { Pod } from '../../schema/kube/pod';
import type { Service } from '../../schema/kube/service';
import type { NetworkPolicy } from '../../schema/kube/networking';
import type { Deployment, ReplicaSet } from '../../schema/kube/workloads';
import { configMapTable, endpointsTable, namespaceTable, serviceTable } from './core-tables';
import {
  endpointSliceTable,
  eventTable,
  leaseTable,
  type EndpointSliceLike,
  type EventLike,
  type LeaseLike,
} from './derived-tables';
import { networkPolicyTable } from './network-policy-table';
import { nodeTable } from './node-table';
import { podTable } from './pod-table';
import { column, nameColumn, row, type Table } from './table';
import { deploymentTable, replicaSetTable } from './workload-tables';

export { configMapTable, endpointsTable, namespaceTable, serviceTable } from './core-tables';
export { endpointSliceTable, eventTable, leaseTable } from './derived-tables';
export { networkPolicyTable } from './network-policy-table';
export { nodeTable } from './node-table';
export { podTable } from './pod-table';
export { deploymentTable, replicaSetTable } from './workload-tables';

/** Any stored object the tables know how to print. */
export type PrintableObject =
  | Service
  | Pod
  | Node
  | Endpoints
  | Deployment
  | ReplicaSet
  | ConfigMap
  | Namespace
  | { kind?: string; metadata: ObjectMeta };

/**
 * The table for `objects`, all of `kind`; kinds without a printer get Kubernetes' default table
 * (NAME and CREATED AT), as kube-apiserver's DefaultTableConvertor does.
 */
export function tableForKind(kind: string, objects: readonly PrintableObject[], now: Date): Table {
  switch (kind) {
    case 'Service':
      return serviceTable(objects as readonly Service[], now);
    case 'Pod':
      return podTable(objects as readonly Pod[], now);
    case 'Node':
      return nodeTable(objects as readonly Node[], now);
    case 'Endpoints':
      return endpointsTable(objects as readonly Endpoints[], now);
    case 'Deployment':
      return deploymentTable(objects as readonly Deployment[], now);
    case 'ReplicaSet':
      return replicaSetTable(objects as readonly ReplicaSet[], now);
    case 'ConfigMap':
      return configMapTable(objects as readonly ConfigMap[], now);
    case 'Namespace':
      return namespaceTable(objects as readonly Namespace[], now);
    case 'EndpointSlice':
      return endpointSliceTable(objects as readonly EndpointSliceLike[], now);
    case 'Event':
      return eventTable(objects as readonly EventLike[], now);
    case 'Lease':
      return leaseTable(objects as readonly LeaseLike[], now);
    case 'NetworkPolicy':
      return networkPolicyTable(objects as readonly NetworkPolicy[], now);
    default:
      return defaultTable(objects);
  }
}

/** NAME and CREATED AT (an RFC 3339 `date` cell), for kinds without a dedicated printer. */
export function defaultTable(objects: readonly { metadata: ObjectMeta }[]): Table {
  return {
    columns: [
      nameColumn,
      column(
        'Created At',
        'date',
        'CreationTimestamp is a timestamp representing the server time when this object was created.',
      ),
    ],
    rows: objects.map((obj) =>
      row(obj, [obj.metadata.name ?? '', rfc3339(obj.metadata.creationTimestamp)]),
    ),
  };
}

/** Go's time.RFC3339 in UTC, seconds precision; the zero time when unset, as Go prints it. */
function rfc3339(timestamp: string | null | undefined): string {
  const ms = timestamp ? Date.parse(timestamp) : NaN;
  if (Number.isNaN(ms)) return '0001-01-01T00:00:00Z';
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
