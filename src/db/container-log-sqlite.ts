// The request route's log writes on better-sqlite3: statements prepared once (as the hits'
// are), run inside the access-log buffer's transaction. A run's lines share rows (log-rows.ts).
import type Database from 'better-sqlite3';
import { LOG_BOUNDS, type ContainerLogWrite } from '../domain/kubelet/logs/container-log';
import { CUT_ROW_SQL, linesToRows } from './log-rows';

/** Appends access lines and trims rings; call inside a transaction. */
export function prepareLogWrites(sqlite: Database.Database) {
  const insert = sqlite.prepare(
    'INSERT INTO container_logs (lab_id, namespace, pod, container, run, time, line, count, times) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const cut = (rows: string) => `${CUT_ROW_SQL[0]}${rows}${CUT_ROW_SQL[1]}?${CUT_ROW_SQL[2]}`;
  const ofRun = 'lab_id = ? AND namespace = ? AND pod = ? AND container = ? AND run = ?';
  const trimRun = sqlite.prepare(
    `DELETE FROM container_logs WHERE ${ofRun} AND id <= ${cut(ofRun)}`,
  );
  const trimLab = sqlite.prepare(
    `DELETE FROM container_logs WHERE lab_id = ? AND id <= ${cut('lab_id = ?')}`,
  );
  return (labId: string, writes: readonly ContainerLogWrite[], trim: boolean): void => {
    for (const w of writes) {
      for (const r of linesToRows(w.lines))
        insert.run(labId, w.namespace, w.pod, w.container, w.run, r.time, r.line, r.count, r.times);
    }
    if (!trim || writes.length === 0) return;
    for (const w of new Map(writes.map((x) => [x.run, x])).values()) {
      const key = [labId, w.namespace, w.pod, w.container, w.run];
      trimRun.run(...key, ...key, LOG_BOUNDS.linesPerRun);
    }
    trimLab.run(labId, labId, LOG_BOUNDS.linesPerLab);
  };
}
