// `npm run bench`: the request route measured against the bare /healthz route in the same run,
// plus apply and batch timings. Figures are ratios because these machines are noisy.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PORT = Number(process.env.BENCH_PORT ?? 18900);
const BASE = `http://127.0.0.1:${PORT}`;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** Requests of the lost-hit check: a fixed number, so every one sent is also answered. */
const CHECKED_REQUESTS = 4000;
const ROUNDS = 3;
const CONNECTIONS = 16;
const TARGET_RATIO = 0.5;

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${BASE}/healthz`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

async function post(path: string, body: string, type = 'application/yaml', lab?: string) {
  const res = await fetch(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'content-type': type, ...(lab ? { 'x-lab-id': lab } : {}) },
    body,
  });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}

/** A fixed number of requests, so that every request sent is also answered and counted. */
type Run = autocannon.Result;

/** Requests answered per second over a fixed-duration run. */
function rate(r: Run): number {
  return r.requests.total / r.duration;
}

/**
 * A fixed-duration run: autocannon ends a fixed-amount run only on its next 1-second tick, which
 * would quantise short runs' rates.
 */
function load(url: string): Promise<Run> {
  return autocannon({ url, connections: CONNECTIONS, duration: SECONDS });
}

function manifest300(): string {
  const docs: string[] = [];
  for (let i = 0; i < 100; i++) {
    docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  k: v${i}\n`);
    docs.push(
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-${i}\n  labels:\n    app: a${i}\nspec:\n  containers:\n    - name: c\n      image: nginx\n      ports:\n        - containerPort: 80\n`,
    );
    docs.push(
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\nspec:\n  type: NodePort\n  selector:\n    app: a${i}\n  ports:\n    - port: 80\n`,
    );
  }
  return docs.join('---\n');
}

async function timed<T>(fn: () => Promise<T>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'nodeport-bench-'));
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/node.ts'], {
    env: { ...process.env, PORT: String(PORT), DATABASE_PATH: join(dir, 'bench.db') },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForServer();
    await post('/manifests', readFileSync('examples/echo-nodeport.yaml', 'utf8'));
    await fetch(`${BASE}/hits`, { method: 'DELETE' });

    // Baseline and request runs alternate, so a burst of machine noise hits both; the ratio of
    // each pair is reported, and the median pair decides.
    // Warm both routes up first, so the JIT's first compilations are not counted against either.
    await load(`${BASE}/healthz`);
    await load(`${BASE}/nodes/192.168.1.3/30007/request`);
    await fetch(`${BASE}/hits`, { method: 'DELETE' });
    const rounds: { baseline: Run; request: Run; ratio: number }[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const baseline = await load(`${BASE}/healthz`);
      const request = await load(`${BASE}/nodes/192.168.1.3/30007/request`);
      rounds.push({ baseline, request, ratio: rate(request) / rate(baseline) });
    }
    rounds.sort((a, b) => a.ratio - b.ratio);
    const { baseline, request, ratio } = rounds[Math.floor(ROUNDS / 2)]!;
    await fetch(`${BASE}/hits`, { method: 'DELETE' });
    const checked = await autocannon({
      url: `${BASE}/nodes/192.168.1.3/30007/request`,
      connections: CONNECTIONS,
      amount: CHECKED_REQUESTS,
    });
    const hits = (await (await fetch(`${BASE}/hits`)).json()) as { total: number };
    const completed = checked['2xx'];

    const applyTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const lab = (await post('/labs', '{}', 'application/json')).id as string;
      applyTimes.push(
        await timed(() => post('/manifests', manifest300(), 'application/yaml', lab)),
      );
    }
    const batchTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      batchTimes.push(
        await timed(() =>
          fetch(`${BASE}/nodes/192.168.1.3/30007/request?count=10000`).then((r) => r.json()),
        ),
      );
    }

    const row = (name: string, r: Run) =>
      `| ${name} | ${rate(r).toFixed(0)} | ${r.latency.p50} | ${r.latency.p99} |`;
    console.log(
      `\nNodePort Lab benchmark (${CONNECTIONS} connections, ${SECONDS}s runs, Node ${process.version})\n`,
    );
    console.log('| route | req/s | p50 ms | p99 ms |\n|---|---|---|---|');
    console.log(row('GET /healthz (baseline)', baseline));
    console.log(row('GET /nodes/192.168.1.3/30007/request', request));
    const spread = rounds.map((r) => r.ratio.toFixed(2)).join(', ');
    console.log(
      `\nratio request/baseline: ${ratio.toFixed(2)} (median of ${ROUNDS} rounds: ${spread}; target >= ${TARGET_RATIO})`,
    );
    console.log(
      `hits recorded: ${hits.total}, requests completed (2xx): ${completed}, errors: ${checked.errors + checked.non2xx}`,
    );
    console.log(
      `apply 300 documents: median ${median(applyTimes).toFixed(0)} ms (${applyTimes.map((t) => t.toFixed(0)).join(', ')})`,
    );
    console.log(
      `count=10000 batch: median ${median(batchTimes).toFixed(0)} ms (${batchTimes.map((t) => t.toFixed(0)).join(', ')})`,
    );
    const failures = [
      ...(ratio < TARGET_RATIO ? [`ratio ${ratio.toFixed(2)} below ${TARGET_RATIO}`] : []),
      ...(hits.total !== completed ? [`lost hits: ${completed - hits.total}`] : []),
    ];
    if (failures.length) {
      console.error(`\nFAILED: ${failures.join('; ')}`);
      process.exitCode = 1;
    }
  } finally {
    server.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
