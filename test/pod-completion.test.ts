// Pods whose command ends (issue 15 item 4), through the HTTP API on the lab clock: Succeeded and
// Failed with the exit code, restartPolicy Always and OnFailure restarting with the kubelet's
// back-off (CrashLoopBackOff), a run's curl counted as a hit, servers and `sleep infinity` running on.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apply, startLab, type TestLab } from './support/app';

const echo = readFileSync(new URL('../examples/echo-nodeport.yaml', import.meta.url), 'utf8');

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

const PODS = '/api/v1/namespaces/default/pods';

interface ContainerStatus {
  restartCount: number;
  ready: boolean;
  state: Record<string, Record<string, unknown>>;
  lastState: Record<string, Record<string, unknown>>;
}

async function create(name: string, container: Record<string, unknown>, restartPolicy?: string) {
  const spec = {
    containers: [{ name, ...container }],
    ...(restartPolicy ? { restartPolicy } : {}),
  };
  await lab.request
    .post(PODS)
    .send({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec })
    .expect(201);
}

async function pod(name: string): Promise<{ phase: string; cs: ContainerStatus }> {
  const res = await lab.request.get(`${PODS}/${name}`).expect(200);
  return { phase: res.body.status.phase, cs: res.body.status.containerStatuses[0] };
}

function advance(seconds: number) {
  lab.clock.advance(seconds);
}

describe('restartPolicy Never', () => {
  it("runs the echo tutorial's test pod to Completed, its curl counted as a hit", async () => {
    await apply(lab, echo).expect(201);
    await create(
      'curl',
      { image: 'curlimages/curl', args: ['curl', '-s', 'http://echo-nodeport-service'] },
      'Never',
    );
    expect((await pod('curl')).phase).toBe('Running');
    advance(1);
    // Readers racing to settle the lab carry the run out once.
    await Promise.all([pod('curl'), pod('curl'), lab.request.get(PODS).expect(200)]);
    const done = await pod('curl');
    expect(done.phase).toBe('Succeeded');
    expect(done.cs.state.terminated).toMatchObject({
      exitCode: 0,
      reason: 'Completed',
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
    });
    expect(done.cs.ready).toBe(false);
    const hits = await lab.request.get('/hits/default/echo-nodeport-service').expect(200);
    expect((hits.body.pods as { hits: number }[]).reduce((n, p) => n + p.hits, 0)).toBe(1);
    const logs = await lab.request.get(`${PODS}/curl/log`).expect(200);
    expect(logs.text).toMatch(/^Hello! I am Pod: 10\.244\.\d+\.\d+\n$/);
    advance(60);
    await pod('curl');
    const again = await lab.request.get('/hits/default/echo-nodeport-service').expect(200);
    expect((again.body.pods as { hits: number }[]).reduce((n, p) => n + p.hits, 0)).toBe(1);
  });

  it('fails with the exit code of sh -c, after its sleeps', async () => {
    await create('fails', { image: 'busybox', command: ['sh', '-c', 'sleep 5; exit 3'] }, 'Never');
    advance(4);
    expect((await pod('fails')).phase).toBe('Running');
    advance(1);
    const done = await pod('fails');
    expect(done.phase).toBe('Failed');
    expect(done.cs.state.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
  });

  it('a program the image lacks cannot start: StartError, exit 128', async () => {
    await create('missing', { image: 'busybox', command: ['curl', 'http://x'] }, 'Never');
    advance(1);
    const done = await pod('missing');
    expect(done.phase).toBe('Failed');
    expect(done.cs.state.terminated).toMatchObject({ exitCode: 128, reason: 'StartError' });
    expect(String(done.cs.state.terminated!.message)).toContain(
      'exec: "curl": executable file not found in $PATH',
    );
  });

  it('a curl that cannot connect fails with its exit code', async () => {
    await create('nohost', { image: 'curlimages/curl', args: ['-s', 'http://nope'] }, 'Never');
    advance(1);
    expect((await pod('nohost')).cs.state.terminated).toMatchObject({
      exitCode: 6,
      reason: 'Error',
    });
  });
});

describe('restarts', () => {
  it('Always: restarts at once, then backs off 10 s in CrashLoopBackOff', async () => {
    await create('loop', { image: 'busybox', command: ['sh', '-c', 'echo hi; exit 1'] });
    advance(1);
    const first = await pod('loop');
    expect(first.phase).toBe('Running');
    expect(first.cs).toMatchObject({ restartCount: 1, ready: true });
    expect(first.cs.state.running).toBeDefined();
    expect(first.cs.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    advance(1);
    const waiting = await pod('loop');
    expect(waiting.cs.restartCount).toBe(2);
    expect(waiting.cs.state.waiting).toMatchObject({ reason: 'CrashLoopBackOff' });
    expect(String(waiting.cs.state.waiting!.message)).toMatch(
      /^back-off 10s restarting failed container=loop pod=loop_default\(.+\)$/,
    );
    const previous = await lab.request.get(`${PODS}/loop/log?previous=true`).expect(200);
    expect(previous.text).toBe('hi\n');
    advance(9);
    expect((await pod('loop')).cs.state.waiting).toBeDefined();
    advance(1);
    const back = await pod('loop');
    expect(back.cs.state.running).toBeDefined();
    expect(back.cs.restartCount).toBe(2);
  });

  it('Always restarts a command that succeeded too (busybox sh with no stdin)', async () => {
    await create('bb', { image: 'busybox' });
    advance(1);
    const r = await pod('bb');
    expect(r.cs.restartCount).toBe(1);
    expect(r.cs.lastState.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });

  it('OnFailure: exit 0 ends Succeeded, a failure restarts', async () => {
    await create('ok', { image: 'alpine', command: ['true'] }, 'OnFailure');
    await create('bad', { image: 'alpine', command: ['false'] }, 'OnFailure');
    advance(1);
    expect((await pod('ok')).phase).toBe('Succeeded');
    const bad = await pod('bad');
    expect(bad.phase).toBe('Running');
    expect(bad.cs.restartCount).toBe(1);
  });
});

describe('what keeps running', () => {
  it('servers and sleep infinity stay Running', async () => {
    await create('web', { image: 'nginx' });
    await create('sleeper', { image: 'busybox', command: ['sleep', 'infinity'] });
    await create('stdin', { image: 'busybox', stdin: true });
    advance(3600);
    for (const name of ['web', 'sleeper', 'stdin']) {
      const p = await pod(name);
      expect([name, p.phase, p.cs.restartCount]).toEqual([name, 'Running', 0]);
    }
  });

  it('a completed pod is deleted at once (no grace period)', async () => {
    await create('once', { image: 'busybox', command: ['echo', 'done'] }, 'Never');
    advance(1);
    expect((await pod('once')).phase).toBe('Succeeded');
    await lab.request.delete(`${PODS}/once`).expect(200);
    await lab.request.get(`${PODS}/once`).expect(404);
  });
});
