// The hostile-input suite's harness: send one generated request, then check every invariant of
// issue 11 on its answer (no 5xx but the allowed ones, the server still answers, a rejected write
// changed nothing, Object.prototype untouched, the event loop never held too long).
import { expect } from 'vitest';
import type { TestLab } from './app';
import { target } from './app';
import {
  allowed5xx,
  headerProblems,
  isStatusAnswer,
  type Answer,
  type HostileRequest,
} from './hostile-answers';

export type { Answer, HostileRequest } from './hostile-answers';

/**
 * The seed of every property; print it, and rerun a failure with HOSTILE_SEED=<seed>.
 * HOSTILE_RUNS scales the run count of every family (1 = the default budget of about a minute).
 */
export const HOSTILE_SEED = Number(process.env.HOSTILE_SEED ?? 20261201);
const SCALE = Number(process.env.HOSTILE_RUNS ?? 1);

/**
 * Runs for one family: the Node budget, a sixth of it against the Worker (each request there
 * crosses wrangler dev's proxy and D1, about ten times slower than in-process on Node).
 */
export function runsOf(nodeRuns: number): number {
  const runs = target === 'worker' ? Math.ceil(nodeRuns / 6) : nodeRuns;
  return Math.max(1, Math.round(runs * SCALE));
}

/**
 * The longest one request may hold the event loop: the longest synchronous block during it, in
 * CPU time (the smaller of the longest gap between ticks and the CPU the process spent, so a
 * process the OS merely paused on a busy machine is not blamed). The costliest legitimate
 * requests (checks with 20,000 simulated requests, `?count=10000`) take 40-100 ms here; 250 ms
 * leaves room for GC on a shared 2-core machine, and is far below the seconds the issue-11
 * attacks took (an nginx include fan-out: 9-14 s; 10,000 YAML aliases: 3.6 s).
 */
export const EVENT_LOOP_BOUND_MS = 250;
/** A streamed answer (a watch) is cut this long after it starts; nothing else may stream. */
const STREAM_CUT_MS = 600;

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What a rejected write must leave alone: the lab's revision, its settings and its hits. */
export async function labSnapshot(lab: TestLab): Promise<unknown> {
  const [namespaces, cluster, hits] = await Promise.all(
    ['/api/v1/namespaces', '/cluster', '/hits'].map((p) => lab.request.get(p)),
  );
  for (const r of [namespaces, cluster, hits]) {
    expect(r?.status, `the lab's snapshot: the server is broken (${r?.text.slice(0, 300)})`).toBe(
      200,
    );
  }
  const { clock: _wallClock, ...settings } = cluster!.body as Record<string, unknown>;
  const revision = (namespaces!.body as { metadata: { resourceVersion: string } }).metadata
    .resourceVersion;
  return { revision, settings, hits: hits!.body as unknown };
}

/** Sends the request; a streamed body is read for STREAM_CUT_MS and then the socket dropped. */
export async function send(lab: TestLab, req: HostileRequest): Promise<Answer> {
  const method = req.method.toLowerCase() as 'get';
  let test = lab.request[method](req.path);
  for (const [name, value] of Object.entries(req.headers)) test = test.set(name, value);
  let cut = false;
  test = test.buffer(false).parse((res, done) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      cut = true;
      (res as unknown as { destroy(): void }).destroy();
      done(null, Buffer.concat(chunks).toString('utf8'));
    }, STREAM_CUT_MS);
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => {
      clearTimeout(timer);
      done(null, Buffer.concat(chunks).toString('utf8'));
    });
  });
  if (req.body !== undefined) test = test.send(req.body);
  const res = await test;
  const text = typeof res.body === 'string' ? res.body : '';
  return { status: res.status, headers: res.headers as Record<string, string>, text, cut };
}

interface PrototypeSnapshot {
  object: Map<PropertyKey, unknown>;
  array: Map<PropertyKey, unknown>;
}

function ownValues(target: object): Map<PropertyKey, unknown> {
  const out = new Map<PropertyKey, unknown>();
  for (const key of Reflect.ownKeys(target)) {
    const d = Reflect.getOwnPropertyDescriptor(target, key)!;
    out.set(key, d.get ?? d.set ?? d.value);
  }
  return out;
}

function prototypes(): PrototypeSnapshot {
  return { object: ownValues(Object.prototype), array: ownValues(Array.prototype) };
}

/** Puts a polluted prototype back as it was (so one finding does not fail every later run). */
function restore(
  target: object,
  before: Map<PropertyKey, unknown>,
  saved: Record<PropertyKey, PropertyDescriptor>,
) {
  for (const key of Reflect.ownKeys(target))
    if (!before.has(key)) Reflect.deleteProperty(target, key);
  for (const key of Reflect.ownKeys(saved))
    Object.defineProperty(target, key, saved[key as string]!);
}

const PROTO_DESCRIPTORS: Record<'object' | 'array', Record<PropertyKey, PropertyDescriptor>> = {
  object: Object.getOwnPropertyDescriptors(Object.prototype),
  array: Object.getOwnPropertyDescriptors(Array.prototype) as unknown as Record<
    PropertyKey,
    PropertyDescriptor
  >,
};
const PRISTINE = prototypes();

function samePrototypes(now: PrototypeSnapshot): string | undefined {
  for (const name of ['object', 'array'] as const) {
    const before = PRISTINE[name];
    const after = now[name];
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
      (k) => before.get(k) !== after.get(k) || before.has(k) !== after.has(k),
    );
    if (changed.length > 0) {
      const proto = name === 'object' ? Object.prototype : Array.prototype;
      restore(proto, before, PROTO_DESCRIPTORS[name]);
      return `${name === 'object' ? 'Object' : 'Array'}.prototype changed: ${changed.map(String).join(', ')}`;
    }
  }
  const probe = {} as Record<string, unknown>;
  if (probe.x !== undefined || probe.polluted !== undefined) return '({}).x is no longer undefined';
  return undefined;
}

