// Node's hits as a journal: the group commit appends one row per commit, every lab's counts in it
// as a JSON array, at the end of hit_journal; the journal is folded into `hits` before anything
// reads or changes them, and whenever it holds FOLD_HITS counts. A commit of 16 requests spread
// over 16 labs then writes one row on the table's last page, where upserting `hits` rewrote two
// pages per lab (the many-labs case in bench/).
import type Database from 'better-sqlite3';
import type { HitRow } from '../cluster/store';

/** Counts appended that trigger a fold inside the appending transaction: a bound on the table. */
const FOLD_HITS = 50_000;

/** A journal entry: [lab, namespace, service, pod, node, entry node, pod IP, count]. */
const entry = (labId: string, h: HitRow) =>
  [labId, h.namespace, h.service, h.pod, h.node, h.entryNode, h.podIp, h.count] as const;

export function prepareHitJournal(sqlite: Database.Database) {
  const append = sqlite.prepare('INSERT INTO hit_journal (hits) VALUES (?)');
  // Summed per pod; pod_ip is the newest entry's (SQLite takes a bare column from max()'s row), as
  // an upsert per commit kept the last one. `WHERE true` lets ON CONFLICT follow a SELECT.
  const at = (i: number) => `json_extract(e.value, '$[${i}]')`;
  const fold = sqlite.prepare(
    `INSERT INTO hits (lab_id, namespace, service, pod, node, entry_node, pod_ip, count)
     SELECT lab_id, namespace, service, pod, node, entry_node, pod_ip, total FROM (
       SELECT ${at(0)} AS lab_id, ${at(1)} AS namespace, ${at(2)} AS service, ${at(3)} AS pod,
         ${at(4)} AS node, ${at(5)} AS entry_node, ${at(6)} AS pod_ip,
         max(j.id * 1000000 + e.key), sum(${at(7)}) AS total
       FROM hit_journal AS j, json_each(j.hits) AS e
       GROUP BY 1, 2, 3, 4, 5, 6
     ) WHERE true
     ON CONFLICT DO UPDATE SET count = count + excluded.count, pod_ip = excluded.pod_ip`,
  );
  const clear = sqlite.prepare('DELETE FROM hit_journal');
  const foldNow = () => {
    fold.run();
    clear.run();
  };
  const landing = sqlite.transaction(foldNow);
  /** Counts appended since the last fold: what FOLD_HITS bounds. */
  let appended = 0;
  // Whether the journal may hold rows: cleared only by a landing that committed (a fold inside a
  // traffic transaction that rolls back leaves them). A crash may have left rows, so true at first.
  let unfolded = true;
  return {
    /** Appends a commit's counts, in order; call inside a transaction. */
    append(hits: readonly (readonly [string, HitRow])[]): void {
      if (!hits.length) return;
      append.run(JSON.stringify(hits.map(([labId, h]) => entry(labId, h))));
      unfolded = true;
      appended += hits.length;
      if (appended >= FOLD_HITS) {
        foldNow();
        appended = 0;
      }
    },
    /** Folds what the journal holds into `hits`, in a transaction of its own. */
    land(): void {
      if (!unfolded) return;
      landing.immediate();
      unfolded = false;
      appended = 0;
    },
  };
}
