// kubectl-style text tables for Accept: text/plain, with the NAMESPACE column of `-A`.
import type { KubeObject } from '../../domain/apimachinery/objects';
import { renderTable, type Table } from '../../domain/printers/table';
import { tableForKind } from '../../domain/printers/resources';
import type { ResourceType } from '../../domain/apimachinery/resources';

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

const TABLE_VERSIONS = ['v1', 'v1beta1'] as const;
type TableVersion = (typeof TABLE_VERSIONS)[number];

/**
 * The meta.k8s.io Table version the Accept header asks for (`application/json;as=Table;v=v1;
 * g=meta.k8s.io`, what `kubectl get` sends), or undefined for a plain answer.
 */
export function requestedTableVersion(accept: string | undefined): TableVersion | undefined {
  for (const part of (accept ?? '').split(',')) {
    const params = new Map(
      part
        .split(';')
        .slice(1)
        .map((p) => p.trim().split('=') as [string, string]),
    );
    const version = params.get('v') as TableVersion;
    if (params.get('as') === 'Table' && params.get('g') === 'meta.k8s.io') {
      if (TABLE_VERSIONS.includes(version)) return version;
    }
  }
  return undefined;
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/**
 * A meta.k8s.io Table for `items`, as kube-apiserver's table convertor answers: every column
 * (kubectl hides priority-1 ones unless `-o wide`), one row per object, each row carrying the
 * object as `includeObject` asks (PartialObjectMetadata by default).
 */
export function metaTable(
  type: ResourceType,
  items: KubeObject[],
  now: Date,
  options: { version: TableVersion; includeObject: IncludeObject; resourceVersion: string },
) {
  const table = tableForKind(type.kind, items as never, now);
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${options.version}`,
    metadata: { resourceVersion: options.resourceVersion },
    columnDefinitions: table.columns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.description,
      priority: c.priority,
    })),
    rows: table.rows.map((r, i) => ({
      cells: r.cells,
      ...(options.includeObject === 'None'
        ? {}
        : { object: options.includeObject === 'Object' ? items[i] : r.object }),
    })),
  };
}