const PROBE_MS = 5;
/**
 * The longest gap between two ticks of a 5 ms interval since the last reset: a synchronous block
 * of the event loop. (perf_hooks' monitorEventLoopDelay skips the first tick after each reset,
 * so it misses a block at the start of a short request.)
 */
const probe = { last: 0, maxGap: 0, timer: undefined as NodeJS.Timeout | undefined };

/** Measures the longest event-loop block and the CPU the process used during `run`. Node only. */
async function measured<T>(run: () => Promise<T>): Promise<{ value: T; blockMs: number }> {
  probe.timer ??= setInterval(() => {
    const now = performance.now();
    probe.maxGap = Math.max(probe.maxGap, now - probe.last);
    probe.last = now;
  }, PROBE_MS).unref();
  probe.last = performance.now();
  probe.maxGap = 0;
  const cpu = process.cpuUsage();
  const value = await run();
  const used = process.cpuUsage(cpu);
  // A block at the very end delayed the probe's tick, which has not run yet: one timer turn
  // lets it record (it is due before this one).
  await new Promise((r) => setTimeout(r, 1));
  // A block burns CPU; a process merely descheduled on a busy machine does not, so the smaller
  // of the two is the block this request caused (no false alarm from a noisy neighbour).
  const delayMs = probe.maxGap - PROBE_MS;
  return { value, blockMs: Math.min(delayMs, (used.user + used.system) / 1000) };
}

function describeRequest(req: HostileRequest): string {
  const body =
    req.body === undefined
      ? ''
      : `\n${typeof req.body === 'string' ? req.body.slice(0, 2000) : `<${req.body.length} bytes>`}`;
  const headers = Object.entries(req.headers).map(([k, v]) => `\n${k}: ${v}`);
  return `${req.method} ${req.path}${headers.join('')}${body}`;
}

export interface Verdict {
  answer: Answer;
}

/**
 * Sends `req` and checks every invariant; throws (with the request in the message, so a shrunk
 * counterexample is readable) on any violation.
 */
export async function sendChecked(
  lab: TestLab,
  req: HostileRequest,
  transport: (lab: TestLab, req: HostileRequest) => Promise<Answer> = send,
): Promise<Verdict> {
  const isWrite = WRITE_METHODS.has(req.method) || req.changes === 'maybe';
  const mustNotChange = req.changes === 'never';
  const before = isWrite || mustNotChange ? await labSnapshot(lab) : undefined;
  const { value: answer, blockMs } =
    target === 'node'
      ? await measured(() => transport(lab, req))
      : { value: await transport(lab, req), blockMs: 0 };
  const problems: string[] = [];
  if (answer.status >= 500 && !allowed5xx(req, answer)) problems.push(`answered ${answer.status}`);
  problems.push(...headerProblems(req, answer));
  if (answer.cut && !req.streams) problems.push(`still streaming after ${STREAM_CUT_MS} ms`);
  if (target === 'node') {
    const polluted = samePrototypes(prototypes());
    if (polluted) problems.push(polluted);
    if (blockMs > EVENT_LOOP_BOUND_MS) {
      problems.push(`held the event loop ${Math.round(blockMs)} ms (> ${EVENT_LOOP_BOUND_MS})`);
    }
  }
  const health = await lab.request.get('/healthz');
  if (health.status !== 200) problems.push(`then /healthz answered ${health.status}`);
  const rejected = answer.status >= 400 && isStatusAnswer(answer);
  if (before !== undefined && (mustNotChange || rejected)) {
    const after = await labSnapshot(lab);
    if (JSON.stringify(after) !== JSON.stringify(before)) {
      problems.push(`${rejected ? `a rejected ${answer.status}` : 'a read'} changed the lab`);
    }
  }
  if (problems.length === 0) return { answer };
  throw new Error(
    `${problems.join('; ')}\n--- request\n${describeRequest(req)}\n--- answer ${answer.status}\n${answer.text.slice(0, 1500)}`,
  );
}

/** The state the suite attacks: a Deployment and a nginx pod with a mounted config, each behind a NodePort. */
const SEED = `apiVersion: apps/v1
kind: Deployment
metadata: {name: seed}
spec:
  replicas: 2
  selector: {matchLabels: {app: seed}}
  template:
    metadata: {labels: {app: seed}}
    spec: {containers: [{name: nginx, image: nginx, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: seed}
spec: {type: NodePort, selector: {app: seed}, ports: [{port: 80, nodePort: 30080}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: fuzz-conf}
data:
  default.conf: |
    server { listen 80; location / { default_type text/plain; return 200 "$request_uri $host\\n"; } }
---
apiVersion: v1
kind: Pod
metadata: {name: fuzz-nginx, labels: {app: fuzz}}
spec:
  containers:
    - name: nginx
      image: nginx
      ports: [{containerPort: 80}]
      volumeMounts: [{name: conf, mountPath: /etc/nginx/conf.d}]
  volumes: [{name: conf, configMap: {name: fuzz-conf}}]
---
apiVersion: v1
kind: Service
metadata: {name: fuzz}
spec: {type: NodePort, selector: {app: fuzz}, ports: [{port: 80, nodePort: 30090}]}
`;

/** Applies the seed objects; answers the lab's id (GET /cluster names it). */
export async function seedHostileLab(lab: TestLab): Promise<string> {
  const res = await lab.request
    .post('/manifests')
    .set('Content-Type', 'application/yaml')
    .send(SEED);
  expect(res.status, res.text).toBeLessThan(300);
  return (await lab.request.get('/cluster')).body.lab as string;
}
