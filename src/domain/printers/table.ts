// Tables as kube-apiserver returns them for `kubectl get` (meta.k8s.io/v1 Table) and their
// rendering as kubectl prints them. Rows always carry every cell; `wide` decides what is shown.
import type { ObjectMeta } from '../../schema/kube/meta';
import { ageSince } from './age';

export interface TableColumn {
  /** Title case as Kubernetes names it (`Cluster-IP`); kubectl prints it upper-cased. */
  name: string;
  type: 'string' | 'integer' | 'date';
  format?: string;
  description: string;
  /** 0: always shown; 1: only with `-o wide`. */
  priority: 0 | 1;
}

/** The row's object as PartialObjectMetadata (the `includeObject=Metadata` form). */
export interface TableRowObject {
  kind: 'PartialObjectMetadata';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ObjectMeta;
}

export interface TableRow {
  /** One cell per column, in column order. */
  cells: (string | number)[];
  object: TableRowObject;
}

export interface Table {
  columns: TableColumn[];
  rows: TableRow[];
}

export interface RenderOptions {
  wide: boolean;
  noHeaders?: boolean;
}

/** kubectl's tabwriter settings: cells padded by 3, every column at least 6 wide. */
const PADDING = 3;
const MIN_WIDTH = 6;

/**
 * Renders like kubectl: upper-cased headers, left-aligned columns as wide as their widest cell plus
 * 3 spaces (at least 6), the last column unpadded, no trailing spaces, a newline after every line.
 * Priority-1 columns appear only when `wide`. No rows and no headers renders as the empty string.
 */
export function renderTable(table: Table, options: RenderOptions): string {
  const shown = table.columns.flatMap((column, i) =>
    options.wide || column.priority === 0 ? [i] : [],
  );
  const lines: string[][] = [];
  if (!options.noHeaders)
    lines.push(shown.map((i) => (table.columns[i]?.name ?? '').toUpperCase()));
  for (const row of table.rows) lines.push(shown.map((i) => String(row.cells[i] ?? '')));
  if (lines.length === 0) return '';
  const widths = shown.map((_, c) =>
    Math.max(MIN_WIDTH, ...lines.map((line) => textWidth(line[c] ?? '') + PADDING)),
  );
  return lines
    .map((line) =>
      line
        .map((cell, c) =>
          c === line.length - 1 ? cell : cell + ' '.repeat((widths[c] ?? 0) - textWidth(cell)),
        )
        .join('')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}

/** Width in code points, as Go's tabwriter counts runes. */
function textWidth(text: string): number {
  return Array.from(text).length;
}

/** The Name column every resource table starts with. */
export const nameColumn: TableColumn = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description:
    'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated.',
  priority: 0,
};

/** The Age column: its cells are kubectl's human durations since creationTimestamp. */
export const ageColumn: TableColumn = {
  name: 'Age',
  type: 'string',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.',
  priority: 0,
};

/** A column definition in one line: `column('Type', 'string', 'The type of ...')`. */
export function column(
  name: string,
  type: TableColumn['type'],
  description: string,
  priority: 0 | 1 = 0,
): TableColumn {
  return { name, type, description, priority };
}

/** A row for `obj` whose object is its metadata. */
export function row(obj: { metadata: ObjectMeta }, cells: (string | number)[]): TableRow {
  return {
    cells,
    object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata },
  };
}

/** The AGE cell of `obj` at `now`. */
export function ageCell(obj: { metadata: ObjectMeta }, now: Date): string {
  return ageSince(obj.metadata.creationTimestamp, now);
}

/** `k=v` pairs sorted by key and comma-joined, or `<none>` (labels.FormatLabels). */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels?.[k] ?? ''}`).join(',');
}
