// The migrations keep what older versions stored: hits recorded before entry nodes existed survive
// 0002 with an empty entry node; labs created before scores were kept survive 0003 ungraded, and
// 0004 gives every lab an empty container log.
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const MIGRATIONS = new URL('../../migrations/', import.meta.url);

function apply(db: Database.Database, file: string): void {
  const text = readFileSync(new URL(file, MIGRATIONS), 'utf8');
  for (const s of text.split('--> statement-breakpoint')) if (s.trim()) db.exec(s);
}

function files(): string[] {
  return readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith('.sql'))
    .sort();
}

describe('migrations', () => {
  it('0004 keeps existing labs and adds empty container logs', () => {
    const db = new Database(':memory:');
    for (const f of files().filter((f) => f < '0004')) apply(db, f);
    db.prepare(
      "INSERT INTO labs (id, name, settings, revision, revision_guard, created_at) VALUES ('l', 'lab', '{}', 3, 3, '2026-01-01T00:00:00.000Z')",
    ).run();
    for (const f of files().filter((f) => f >= '0004')) apply(db, f);
    expect(db.prepare('SELECT id, revision FROM labs').all()).toEqual([{ id: 'l', revision: 3 }]);
    expect(db.prepare('SELECT count(*) AS n FROM container_logs').get()).toEqual({ n: 0 });
    db.prepare(
      "INSERT INTO container_logs (lab_id, namespace, pod, container, run, time, line) VALUES ('l', 'default', 'web', 'app', 'containerd://a', 1, 'x')",
    ).run();
    expect(db.prepare('SELECT id, line FROM container_logs').all()).toEqual([{ id: 1, line: 'x' }]);
    db.close();
  });

  it('0003 keeps existing labs, with no latest score, and stores one', () => {
    const db = new Database(':memory:');
    for (const f of files().filter((f) => f < '0003')) apply(db, f);
    db.prepare(
      "INSERT INTO labs (id, name, settings, revision, revision_guard, created_at, template) VALUES ('l', 'lab', '{}', 3, 3, '2026-01-01T00:00:00.000Z', 'echo')",
    ).run();
    for (const f of files().filter((f) => f >= '0003')) apply(db, f);
    expect(db.prepare('SELECT id, revision, template, latest_score FROM labs').all()).toEqual([
      { id: 'l', revision: 3, template: 'echo', latest_score: null },
    ]);
    db.prepare("UPDATE labs SET latest_score = '{}' WHERE id = 'l'").run();
    expect(db.prepare('SELECT latest_score FROM labs').get()).toEqual({ latest_score: '{}' });
    db.close();
  });

  it('0002 gives existing hits an empty entry node and keeps their counts', () => {
    const files = readdirSync(MIGRATIONS)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    const db = new Database(':memory:');
    for (const f of files.filter((f) => f < '0002')) apply(db, f);
    db.prepare(
      "INSERT INTO hits (lab_id, namespace, service, pod, node, pod_ip, count) VALUES ('l', 'default', 'web', 'p', 'node01', '10.244.1.2', 7)",
    ).run();
    for (const f of files.filter((f) => f >= '0002')) apply(db, f);
    expect(db.prepare('SELECT entry_node, count FROM hits').all()).toEqual([
      { entry_node: '', count: 7 },
    ]);
    db.close();
  });
});
