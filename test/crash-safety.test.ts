// Crash safety (issue 11): the real server (`tsx src/node.ts`) under a write load is killed with
// SIGKILL, three times; after each kill the SQLite file passes `PRAGMA integrity_check`, and the
// restarted server still has every write and every hit it had acknowledged (answered 2xx).
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect } from 'vitest';
import { nodeOnly } from './support/app';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const KILLS = 3;
/** How long the load runs before the kill, per round. */
const LOAD_MS = 1500;
const WORKERS = 4;

interface Server {
  child: ChildProcess;
  url: string;
}

const running = new Set<ChildProcess>();

/**
 * Starts the server on a free port and answers once it listens. Node itself runs src/node.ts
 * with tsx as a loader: the `tsx` command would be a parent process, and SIGKILL would kill it
 * and leave the server running.
 */
function startServer(databasePath: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/node.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_PATH: databasePath,
      ADMIN_TOKEN: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.on('exit', () => running.delete(child));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 15_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]! });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) =>
      reject(new Error(`server exited (${code}) before listening: ${out}`)),
    );
  });
}

function kill(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.child.on('exit', () => resolve());
    server.child.kill('SIGKILL');
  });
}

const SEED = {
  apiVersion: 'v1',
  kind: 'List',
  items: [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }] },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, nodePort: 30080 }] },
    },
  ],
};

/** What the clients were told, and what they sent without an answer (may or may not be there). */
interface Ledger {
  present: Set<string>;
  deleted: Set<string>;
  /** Names whose last write got no answer: either state is right. */
  unsure: Set<string>;
  hits: number;
  unansweredHits: number;
  nextName: number;
  /** Requests the kill cut off (so the kill did land in the middle of the load). */
  cutOff: number;
}

const configMap = (name: string) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: name } });

/** One client: applies, deletes and routed requests in a loop until `stop()` says so. */
async function client(url: string, ledger: Ledger, id: number, stop: () => boolean) {
  for (let i = 0; !stop(); i++) {
    // Creates and deletes, with at most about 100 objects kept: far below the lab's 500-object
    // quota however fast the machine.
    const step = (i + id) % 4;
    if (step === 0 || (step === 2 && ledger.present.size < 100)) {
      const name = `cm-${ledger.nextName++}`;
      ledger.unsure.add(name);
      const res = await fetch(`${url}/manifests`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: configMap(name),
      }).catch(() => undefined);
      if (res === undefined) return void ledger.cutOff++;
      expect(res.status).toBe(201);
      ledger.unsure.delete(name);
      ledger.present.add(name);
    } else if (step === 1 || step === 2) {
      const name = [...ledger.present][0];
      if (name === undefined) continue;
      ledger.present.delete(name);
      ledger.unsure.add(name);
      const res = await fetch(`${url}/api/v1/namespaces/default/configmaps/${name}`, {
        method: 'DELETE',
      }).catch(() => undefined);
      if (res === undefined) return void ledger.cutOff++;
      expect(res.status).toBe(200);
      ledger.unsure.delete(name);
      ledger.deleted.add(name);
    } else {
      ledger.unansweredHits += 5;
      const res = await fetch(`${url}/nodes/192.168.1.3/30080/request?count=5`).catch(
        () => undefined,
      );
      if (res === undefined) return void ledger.cutOff++;
      const body = (await res.json().catch(() => undefined)) as
        { outcomes: { ok?: number } } | undefined;
      if (body === undefined) return void ledger.cutOff++; // cut off while the body came
      expect(res.status).toBe(200);
      ledger.unansweredHits -= 5;
      ledger.hits += body.outcomes.ok ?? 0;
    }
  }
}

/** Every acknowledged write and hit is there; unanswered ones may be, or not. */
async function expectLedgerKept(url: string, ledger: Ledger) {
  const list = (await (await fetch(`${url}/api/v1/namespaces/default/configmaps`)).json()) as {
    items: { metadata: { name: string } }[];
  };
  const stored = new Set(list.items.map((o) => o.metadata.name));
  for (const name of ledger.present)
    expect(stored.has(name), `${name} was acknowledged`).toBe(true);
  for (const name of ledger.deleted) expect(stored.has(name), `${name} was deleted`).toBe(false);
  const { total } = (await (await fetch(`${url}/hits`)).json()) as { total: number };
  expect(total).toBeGreaterThanOrEqual(ledger.hits);
  expect(total).toBeLessThanOrEqual(ledger.hits + ledger.unansweredHits);
  // What is there now is what the next round starts from.
  for (const name of ledger.unsure) {
    (stored.has(name) ? ledger.present : ledger.deleted).add(name);
  }
  ledger.unsure.clear();
  ledger.hits = total;
  ledger.unansweredHits = 0;
}

function integrity(path: string): string {
  const db = new Database(path);
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'nodeport-crash-'));
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});
const it = nodeOnly('starts and SIGKILLs the Node server as a child process');

describe('crash safety', { timeout: 60_000 }, () => {
  it(`keeps every acknowledged write and hit across ${KILLS} SIGKILLs`, async () => {
    const path = join(dir, 'lab.db');
    const ledger: Ledger = {
      present: new Set(),
      deleted: new Set(),
      unsure: new Set(),
      hits: 0,
      unansweredHits: 0,
      nextName: 0,
      cutOff: 0,
    };
    let server = await startServer(path);
    const seeded = await fetch(`${server.url}/manifests`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(SEED),
    });
    expect(seeded.status).toBe(201);
    for (let round = 0; round < KILLS; round++) {
      let stopped = false;
      const clients = Array.from({ length: WORKERS }, (_, id) =>
        client(server.url, ledger, id, () => stopped),
      );
      await new Promise((r) => setTimeout(r, LOAD_MS));
      await kill(server);
      stopped = true;
      await Promise.all(clients);
      expect(integrity(path)).toBe('ok');
      server = await startServer(path);
      await expectLedgerKept(server.url, ledger);
    }
    console.log(
      `crash safety: ${ledger.present.size + ledger.deleted.size} configmaps written, ${ledger.deleted.size} deleted, ${ledger.hits} hits, ${KILLS} kills cutting off ${ledger.cutOff} requests`,
    );
    expect(ledger.present.size + ledger.deleted.size).toBeGreaterThan(KILLS * 10);
    expect(ledger.hits).toBeGreaterThan(KILLS * 10);
    expect(ledger.cutOff).toBeGreaterThanOrEqual(KILLS);
    await kill(server);
  });
});
