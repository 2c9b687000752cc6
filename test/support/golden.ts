// Golden files (test/golden/): what is long and exact is compared with a checked-in file, and
// `UPDATE_GOLDEN=1 npx vitest run <test files>` rewrites the files instead. Scenarios (a
// lab's settings, its manifests, the commands and requests to try) are data in test/golden/scenarios/.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { expect } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { createLab, type LabServer } from '../kubectl-harness';
import { target } from './app';

export const GOLDEN_DIR = join(import.meta.dirname, '..', 'golden');
const ROOT = join(import.meta.dirname, '..', '..');
/** Only the Node run writes: the Worker run must agree with what Node wrote. */
export const UPDATING = process.env.UPDATE_GOLDEN === '1' && target === 'node';

/** Compares `actual` with test/golden/<file>, or writes it there when updating. */
export function expectGolden(file: string, actual: string): void {
  const path = join(GOLDEN_DIR, file);
  if (UPDATING) {
    mkdirSync(dirname(path), { recursive: true });
    if (!existsSync(path) || readFileSync(path, 'utf8') !== actual) writeFileSync(path, actual);
    return;
  }
  const testFile = relative(ROOT, expect.getState().testPath ?? 'test/golden*.test.ts');
  const how = `UPDATE_GOLDEN=1 npx vitest run ${testFile}, then review the git diff`;
  if (!existsSync(path)) throw new Error(`no golden file ${relative(ROOT, path)}: run ${how}`);
  // toBe on two strings prints a line-by-line diff (- golden file, + this run).
  expect(actual, `${relative(ROOT, path)} differs from this run; to accept: ${how}`).toBe(
    readFileSync(path, 'utf8'),
  );
}

/** One simulated request: from outside to a node (or external) IP, or from inside the cluster. */
const RequestSchema = z.union([
  z
    .object({
      to: z.ipv4(),
      port: z.number().int(),
      path: z.string().startsWith('/').optional(),
      clientIp: z.ipv4().optional(),
    })
    .strict(),
  z
    .object({
      cluster: z.string().min(1),
      port: z.number().int(),
      path: z.string().startsWith('/').optional(),
      sourceNode: z.string().optional(),
    })
    .strict(),
]);
export type ScenarioRequest = z.infer<typeof RequestSchema>;

const ScenarioSchema = z
  .object({
    description: z.string().min(1),
    /** The POST /labs body (seed, proxyMode, nodes, ...). */
    lab: z.record(z.string(), z.unknown()).default({ seed: 1 }),
    /** examples/ files applied in turn, then `manifests`. */
    examples: z.array(z.string()).default([]),
    manifests: z.string().optional(),
    /** Seconds the lab's clock moves after applying (pods become ready, ages grow). */
    advanceSeconds: z.number().int().min(0).default(0),
    /** kubectl commands (argument lists) whose output test/golden/kubectl/<name>.txt holds. */
    kubectl: z.array(z.array(z.string())).default([]),
    /** Requests whose answers test/golden/routes/<name>.json and rules/<name>.txt hold. */
    requests: z.array(RequestSchema).default([]),
  })
  .strict();
export type Scenario = z.infer<typeof ScenarioSchema> & { name: string };

/** test/golden/scenarios/<name>.yaml, parsed. */
export function readScenario(name: string): Scenario {
  const text = readFileSync(join(GOLDEN_DIR, 'scenarios', `${name}.yaml`), 'utf8');
  const parsed = ScenarioSchema.safeParse(parse(text));
  if (!parsed.success) throw new Error(`scenario ${name}: ${z.prettifyError(parsed.error)}`);
  return { ...parsed.data, name };
}

/** Every scenario, by name. */
export function scenarios(): Scenario[] {
  return readdirSync(join(GOLDEN_DIR, 'scenarios'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readScenario(f.replace(/\.yaml$/, '')));
}

/** The YAML a scenario applies: its examples/ files, then its own manifests. */
export function scenarioManifests(s: Scenario): string[] {
  const files = s.examples.map((f) => readFileSync(join(ROOT, 'examples', f), 'utf8'));
  return s.manifests ? [...files, s.manifests] : files;
}

/** The request route (path and query) a scenario request is sent to. */
export function requestPath(r: ScenarioRequest): string {
  const path = r.path ?? '';
  if ('to' in r) {
    const query = r.clientIp ? `?clientIp=${r.clientIp}` : '';
    return `/nodes/${r.to}/${r.port}/request${path}${query}`;
  }
  const query = r.sourceNode ? `?sourceNode=${encodeURIComponent(r.sourceNode)}` : '';
  return `/cluster/${encodeURIComponent(r.cluster)}/${r.port}/request${path}${query}`;
}

async function send(server: LabServer, path: string, init: RequestInit, labId?: string) {
  const headers = new Headers(init.headers);
  if (labId) headers.set('X-Lab-Id', labId);
  const res = await fetch(`${server.url}${path}`, { ...init, headers });
  const text = await res.text();
  if (res.status >= 300 && !path.includes('/request')) {
    throw new Error(`${init.method ?? 'GET'} ${path} answered ${res.status}: ${text}`);
  }
  return { status: res.status, text };
}

/** Puts the lab in the scenario's state: its manifests applied, its clock moved. */
export async function prepareLab(server: LabServer, labId: string, s: Scenario): Promise<void> {
  for (const yaml of scenarioManifests(s)) {
    const headers = { 'Content-Type': 'application/yaml' };
    await send(server, '/manifests', { method: 'POST', headers, body: yaml }, labId);
  }
  if (s.advanceSeconds > 0) {
    const body = JSON.stringify({ advanceSeconds: s.advanceSeconds });
    const headers = { 'Content-Type': 'application/json' };
    await send(server, '/cluster/clock', { method: 'POST', headers, body }, labId);
  }
}

/** A new lab in the scenario's state (`lab` overrides its POST /labs body); answers its id. */
export async function scenarioLab(server: LabServer, s: Scenario, lab: object = {}) {
  const labId = await createLab(server, { ...s.lab, ...lab });
  await prepareLab(server, labId, s);
  return labId;
}

/** Sends one scenario request to the lab: the HTTP status and the decision JSON. */
export async function sendRequest(server: LabServer, labId: string, r: ScenarioRequest) {
  const res = await send(server, requestPath(r), {}, labId);
  return { status: res.status, answer: JSON.parse(res.text) as RouteAnswer };
}

/** The part of a request route's answer the golden files and case tables read. */
export interface RouteAnswer {
  outcome: string;
  message: string;
  pod?: { name: string; node: string };
  proxy?: {
    mode: string;
    trafficPolicy: string;
    affinityHit: boolean;
    masqueraded: boolean;
    rule?: { kind: string; chain: string; text: string };
  };
}
