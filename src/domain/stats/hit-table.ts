// GET /hits as text (Accept: text/plain): one row per service and answering pod, laid out as
// kubectl lays out its tables, with the nodes the connections entered in the last column.
import { compareStrings } from '../apimachinery/objects';
import { renderTable, type Table, type TableColumn } from '../printers/table';

/** One stored hit count, as the table reads it. */
export interface HitTableRow {
  namespace: string;
  service: string;
  pod: string;
  node: string;
  entryNode: string;
  count: number;
}

const column = (name: string, description: string): TableColumn => ({
  name,
  type: 'string',
  description,
  priority: 0,
});

const COLUMNS: TableColumn[] = [
  column('Namespace', "The Service's namespace."),
  column('Service', 'The Service the connections were sent to.'),
  column('Pod', 'The pod that answered.'),
  column('Node', "The pod's node."),
  column('Hits', 'Connections the pod answered.'),
  column('Share', "The pod's part of the Service's hits."),
  column('Entry Nodes', 'The nodes the connections entered (node=hits), as the client chose them.'),
];

/** 0.5 -> "50%", 1/3 -> "33.3%": enough to compare with an even split at a glance. */
function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

/**
 * The table of `rows` (any order): rows sorted by namespace, service and pod; entry nodes by
 * name, an empty one (hits stored before entry nodes were recorded) shown as `unknown`.
 */
export function hitTable(rows: readonly HitTableRow[]): Table {
  const pods = new Map<string, { row: HitTableRow; hits: number; entries: Map<string, number> }>();
  const perService = new Map<string, number>();
  for (const r of rows) {
    const service = JSON.stringify([r.namespace, r.service]);
    const key = JSON.stringify([r.namespace, r.service, r.pod]);
    const p = pods.get(key) ?? { row: r, hits: 0, entries: new Map<string, number>() };
    p.hits += r.count;
    p.entries.set(r.entryNode, (p.entries.get(r.entryNode) ?? 0) + r.count);
    pods.set(key, p);
    perService.set(service, (perService.get(service) ?? 0) + r.count);
  }
  const sorted = [...pods.values()].sort(
    (a, b) =>
      compareStrings(a.row.namespace, b.row.namespace) ||
      compareStrings(a.row.service, b.row.service) ||
      compareStrings(a.row.pod, b.row.pod),
  );
  return {
    columns: COLUMNS,
    rows: sorted.map(({ row, hits, entries }) => {
      const total = perService.get(JSON.stringify([row.namespace, row.service])) ?? 0;
      const entered = [...entries]
        .sort(([a], [b]) => compareStrings(a, b))
        .map(([node, n]) => `${node || 'unknown'}=${n}`)
        .join(',');
      return {
        cells: [
          row.namespace,
          row.service,
          row.pod,
          row.node,
          hits,
          percent(hits / total),
          entered,
        ],
        object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: {} },
      };
    }),
  };
}

/** The text answer: the table, or kubectl's wording when there is nothing to show. */
export function renderHitTable(rows: readonly HitTableRow[]): string {
  if (rows.length === 0) return 'No hits recorded\n';
  return renderTable(hitTable(rows), { wide: false });
}
