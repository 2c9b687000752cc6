// The exec adapter (src/cluster/pod-exec.ts) against a real stored lab: the echo tutorial applied
// over HTTP, commands run in its pods, hits read back over HTTP. Node only: the adapter is called
// in-process (the streams layer puts it on the wire).
import { createAdaptorServer } from '@hono/node-server';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LabCluster } from '../src/cluster/lab-cluster';
import { endMainProcess, execInPod, openPodShell } from '../src/cluster/pod-exec';
import { SqliteStore } from '../src/db/sqlite';
import { createApp } from '../src/http/app';
import { ApiError } from '../src/domain/apimachinery/errors';
import { testClock } from './support/test-clock';

const echo = readFileSync(new URL('../examples/echo-nodeport.yaml', import.meta.url), 'utf8');

let dir: string;
let store: SqliteStore;
let cluster: LabCluster;
let request: ReturnType<typeof supertest>;
let clock: ReturnType<typeof testClock>;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pod-exec-'));
  store = SqliteStore.open(join(dir, 'lab.db'));
  clock = testClock();
  cluster = new LabCluster(store, clock);
  await cluster.ensureLab('default', 'default');
  const app = createApp({ cluster, defaultLabId: 'default' });
  request = supertest(createAdaptorServer({ fetch: app.fetch }));
  await request.post('/manifests').set('Content-Type', 'application/yaml').send(echo).expect(201);
  await request
    .post('/api/v1/namespaces/default/pods')
    .send({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'tools' },
      spec: {
        containers: [{ name: 'c', image: 'curlimages/curl', command: ['sleep', 'infinity'] }],
      },
    })
    .expect(201);
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function echoPod(): Promise<string> {
  const pods = await request
    .get('/api/v1/namespaces/default/pods?labelSelector=app%3Decho-nodeport')
    .expect(200);
  return pods.body.items[0].metadata.name as string;
}

async function totalHits(): Promise<number> {
  const hits = await request.get('/hits/default/echo-nodeport-service').expect(200);
  return (hits.body.pods as { hits: number }[]).reduce((n, p) => n + p.hits, 0);
}

describe('execInPod', () => {
  it('curls the Service from the pod and records the hit', async () => {
    const r = await execInPod(cluster, 'default', { namespace: 'default', pod: 'tools' }, [
      'curl',
      '-s',
      'http://echo-nodeport-service',
    ]);
    expect(r).toMatchObject({ exitCode: 0, stderr: '' });
    expect(r.stdout).toMatch(/^Hello! I am Pod: 10\.244\.\d+\.\d+\n$/);
    expect(await totalHits()).toBe(1);
    const shown = await request.get('/hits/default/echo-nodeport-service').expect(200);
    const answered = r.stdout.slice('Hello! I am Pod: '.length, -1);
    expect(JSON.stringify(shown.body)).toContain(answered);
    // The nginx that answered logged the request, from the client pod's address.
    const pods = await request.get('/api/v1/namespaces/default/pods').expect(200);
    const items = pods.body.items as { metadata: { name: string }; status: { podIP: string } }[];
    const server = items.find((p) => p.status.podIP === answered)!;
    const client = items.find((p) => p.metadata.name === 'tools')!;
    const log = await request
      .get(`/api/v1/namespaces/default/pods/${server.metadata.name}/log`)
      .expect(200);
    expect(log.text).toContain(`${client.status.podIP} - - [`);
    expect(log.text).toContain('"GET / HTTP/1.1" 200');
  });

  it('cats the mounted ConfigMap in an echo pod (nginx:alpine)', async () => {
    const pod = await echoPod();
    const r = await execInPod(
      cluster,
      'default',
      { namespace: 'default', pod, container: 'nginx' },
      ['cat', '/etc/nginx/conf.d/default.conf'],
    );
    expect(r.stdout).toContain('Hello! I am Pod: $server_addr');
  });

  it('answers the Kubernetes refusals', async () => {
    const refusal = async (target: { pod: string; container?: string }) => {
      try {
        await execInPod(cluster, 'default', { namespace: 'default', ...target }, ['true']);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        return [e.code, e.message];
      }
      return undefined;
    };
    expect(await refusal({ pod: 'nope' })).toEqual([404, 'pods "nope" not found']);
    await request
      .post('/api/v1/namespaces/default/pods')
      .send({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'done' },
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'c', image: 'busybox', command: ['true'] }],
        },
      })
      .expect(201);
    clock.advance(1);
    expect(await refusal({ pod: 'done' })).toEqual([500, 'container not found ("c")']);
    expect(await refusal({ pod: 'tools', container: 'x' })).toEqual([
      400,
      'container x is not valid for pod tools',
    ]);
  });

  it('resolves kube-dns and the Service variables of the lab', async () => {
    const where = { namespace: 'default', pod: 'tools' };
    const dns = await execInPod(cluster, 'default', where, ['nslookup', 'kube-dns.kube-system']);
    expect(dns.stdout).toContain(
      'Name:\tkube-dns.kube-system.svc.cluster.local\nAddress: 10.96.0.10\n',
    );
    const env = await execInPod(cluster, 'default', where, [
      'sh',
      '-c',
      'env | grep KUBERNETES_SERVICE_HOST',
    ]);
    expect(env.stdout).toBe('KUBERNETES_SERVICE_HOST=10.96.0.1\n');
  });

  it('fails a missing program as the runtime does', async () => {
    const r = await execInPod(cluster, 'default', { namespace: 'default', pod: 'tools' }, ['bash']);
    expect(r.exitCode).toBe(126);
    expect(r.stderr).toContain('exec: "bash": executable file not found in $PATH');
  });
});

describe('openPodShell', () => {
  it('runs a tty session line by line, curl included, and ends on exit', async () => {
    const shell = await openPodShell(
      cluster,
      'default',
      { namespace: 'default', pod: 'tools' },
      ['sh'],
      { tty: true },
    );
    expect(shell!.banner).toBe('~ $ ');
    const out = await shell!.input('curl -s echo-nodeport-service\r');
    expect(out.output).toMatch(
      /^curl -s echo-nodeport-service\r\nHello! I am Pod: [\d.]+\r\n~ \$ $/,
    );
    expect(await totalHits()).toBe(1);
    const end = await shell!.input('exit 3\r');
    expect(end.exitCode).toBe(3);
  });

  it('is no shell for a program that is not one', async () => {
    expect(
      await openPodShell(cluster, 'default', { namespace: 'default', pod: 'tools' }, ['curl'], {
        tty: true,
      }),
    ).toBeUndefined();
  });

  it("attach: the pod's own stdin shell exiting ends its run (restartPolicy Never: Failed)", async () => {
    await request
      .post('/api/v1/namespaces/default/pods')
      .send({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'tmp' },
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'tmp', image: 'busybox', stdin: true, tty: true }],
        },
      })
      .expect(201);
    const where = { namespace: 'default', pod: 'tmp' };
    const shell = await openPodShell(cluster, 'default', where, ['sh'], { tty: true });
    const out = await shell!.input('exit 2\r');
    expect(out.exitCode).toBe(2);
    await endMainProcess(cluster, 'default', where, 'tmp', 2);
    const pod = await request.get('/api/v1/namespaces/default/pods/tmp').expect(200);
    expect(pod.body.status.phase).toBe('Failed');
    expect(pod.body.status.containerStatuses[0].state.terminated).toMatchObject({
      exitCode: 2,
      reason: 'Error',
    });
  });
});
