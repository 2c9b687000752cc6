// A plan's row inserts as SQL text and parameters, for the stores that run SQL themselves
// (better-sqlite3 on Node, a Durable Object's SQLite). drizzle's builder costs about 10 µs a row
// (a third of an echo apply's commit); these texts are drizzle's own, made once per row count,
// and a test holds the two to the same SQL and parameters.

/** SQL text and its parameters, run by SqliteStore and DurableStore alike (`toSQL` as drizzle's). */
export class RawStatement {
  constructor(
    readonly sql: string,
    readonly params: readonly unknown[],
  ) {}

  toSQL(): { sql: string; params: unknown[] } {
    return { sql: this.sql, params: [...this.params] };
  }
}

const texts = new Map<string, string>();

/** `insert into "table" (...) values (...), ...` for `rows` rows, made once per shape. */
function insertText(table: string, columns: readonly string[], rows: number, tail: string): string {
  const key = `${table}/${rows}`;
  let text = texts.get(key);
  if (text === undefined) {
    const row = `(${columns.map((c) => (c === 'id' ? 'null' : '?')).join(', ')})`;
    const names = columns.map((c) => `"${c}"`).join(', ');
    text = `insert into "${table}" (${names}) values ${Array(rows).fill(row).join(', ')}${tail}`;
    texts.set(key, text);
  }
  return text;
}

export interface ObjectRowValues {
  labId: string;
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: number;
  body: string;
}

const OBJECT_COLUMNS = ['lab_id', 'kind', 'namespace', 'name', 'uid', 'resource_version', 'body'];
const OBJECT_CONFLICT =
  ' on conflict ("objects"."lab_id", "objects"."kind", "objects"."namespace", "objects"."name") do update set "uid" = excluded.uid, "resource_version" = excluded.resource_version, "body" = excluded.body';

/** Upserts `rows` into objects, a later row of a key updating an earlier one. */
export function objectUpserts(rows: readonly ObjectRowValues[]): RawStatement {
  const params = rows.flatMap((r) => [
    r.labId,
    r.kind,
    r.namespace,
    r.name,
    r.uid,
    r.resourceVersion,
    r.body,
  ]);
  return new RawStatement(
    insertText('objects', OBJECT_COLUMNS, rows.length, OBJECT_CONFLICT),
    params,
  );
}

export interface LogRowValues {
  labId: string;
  namespace: string;
  pod: string;
  container: string;
  run: string;
  time: number;
  line: string;
  count: number;
  times: string | null;
}

const LOG_COLUMNS = [
  'id',
  'lab_id',
  'namespace',
  'pod',
  'container',
  'run',
  'time',
  'line',
  'count',
  'times',
];

/** Appends `rows` to container_logs (ids from the rowid, in row order). */
export function logInserts(rows: readonly LogRowValues[]): RawStatement {
  const params = rows.flatMap((r) => [
    r.labId,
    r.namespace,
    r.pod,
    r.container,
    r.run,
    r.time,
    r.line,
    r.count,
    r.times,
  ]);
  return new RawStatement(insertText('container_logs', LOG_COLUMNS, rows.length, ''), params);
}
