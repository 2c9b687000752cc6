// kubectl-style text tables for Accept: text/plain, with the NAMESPACE column of `-A`.
import type { KubeObject } from '../domain/objects';
import { renderTable, type Table } from '../domain/printers/table';
import { tableForKind } from '../domain/printers/resources';
import type { ResourceType } from '../domain/resources';

/** The `kubectl get` text for `items`; `allNamespaces` adds NAMESPACE as kubectl -A does. */
export function renderTableText(
  type: ResourceType,
  items: KubeObject[],
  now: Date,
  wide: boolean,
  allNamespaces: boolean,
  namespace?: string,
): string {
  if (items.length === 0) {
    return type.namespaced && !allNamespaces
      ? `No resources found in ${namespace ?? 'default'} namespace.\n`
      : 'No resources found\n';
  }
  const table: Table = tableForKind(type.kind, items as never, now);
  if (!allNamespaces || !type.namespaced) return renderTable(table, { wide });
  return renderTable(
    {
      ...table,
      columns: [
        { name: 'Namespace', type: 'string', description: 'namespace', priority: 0 },
        ...table.columns,
      ],
      rows: table.rows.map((r) => ({
        ...r,
        cells: [r.object.metadata?.namespace ?? '', ...r.cells],
      })),
    },
    { wide },
  );
}
