// The request route's log writes on better-sqlite3: statements prepared once (as the hits'
// are), run inside the traffic group commit's transaction.
import type Database from 'better-sqlite3';
import { LOG_BOUNDS, type ContainerLogWrite } from '../domain/kubelet/logs/container-log';

/** Appends access lines and trims rings; call inside a transaction. */
export function prepareLogWrites(sqlite: Database.Database) {
  const insert = sqlite.prepare(
    'INSERT INTO container_logs (lab_id, namespace, pod, container, run, time, line) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const ofRun = 'lab_id = ? AND namespace = ? AND pod = ? AND container = ? AND run = ?';
  const trimRun = sqlite.prepare(
    `DELETE FROM container_logs WHERE ${ofRun} AND id <=
     (SELECT id FROM container_logs WHERE ${ofRun} ORDER BY id DESC LIMIT 1 OFFSET ?)`,
  );
  const trimLab = sqlite.prepare(
    `DELETE FROM container_logs WHERE lab_id = ? AND id <=
     (SELECT id FROM container_logs WHERE lab_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`,
  );
  return (labId: string, writes: readonly ContainerLogWrite[], trim: boolean): void => {
    for (const w of writes) {
      for (const l of w.lines)
        insert.run(labId, w.namespace, w.pod, w.container, w.run, l.time, l.text);
    }
    if (!trim || writes.length === 0) return;
    for (const w of new Map(writes.map((x) => [x.run, x])).values()) {
      const key = [labId, w.namespace, w.pod, w.container, w.run];
      trimRun.run(...key, ...key, LOG_BOUNDS.linesPerRun);
    }
    trimLab.run(labId, labId, LOG_BOUNDS.linesPerLab);
  };
}
