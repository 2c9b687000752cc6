// Node's hits as a journal: the group commit appends each lab's counts (a row per pod) at the end
// of hit_journal, and the journal is folded into `hits` before anything reads or changes them, and
// whenever it reaches FOLD_ROWS. A commit of 16 requests spread over 16 labs then dirties a page
// or two, where upserting `hits` rewrote two pages per lab (the many-labs case in bench/).
import type Database from 'better-sqlite3';
import type { HitRow } from '../cluster/store';

/** Journal rows that trigger a fold inside the appending transaction: a bound on the table. */
const FOLD_ROWS = 10_000;

export function prepareHitJournal(sqlite: Database.Database) {
  const append = sqlite.prepare(
    `INSERT INTO hit_journal (lab_id, namespace, service, pod, node, entry_node, pod_ip, count)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // Summed per pod; pod_ip is the newest row's (SQLite takes a bare column from max()'s row),
  // as an upsert per commit kept the last one. `WHERE true` lets ON CONFLICT follow a SELECT.
  const fold = sqlite.prepare(
    `INSERT INTO hits (lab_id, namespace, service, pod, node, entry_node, pod_ip, count)
     SELECT lab_id, namespace, service, pod, node, entry_node, pod_ip, total FROM (
       SELECT lab_id, namespace, service, pod, node, entry_node, pod_ip, max(id), sum(count) AS total
       FROM hit_journal GROUP BY lab_id, namespace, service, pod, node, entry_node
     ) WHERE true
     ON CONFLICT DO UPDATE SET count = count + excluded.count, pod_ip = excluded.pod_ip`,
  );
  const clear = sqlite.prepare('DELETE FROM hit_journal');
  const foldNow = () => {
    fold.run();
    clear.run();
  };
  const landing = sqlite.transaction(foldNow);
  /** Appends since the last fold: what FOLD_ROWS bounds. */
  let appended = 0;
  // Whether the journal may hold rows: cleared only by a landing that committed (a fold inside a
  // traffic transaction that rolls back leaves them). A crash may have left rows, so true at first.
  let unfolded = true;
  return {
    /** Appends a lab's counts; call inside a transaction. */
    append(labId: string, h: HitRow): void {
      append.run(labId, h.namespace, h.service, h.pod, h.node, h.entryNode, h.podIp, h.count);
      unfolded = true;
      if (++appended >= FOLD_ROWS) {
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
