// Tables for Deployments and ReplicaSets (kubernetes pkg/printers/internalversion).
import type { Container } from '../../schema/kube/pod';
import type { LabelSelector } from '../../schema/kube/meta';
import type { Deployment, ReplicaSet } from '../../schema/kube/workloads';
import { ageCell, ageColumn, column, nameColumn, row, type Table, type TableColumn } from './table';

const templateColumns: TableColumn[] = [
  column('Containers', 'string', 'Names of each container in the template.', 1),
  column('Images', 'string', 'Images referenced by each container in the template.', 1),
];

/** NAME READY UP-TO-DATE AVAILABLE AGE, wide adds CONTAINERS IMAGES SELECTOR; READY is `ready/desired`. */
export function deploymentTable(deployments: readonly Deployment[], now: Date): Table {
  return {
    columns: [
      nameColumn,
      column('Ready', 'string', 'Number of the pod with ready state'),
      column(
        'Up-to-date',
        'integer',
        'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
      ),
      column(
        'Available',
        'integer',
        'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
      ),
      ageColumn,
      ...templateColumns,
      column('Selector', 'string', 'Label selector for pods.', 1),
    ],
    rows: deployments.map((d) => {
      const status = d.status ?? {};
      const [names, images] = containerCells(d.spec?.template?.spec?.containers);
      return row(d, [
        d.metadata.name ?? '',
        `${status.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`,
        status.updatedReplicas ?? 0,
        status.availableReplicas ?? 0,
        ageCell(d, now),
        names,
        images,
        selectorString(d.spec?.selector) ?? '<invalid>',
      ]);
    }),
  };
}

/** NAME DESIRED CURRENT READY AGE, wide adds CONTAINERS IMAGES SELECTOR. */
export function replicaSetTable(replicaSets: readonly ReplicaSet[], now: Date): Table {
  return {
    columns: [
      nameColumn,
      column('Desired', 'integer', 'Replicas is the number of desired pods.'),
      column(
        'Current',
        'integer',
        'Replicas is the most recently observed number of non-terminating pods.',
      ),
      column(
        'Ready',
        'integer',
        'The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.',
      ),
      ageColumn,
      ...templateColumns,
      column(
        'Selector',
        'string',
        'Selector is a label query over pods that should match the replica count.',
        1,
      ),
    ],
    rows: replicaSets.map((rs) => {
      const [names, images] = containerCells(rs.spec?.template?.spec?.containers);
      const selector = selectorString(rs.spec?.selector);
      return row(rs, [
        rs.metadata.name ?? '',
        rs.spec?.replicas ?? 1,
        rs.status?.replicas ?? 0,
        rs.status?.readyReplicas ?? 0,
        ageCell(rs, now),
        names,
        images,
        selector === undefined ? '<error>' : selector || '<none>',
      ]);
    }),
  };
}

/** Container names and images, each comma-joined in container order. */
function containerCells(containers: readonly Container[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image ?? '').join(',')];
}

/**
 * A label selector as labels.Selector prints it: requirements sorted by key, `k=v`, `k in (a,b)`,
 * `k notin (a,b)`, `k`, `!k`; empty for an empty selector; undefined for an unknown operator.
 */
export function selectorString(selector: LabelSelector | undefined): string | undefined {
  const parts: [string, string][] = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => [
    k,
    `${k}=${v}`,
  ]);
  for (const e of selector?.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    const text =
      e.operator === 'In'
        ? `${e.key} in (${values})`
        : e.operator === 'NotIn'
          ? `${e.key} notin (${values})`
          : e.operator === 'Exists'
            ? e.key
            : e.operator === 'DoesNotExist'
              ? `!${e.key}`
              : undefined;
    if (text === undefined) return undefined;
    parts.push([e.key, text]);
  }
  return parts
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, text]) => text)
    .join(',');
}
