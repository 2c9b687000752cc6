// The benchmark's server and client: a fresh src/node.ts on a database in a temporary folder, run
// from BENCH_SERVER_DIR when given (a checkout of older code, to measure old against new with
// this same benchmark), and the few HTTP calls the benchmark makes to it.
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const PORT = Number(process.env.BENCH_PORT ?? 18900);
export const BASE = `http://127.0.0.1:${PORT}`;
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
export const CONNECTIONS = 16;
/** The code under test: this checkout, or BENCH_SERVER_DIR. */
export const SERVER_DIR = resolve(process.env.BENCH_SERVER_DIR ?? '.');

export type Run = autocannon.Result;

/** Requests answered per second over a fixed-duration run. */
export function rate(r: Run): number {
  return r.requests.total / r.duration;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export interface Server {
  stop(): void;
}

async function waitForServer(process: ChildProcess): Promise<void> {
  // Up to a minute: a loaded machine takes its time to start tsx.
  for (let i = 0; i < 600; i++) {
    if (process.exitCode !== null) throw new Error('server exited');
    try {
      if ((await fetch(`${BASE}/healthz`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

export async function startServer(): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'nodeport-bench-'));
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/node.ts'], {
    cwd: SERVER_DIR,
    env: { ...process.env, PORT: String(PORT), DATABASE_PATH: join(dir, 'bench.db') },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForServer(server);
  return {
    stop() {
      server.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function post(path: string, body: string, type = 'application/yaml', lab?: string) {
  const res = await fetch(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'content-type': type, ...(lab ? { 'x-lab-id': lab } : {}) },
    body,
  });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}

/**
 * A fixed-duration run (autocannon ends a fixed-amount run only on its next 1-second tick, which
 * would quantise short runs' rates). `labs`: each request names the next of them in X-Lab-Id.
 */
export function load(
  url: string,
  labs?: readonly string[],
  seconds: number = SECONDS,
): Promise<Run> {
  if (!labs) return autocannon({ url, connections: CONNECTIONS, duration: seconds });
  let next = 0;
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          headers: { ...req.headers, 'x-lab-id': labs[next++ % labs.length]! },
        }),
      },
    ],
  });
}
