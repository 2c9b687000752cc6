// Runs the real kubectl (and other real clients) against NodePort Lab: a server on a random
// localhost port (or, on the Worker run, the `wrangler dev` under test), one lab per scenario with
// its kubeconfig from GET /kubeconfig, and kubectl invoked as a student would.
import { serve, type ServerType } from '@hono/node-server';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, inject, it } from 'vitest';
import type { Clock } from '../src/cluster/lab-cluster';
import { buildNodeApp } from '../src/node';
import { loadOrCreateCertificate, serveHttps } from '../src/node-https';

export const EXAMPLES = fileURLToPath(new URL('../examples/', import.meta.url));
export const KUBECTL = process.env.KUBECTL ?? 'kubectl';
const KUBECTL_TIMEOUT_MS = 30_000;

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv }) {
  return new Promise<Run>((resolve, reject) => {
    execFile(
      file,
      args,
      { ...options, timeout: KUBECTL_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(new Error(`${file} ${args.join(' ')} did not run: ${error.message}\n${stderr}`));
          return;
        }
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

/**
 * The kubectl client's minor version (32 for v1.32.4); a missing binary fails loudly, since the
 * suite must never skip silently.
 */
export async function requireKubectl(): Promise<number> {
  try {
    const { code, stdout, stderr } = await run(KUBECTL, ['version', '--client', '-o', 'json'], {});
    if (code !== 0) throw new Error(stderr);
    const minor = (JSON.parse(stdout) as { clientVersion: { minor: string } }).clientVersion.minor;
    return parseInt(minor, 10);
  } catch (e) {
    throw new Error(
      `kubectl is required by this suite and could not be run (${KUBECTL}): ${(e as Error).message}\n` +
        'Install it (Debian: apt-get install kubernetes-client; .ci/run does this) or set KUBECTL to its path.',
    );
  }
}

export interface LabServer {
  url: string;
  close(): Promise<void>;
}

/**
 * A NodePort Lab server for real clients: the Worker under test, or Node on a random port (with
 * `https`, also its https listener, which the kubeconfigs then name, as `npm start` does; on
 * `clock`, the wall clock unless a test freezes it as the Worker's is).
 */
export async function startServer(
  options: { https?: boolean; clock?: Clock } = {},
): Promise<LabServer> {
  const workerUrl = inject('workerUrl');
  if (workerUrl) return { url: workerUrl, close: async () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'nodeport-lab-kubectl-'));
  const tls = options.https ? await loadOrCreateCertificate(join(dir, 'lab.db')) : undefined;
  let httpsPort: number | undefined;
  const https = tls && { port: () => httpsPort, certificatePem: tls.cert };
  const { app, store, serveUpgrades } = await buildNodeApp(join(dir, 'lab.db'), options.clock, {
    https,
  });
  const secure =
    tls &&
    (await new Promise<ServerType>((resolve) => {
      const s = serveHttps(app.fetch, tls, { port: 0, hostname: '127.0.0.1' }, (port) => {
        httpsPort = port;
        resolve(s);
      });
    }));
  const { server, port } = await new Promise<{ server: ServerType; port: number }>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ server: s, port: info.port }),
    );
  });
  serveUpgrades(server);
  if (secure) serveUpgrades(secure);
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        secure?.close();
        server.close(() => {
          store.close();
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}

/** Creates a lab with POST /labs (seed 1, as the default lab, so runs repeat) and answers its id. */
export async function createLab(server: LabServer, body: object = { seed: 1 }): Promise<string> {
  const res = await fetch(`${server.url}/labs`, { method: 'POST', body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`POST /labs answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** The lab's kubeconfig, as GET /kubeconfig answers it. */
export async function fetchKubeconfig(server: LabServer, labId: string): Promise<string> {
  const res = await fetch(`${server.url}/kubeconfig`, { headers: { 'X-Lab-Id': labId } });
  if (res.status !== 200) throw new Error(`GET /kubeconfig answered ${res.status}`);
  return res.text();
}

/** Moves a lab's clock forward (POST /cluster/clock), as a lesson waiting would. */
export async function advanceLabClock(
  server: LabServer,
  labId: string,
  seconds: number,
): Promise<void> {
  const res = await fetch(`${server.url}/cluster/clock`, {
    method: 'POST',
    headers: { 'X-Lab-Id': labId, 'Content-Type': 'application/json' },
    body: JSON.stringify({ advanceSeconds: seconds }),
  });
  if (res.status !== 200) throw new Error(`POST /cluster/clock answered ${res.status}`);
}

export interface Kubectl {
  (...args: string[]): Promise<Run>;
  labId: string;
  kubeconfigPath: string;
  dir: string;
  /** Writes a manifest into the scratch folder and answers its path. */
  write(name: string, text: string): string;
  dispose(): void;
}

/**
 * kubectl bound to a fresh lab's kubeconfig, run in examples/ (so `-f nginx-pod.yaml` works), with
 * its own HOME and discovery cache.
 */
export async function kubectlForNewLab(server: LabServer, lab?: object): Promise<Kubectl> {
  const labId = await createLab(server, lab);
  const dir = mkdtempSync(join(tmpdir(), 'nodeport-lab-kubeconfig-'));
  const kubeconfigPath = join(dir, 'lab.yaml');
  writeFileSync(kubeconfigPath, await fetchKubeconfig(server, labId));
  const env = { PATH: process.env.PATH, HOME: dir, KUBECONFIG: kubeconfigPath };
  const kubectl = ((...args: string[]) =>
    run(KUBECTL, ['--cache-dir', join(dir, 'cache'), ...args], { cwd: EXAMPLES, env })) as Kubectl;
  kubectl.labId = labId;
  kubectl.kubeconfigPath = kubeconfigPath;
  kubectl.dir = dir;
  kubectl.write = (name, text) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  kubectl.dispose = () => rmSync(dir, { recursive: true, force: true });
  return kubectl;
}

/** The table's lines split into cells (columns are separated by 3 or more spaces). */
export function tableRows(text: string): string[][] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => line.split(/\s{3,}/));
}

type TestFn = (name: string, fn: () => Promise<void>, timeout: number) => void;

/**
 * `it` for kubectl scenarios on the server `server()` names (set in beforeAll): each scenario
 * gets a lab and a kubectl of its own, disposed after; `test` may be `it.skip` for one scenario.
 */
export function kubectlScenarios(server: () => LabServer) {
  return (name: string, body: (kubectl: Kubectl) => Promise<void>, test: TestFn = it) =>
    test(
      name,
      async () => {
        const kubectl = await kubectlForNewLab(server());
        try {
          await body(kubectl);
        } finally {
          kubectl.dispose();
        }
      },
      120_000,
    );
}

/** Runs kubectl and expects it to succeed with nothing on stderr; answers its stdout. */
export async function ok(kubectl: Kubectl, ...args: string[]): Promise<string> {
  const r = await kubectl(...args);
  expect(r.stderr, `kubectl ${args.join(' ')}`).toBe('');
  expect(r.code, `kubectl ${args.join(' ')}`).toBe(0);
  return r.stdout;
}
