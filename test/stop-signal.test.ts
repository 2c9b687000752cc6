// How long a deleted pod lives depends on what its containers do on the stop signal: nginx, httpd
// and the Go servers exit at once (recorded a second after the delete) and their pod goes a second
// later; a shell or `sleep` as PID 1 ignores SIGTERM and its pod waits out the grace period.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type TestLab } from './support/app';
import { pod, PODS, service, SERVICES } from './support/manifests';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, read loosely
type Json = any;

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

const at = (seconds: number) =>
  new Date(lab.clock.now().getTime() + seconds * 1000).toISOString().replace('.000Z', 'Z');

async function exists(name: string): Promise<boolean> {
  const res = await lab.request.get(`${PODS}/${name}`);
  expect([200, 404]).toContain(res.status);
  return res.status === 200;
}

/** Seconds on the lab clock from the delete until the pod is gone (checked each second, up to 60). */
async function lifetimeAfterDelete(name: string, query = ''): Promise<number> {
  await lab.request.delete(`${PODS}/${name}${query}`).expect(200);
  for (let s = 0; s <= 60; s++) {
    if (!(await exists(name))) return s;
    lab.clock.advance(1);
  }
  return Infinity;
}

const containers = (...list: Json[]) => ({ containers: list });

async function sliceConditions(): Promise<Json[]> {
  const res = await lab.request
    .get('/apis/discovery.k8s.io/v1/namespaces/default/endpointslices')
    .expect(200);
  const slice = (res.body.items as Json[]).find(
    (s) => s.metadata.labels['kubernetes.io/service-name'] === 'web',
  );
  return ((slice?.endpoints ?? []) as Json[]).map((e) => e.conditions);
}

describe('a pod whose containers exit on the stop signal', () => {
  it('nginx (STOPSIGNAL SIGQUIT): Terminating with the full deadline, gone 2 s later', async () => {
    await lab.request.post(PODS).send(pod('web')).expect(201);
    await lab.request.post(SERVICES).send(service('web')).expect(201);
    const del = await lab.request.delete(`${PODS}/web`).expect(200);
    // The apiserver's deadline is the grace period, whatever the containers will do.
    expect(del.body.metadata).toMatchObject({
      deletionTimestamp: at(30),
      deletionGracePeriodSeconds: 30,
    });
    const running = await lab.request.get(PODS).set('Accept', 'text/plain').expect(200);
    expect(running.text).toMatch(/^web\s+1\/1\s+Terminating\s+/m);
    expect(await sliceConditions()).toEqual([{ ready: false, serving: true, terminating: true }]);

    // A second later the kubelet has recorded nginx's exit: status 0, the pod's terminal phase.
    lab.clock.advance(1);
    const exited = (await lab.request.get(`${PODS}/web`).expect(200)).body;
    expect(exited.status.phase).toBe('Succeeded');
    expect(exited.status.containerStatuses[0]).toMatchObject({
      ready: false,
      started: false,
      state: { terminated: { exitCode: 0, reason: 'Completed', finishedAt: at(0) } },
    });
    const ready = exited.status.conditions.find((c: Json) => c.type === 'Ready');
    expect(ready).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    const table = await lab.request.get(PODS).set('Accept', 'text/plain').expect(200);
    expect(table.text).toMatch(/^web\s+0\/1\s+Terminating\s+/m);
    // A terminal pod leaves its EndpointSlice (ShouldPodBeInEndpoints).
    expect(await sliceConditions()).toEqual([]);

    lab.clock.advance(1);
    expect(await exists('web')).toBe(false);
  });

  it.each([
    ['httpd', { name: 'httpd', image: 'httpd:2.4' }],
    ['http-echo', { name: 'echo', image: 'hashicorp/http-echo', args: ['-text=hi'] }],
    ['an echo app', { name: 'api', image: 'ghcr.io/acme/api:1.0' }],
    ['nginx run by its own command', { name: 'n', image: 'nginx', command: ['nginx'] }],
  ])('%s goes 2 s after the delete', async (_name, container) => {
    await lab.request
      .post(PODS)
      .send(pod('p', {}, containers(container)))
      .expect(201);
    expect(await lifetimeAfterDelete('p')).toBe(2);
  });

  it('a long terminationGracePeriodSeconds does not keep it longer', async () => {
    await lab.request
      .post(PODS)
      .send(pod('web', {}, { terminationGracePeriodSeconds: 3600 }))
      .expect(201);
    expect(await lifetimeAfterDelete('web')).toBe(2);
  });

  it('a grace period shorter than the exit ends it at the deadline; 0 at once', async () => {
    await lab.request.post(PODS).send(pod('one')).expect(201);
    expect(await lifetimeAfterDelete('one', '?gracePeriodSeconds=1')).toBe(1);
    await lab.request.post(PODS).send(pod('zero')).expect(201);
    expect(await lifetimeAfterDelete('zero', '?gracePeriodSeconds=0')).toBe(0);
  });
});

describe('a pod with a container that ignores SIGTERM', () => {
  it.each([
    ['busybox sleep', { name: 's', image: 'busybox', command: ['sleep', '3600'] }],
    ['busybox with args only', { name: 's', image: 'busybox', args: ['sleep', '3600'] }],
    ['alpine sh -c', { name: 's', image: 'alpine:3.20', command: ['/bin/sh', '-c', 'sleep 1d'] }],
    // docker-entrypoint.sh execs its arguments, so sleep becomes PID 1.
    ['nginx args replaced by sleep', { name: 's', image: 'nginx', args: ['sleep', '3600'] }],
  ])('%s waits out the grace period', async (_name, container) => {
    const spec = { ...containers(container), terminationGracePeriodSeconds: 5 };
    await lab.request
      .post(PODS)
      .send(pod('p', {}, spec))
      .expect(201);
    expect(await lifetimeAfterDelete('p')).toBe(5);
  });

  it('holds back its pod even when the other containers exit', async () => {
    const spec = containers(
      { name: 'nginx', image: 'nginx' },
      { name: 'sidecar', image: 'busybox', command: ['sh', '-c', 'tail -f /dev/null'] },
    );
    await lab.request
      .post(PODS)
      .send(pod('web', {}, spec))
      .expect(201);
    expect(await lifetimeAfterDelete('web')).toBe(30);
  });
});

describe('a watch on a deleted nginx pod', () => {
  it('reports the exit and the deletion when the kubelet is done, with no other write', async () => {
    await lab.request.post(PODS).send(pod('web')).expect(201);
    const watching = lab.request
      .get(`${PODS}?watch=true&timeoutSeconds=5`)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => done(null, text));
      })
      .then((r) => r);
    const pause = () => new Promise((resolve) => setTimeout(resolve, 1200));
    await new Promise((resolve) => setTimeout(resolve, 500));
    await lab.request.delete(`${PODS}/web`).expect(200);
    await pause();
    lab.clock.advance(1);
    await pause();
    lab.clock.advance(1);
    const events = ((await watching).body as string)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Json);
    const seen = events.map((e) => [
      e.type,
      Boolean(e.object.metadata.deletionTimestamp),
      e.object.status.phase,
    ]);
    expect(seen).toEqual([
      ['ADDED', false, 'Running'],
      ['MODIFIED', true, 'Running'],
      ['MODIFIED', true, 'Succeeded'],
      ['DELETED', true, 'Succeeded'],
    ]);
  }, 10_000);
});
