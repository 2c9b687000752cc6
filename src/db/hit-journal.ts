// Node's hits as a journal: each group commit appends one row, every lab's counts in it as a JSON
// array, at the end of hit_journal, and once committed keeps them in memory; a fold sums them and
// upserts the sums into `hits` and empties the journal, before anything reads or changes hits and
// whenever FOLD_HITS counts wait. A commit of 16 requests spread over 16 labs then writes one row
// on the table's last page, where upserting `hits` rewrote two pages per lab (bench/'s many-labs
// case). The journal is read back only after a crash, when the file is opened again.
import type Database from 'better-sqlite3';
import type { HitRow } from '../cluster/store';

/** Counts waiting that trigger a fold: a bound on the journal and the sums. */
const FOLD_HITS = 50_000;

/** A commit's counts: the lab and its hit row, in the order they were routed. */
export type LabHits = readonly (readonly [string, HitRow])[];

/**
 * The columns of `hits`, in the order a journal entry holds their values: the primary key's
 * (migrations/0002), then `pod_ip` and `count`.
 */
const COLUMNS = ['lab_id', 'namespace', 'service', 'pod', 'node', 'entry_node', 'pod_ip', 'count'];
const FIELDS = COLUMNS.slice(0, -1);
const KEY = COLUMNS.length - 2;
const INTO = `INSERT INTO hits (${COLUMNS.join(', ')})`;
const ADD = 'ON CONFLICT DO UPDATE SET count = count + excluded.count, pod_ip = excluded.pod_ip';

/** A journal entry: the values of COLUMNS. */
type Entry = [...string[], number];

/** What `append` wrote of a commit's counts, its entries (the sums take them over). */
export type JournalRow = readonly Entry[];
const entry = (labId: string, h: HitRow): Entry => [
  labId,
  h.namespace,
  h.service,
  h.pod,
  h.node,
  h.entryNode,
  h.podIp,
  h.count,
];

const UPSERT = `${INTO} VALUES (${COLUMNS.map(() => '?').join(', ')}) ${ADD}`;

// What a crash left: summed per pod (grouped by the first six, the key), pod_ip from the newest
// entry (SQLite takes a bare column from max()'s row), as the upsert per commit kept the last one.
// `WHERE true` lets ON CONFLICT follow a SELECT.
const RECOVER = `${INTO}
  SELECT ${FIELDS.join(', ')}, total FROM (
    SELECT ${FIELDS.map((c, i) => `json_extract(e.value, '$[${i}]') AS ${c}`).join(', ')},
      max(j.id * 1000000 + e.key), sum(json_extract(e.value, '$[${FIELDS.length}]')) AS total
    FROM hit_journal AS j, json_each(j.hits) AS e
    GROUP BY 1, 2, 3, 4, 5, 6
  ) WHERE true
  ${ADD}`;

/** The index of `pod` in an entry: the key column a lab's sums are found by. */
const POD = COLUMNS.indexOf('pod');

/** Whether two entries of one lab have the same key (the lab's column is not compared). */
function sameKey(a: Entry, b: Entry): boolean {
  for (let i = 1; i < KEY; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Sorts entries by key: JavaScript's order of strings, SQLite's for all but astral characters. */
function keyBefore(a: Entry, b: Entry): number {
  for (let i = 0; i < KEY; i++)
    if (a[i] !== b[i]) return (a[i] as string) < (b[i] as string) ? -1 : 1;
  return 0;
}

/**
 * Counts summed per key as a fold adds them up: a Map of labs, in each a Map of pods, in each the
 * pod's few keys (one per service and entry node that reached it), compared column by column. A
 * row's strings are those its route plan shares, so the comparisons find identical strings and
 * adding a row builds no key string.
 */
class Sums {
  private readonly labs = new Map<string, Map<string, Entry[]>>();

  /** Adds `e`'s count to its key's sum, whose pod IP becomes `e`'s (the newest). */
  add(e: Entry): void {
    const lab = e[0] as string;
    const pod = e[POD] as string;
    let pods = this.labs.get(lab);
    if (!pods) this.labs.set(lab, (pods = new Map()));
    const keys = pods.get(pod);
    if (!keys) {
      pods.set(pod, [e]);
      return;
    }
    for (const sum of keys) {
      if (sameKey(sum, e)) {
        sum[KEY] = e[KEY]!;
        (sum[KEY + 1] as number) += e[KEY + 1] as number;
        return;
      }
    }
    keys.push(e);
  }

  /** The sums in the primary key's order, so the fold's upserts walk the `hits` index in order. */
  inKeyOrder(): Entry[] {
    const all: Entry[] = [];
    for (const pods of this.labs.values()) for (const keys of pods.values()) all.push(...keys);
    return all.sort(keyBefore);
  }
}

export class HitJournal {
  private readonly appendRow: Database.Statement;
  private readonly landing: Database.Transaction<(sums: Iterable<Entry>) => void>;
  /**
   * Committed rows not yet in `hits`, summed only when they land: spread over a class, adding
   * each commit's counts to its lab's cold sums as it came cost a request about 9 L2 misses more
   * than into one lab (`npm run bench:misses`); one pass at the fold finds each lab's sums warm.
   */
  private committedRows: JournalRow[] = [];
  private waiting = 0;

  constructor(sqlite: Database.Database) {
    this.appendRow = sqlite.prepare('INSERT INTO hit_journal (hits) VALUES (?)');
    const upsert = sqlite.prepare(UPSERT);
    const clear = sqlite.prepare('DELETE FROM hit_journal');
    this.landing = sqlite.transaction((sums: Iterable<Entry>) => {
      for (const e of sums) upsert.run(...e);
      clear.run();
    });
    sqlite.transaction(() => {
      sqlite.prepare(RECOVER).run();
      clear.run();
    })();
  }

  /**
   * Appends a commit's counts as one row; call inside the commit's transaction. Answers the
   * entries written, for `committed` once the transaction is stored.
   */
  append(hits: LabHits): JournalRow {
    if (!hits.length) return [];
    const entries = hits.map(([labId, h]) => entry(labId, h));
    this.appendRow.run(JSON.stringify(entries));
    return entries;
  }

  /** Once the commit that appended `row` is stored: keeps it for the sums, folds when due. */
  committed(row: JournalRow): void {
    if (!row.length) return;
    this.committedRows.push(row);
    this.waiting += row.length;
    if (this.waiting >= FOLD_HITS) this.land();
  }

  /** Writes the sums into `hits` and empties the journal, in one transaction. */
  land(): void {
    if (this.waiting === 0) return;
    const sums = new Sums();
    // In routing order, so the newest pod IP of a key is the one kept.
    for (const row of this.committedRows) for (const e of row) sums.add(e);
    this.landing.immediate(sums.inKeyOrder());
    this.committedRows = [];
    this.waiting = 0;
  }
}
