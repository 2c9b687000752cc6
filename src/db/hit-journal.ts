// Node's hits as a journal: each group commit appends one row, every lab's counts in it as a JSON
// array, at the end of hit_journal, and once committed adds them to sums kept in memory; a fold
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

/** The columns of `hits`, in the order a journal entry holds their values; `count` last. */
const COLUMNS = ['lab_id', 'namespace', 'service', 'pod', 'node', 'entry_node', 'pod_ip', 'count'];
const FIELDS = COLUMNS.slice(0, -1);
const INTO = `INSERT INTO hits (${COLUMNS.join(', ')})`;
const ADD = 'ON CONFLICT DO UPDATE SET count = count + excluded.count, pod_ip = excluded.pod_ip';

/** A journal entry: the values of COLUMNS. */
const entry = (labId: string, h: HitRow) =>
  [labId, h.namespace, h.service, h.pod, h.node, h.entryNode, h.podIp, h.count] as const;

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

export class HitJournal {
  private readonly appendRow: Database.Statement;
  private readonly landing: Database.Transaction<(sums: Iterable<[string, HitRow]>) => void>;
  /** Committed counts not yet in `hits`, commit by commit (summed at the fold). */
  private committedHits: LabHits[] = [];
  private waiting = 0;

  constructor(sqlite: Database.Database) {
    this.appendRow = sqlite.prepare('INSERT INTO hit_journal (hits) VALUES (?)');
    const upsert = sqlite.prepare(UPSERT);
    const clear = sqlite.prepare('DELETE FROM hit_journal');
    this.landing = sqlite.transaction((sums: Iterable<[string, HitRow]>) => {
      for (const [labId, h] of sums) upsert.run(...entry(labId, h));
      clear.run();
    });
    sqlite.transaction(() => {
      sqlite.prepare(RECOVER).run();
      clear.run();
    })();
  }

  /** Appends a commit's counts as one row; call inside the commit's transaction. */
  append(hits: LabHits): void {
    if (!hits.length) return;
    const entries = hits.map(([labId, h]) => entry(labId, h));
    this.appendRow.run(JSON.stringify(entries));
  }

  /** Once the commit that appended `hits` is stored: keeps them for the fold, folds when due. */
  committed(hits: LabHits): void {
    if (!hits.length) return;
    this.committedHits.push(hits);
    this.waiting += hits.length;
    if (this.waiting >= FOLD_HITS) this.land();
  }

  /** Writes the counts, summed per pod, into `hits` and empties the journal, in one transaction. */
  land(): void {
    if (this.waiting === 0) return;
    const sums = new Map<string, [string, HitRow]>();
    for (const hits of this.committedHits) {
      for (const [labId, h] of hits) {
        const key = `${labId}\n${h.namespace}\n${h.service}\n${h.pod}\n${h.node}\n${h.entryNode}`;
        const sum = sums.get(key);
        // The newest pod IP, as an upsert per commit kept the last one.
        sums.set(key, [labId, sum ? { ...h, count: sum[1].count + h.count } : h]);
      }
    }
    this.landing.immediate(sums.values());
    this.committedHits = [];
    this.waiting = 0;
  }
}
