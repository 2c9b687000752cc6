// Starts and stops `wrangler dev` (workerd with a local D1) for the Worker test run.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WRANGLER = join(
  dirname(createRequire(import.meta.url).resolve('wrangler/package.json')),
  'bin/wrangler.js',
);
/** Where `wrangler dev` output goes (gitignored): the Worker's console.error lands here. */
export const DEV_LOG = join(PROJECT_ROOT, '.wrangler/test/wrangler-dev.log');

// No banner (it checks for updates), no telemetry, no cf.json download: CI has no network.
const QUIET_ENV = {
  WRANGLER_HIDE_BANNER: 'true',
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  CI: 'true',
};

function wranglerEnv(): NodeJS.ProcessEnv {
  return { ...process.env, ...QUIET_ENV };
}

/** Runs a wrangler command to completion; rejects with its output when it fails. */
export function runWrangler(args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [WRANGLER, ...args], {
      cwd: PROJECT_ROOT,
      env: wranglerEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0
        ? done()
        : fail(new Error(`wrangler ${args.join(' ')} failed (${code}):\n${output}`)),
    );
  });
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail()));
    });
  });
}

export interface DevServer {
  url: string;
  stop(): Promise<void>;
}

export interface DevOptions {
  /** Where its output goes; DEV_LOG by default (two servers need two files). */
  log?: string;
  timeoutMs?: number;
}

/**
 * Starts `wrangler dev` on a free port over the local D1 in `persistTo`, with extra Worker `vars`;
 * resolves once /healthz answers.
 */
export async function startWranglerDev(
  persistTo: string,
  vars: Record<string, string> = {},
  options: DevOptions = {},
): Promise<DevServer> {
  const { log: logPath = DEV_LOG, timeoutMs = 90_000 } = options;
  const [port, inspectorPort] = [await freePort(), await freePort()];
  mkdirSync(dirname(logPath), { recursive: true });
  const log = createWriteStream(logPath);
  const args = ['dev', '--local', '--ip', '127.0.0.1', '--port', String(port)];
  args.push('--inspector-port', String(inspectorPort), '--persist-to', persistTo);
  args.push('--show-interactive-dev-session=false');
  for (const [name, value] of Object.entries(vars)) args.push('--var', `${name}:${value}`);
  // Its own process group, so that stopping it also stops the workerd it started.
  const child = spawn(process.execPath, [WRANGLER, ...args], {
    cwd: PROJECT_ROOT,
    env: wranglerEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  const stop = () => stopGroup(child);
  try {
    await waitHealthy(url, child, timeoutMs);
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}; see ${logPath}`);
  }
  return { url, stop };
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not answer ${url}/healthz within ${timeoutMs} ms`);
}

function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  const pid = child.pid;
  return new Promise((done) => {
    const force = setTimeout(() => signalGroup(pid, 'SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      // workerd may outlive wrangler for a moment; the group signal reaches it too.
      signalGroup(pid, 'SIGKILL');
      done();
    });
    signalGroup(pid, 'SIGTERM');
  });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}
