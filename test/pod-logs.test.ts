// GET pods/{name}/log through the HTTP API: start-up lines, one access line per request in the
// image's format with the address the pod saw, restarts and --previous, and kubelet's errors.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOG_BOUNDS } from '../src/domain/kubelet/logs/container-log';
import { MAX_LOG_FOLLOWS } from '../src/http/kube-api/log-follow';
import { apply, nodeOnly, startLab, type TestLab } from './support/app';

const example = (name: string) =>
  readFileSync(new URL(`../examples/${name}`, import.meta.url), 'utf8');

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

async function pods(selector: string): Promise<{ name: string; ip: string }[]> {
  const res = await lab.request.get(`/api/v1/namespaces/default/pods?labelSelector=${selector}`);
  return res.body.items.map((p: { metadata: { name: string }; status: { podIP: string } }) => ({
    name: p.metadata.name,
    ip: p.status.podIP,
  }));
}

const log = (pod: string, query = '') =>
  lab.request.get(`/api/v1/namespaces/default/pods/${pod}/log${query}`).buffer(true);

describe('pod logs', () => {
  it('shows nginx start-up and one access line per request, source address per traffic policy', async () => {
    expect((await apply(lab, example('echo-nodeport.yaml'))).status).toBe(201);
    const all = await pods('app=echo-nodeport');
    const first = await log(all[0]!.name);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toMatch(/^text\/plain/);
    // The ConfigMap's default.conf is mounted read-only over the image's.
    expect(first.text).toContain(
      '10-listen-on-ipv6-by-default.sh: info: can not modify /etc/nginx/conf.d/default.conf (read-only file system?)',
    );
    expect(first.text).toMatch(/\[notice\] 1#1: nginx\/1\.29\.3\n/);
    expect(first.text).toContain('built by gcc 14.2.0 (Alpine 14.2.0) \n');
    for (let i = 0; i < 6; i++) {
      const r = await lab.request
        .get('/nodes/192.168.1.3/30007/request/hello')
        .set('User-Agent', 'curl/8.5.0')
        .query({ clientIp: '192.168.1.50' });
      expect(r.status).toBe(200);
    }
    const hits = (await lab.request.get('/hits')).body as {
      services: { pods: { pod: string; hits: number }[] }[];
    };
    const counted = new Map(hits.services.flatMap((s) => s.pods.map((p) => [p.pod, p.hits])));
    let lines = 0;
    for (const p of all) {
      const text = (await log(p.name)).text;
      const access = text.split('\n').filter((l) => l.includes('"GET /hello HTTP/1.1"'));
      lines += access.length;
      // Hits and lines are written together: each pod has one line per hit.
      expect(access.length).toBe(counted.get(p.name) ?? 0);
      // Cluster policy: masqueraded to the entry node's address.
      for (const l of access) {
        expect(l).toMatch(
          /^192\.168\.1\.3 - - \[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET \/hello HTTP\/1\.1" 200 \d+ "-" "curl\/8\.5\.0" "-"$/,
        );
      }
    }
    expect(lines).toBe(6);
  });

  it('keeps the client address with externalTrafficPolicy Local', async () => {
    await apply(lab, example('echo-nodeport.yaml'));
    const patch = await lab.request
      .patch('/api/v1/namespaces/default/services/echo-nodeport-service')
      .set('Content-Type', 'application/merge-patch+json')
      .send({ spec: { externalTrafficPolicy: 'Local' } });
    expect(patch.status).toBe(200);
    const all = await pods('app=echo-nodeport');
    const target = (await lab.request.get(`/api/v1/namespaces/default/pods/${all[0]!.name}`)).body;
    const nodeIp = target.status.hostIP as string;
    const r = await lab.request
      .get(`/nodes/${nodeIp}/30007/request/`)
      .query({ clientIp: '192.168.1.77' });
    expect(r.status).toBe(200);
    const served = r.body.pod.name as string;
    const text = (await log(served)).text;
    expect(text).toMatch(
      /^192\.168\.1\.77 - - \[.*\] "GET \/ HTTP\/1\.1" 200 \d+ "-" "curl\/8\.5\.0" "-"$/m,
    );
  });

  it('answers the errors of kube-apiserver and the kubelet', async () => {
    await apply(
      lab,
      `apiVersion: v1
kind: Pod
metadata:
  name: two
spec:
  containers:
    - name: app
      image: nginx
    - name: side
      image: httpd
`,
    );
    const pick = await log('two');
    expect(pick.status).toBe(400);
    expect(pick.body).toMatchObject({
      kind: 'Status',
      reason: 'BadRequest',
      message: 'a container name must be specified for pod two, choose one of: [app side]',
    });
    const wrong = await log('two', '?container=nope');
    expect(wrong.body.message).toBe('container nope is not valid for pod two');
    const prev = await log('two', '?container=app&previous=true');
    expect(prev.status).toBe(400);
    expect(prev.body.message).toBe('previous terminated container "app" in pod "two" not found');
    const tail = await log('two', '?container=app&tailLines=-1');
    expect(tail.status).toBe(422);
    expect(tail.body.message).toBe(
      'PodLogOptions "two" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0',
    );
    const missing = await log('nothere');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('pods "nothere" not found');
    const httpd = await log('two', '?container=side');
    expect(httpd.text).toContain("AH00094: Command line: 'httpd -D FOREGROUND'");
  });

  it('says a container waiting for its ConfigMap is waiting to start', async () => {
    await apply(
      lab,
      `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx
      volumeMounts:
        - name: conf
          mountPath: /etc/nginx/conf.d
  volumes:
    - name: conf
      configMap:
        name: missing
`,
    );
    const res = await log('web');
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      'container "app" in pod "web" is waiting to start: ContainerCreating',
    );
  });

  it('shows the [emerg] of a broken config, now and with previous', async () => {
    await apply(
      lab,
      `apiVersion: v1
kind: ConfigMap
metadata:
  name: bad
data:
  default.conf: |
    server { listen 80; } }
---
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx:1.27
      volumeMounts:
        - name: conf
          mountPath: /etc/nginx/conf.d
  volumes:
    - name: conf
      configMap:
        name: bad
`,
    );
    const now = await log('web');
    expect(now.status).toBe(200);
    expect(now.text).toContain(
      '10-listen-on-ipv6-by-default.sh: info: can not modify /etc/nginx/conf.d/default.conf (read-only file system?)',
    );
    expect(now.text).toMatch(
      /\n\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[emerg\] 1#1: unexpected "}" in \/etc\/nginx\/conf\.d\/default\.conf:1\n/,
    );
    expect(now.text).toMatch(
      /\nnginx: \[emerg\] unexpected "}" in \/etc\/nginx\/conf\.d\/default\.conf:1\n$/,
    );
    const previous = await log('web', '?previous=true');
    expect(previous.text).toBe(now.text);
    // Following a container that is not running prints its last run and ends, as the kubelet does.
    const followed = await log('web', '?follow=true');
    expect(followed.text).toBe(now.text);
  });

  it('cuts with tailLines, limitBytes and prefixes timestamps', async () => {
    await apply(
      lab,
      `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx
`,
    );
    const full = (await log('web')).text;
    expect(full).toContain('Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf');
    const tail = (await log('web', '?tailLines=2')).text;
    expect(tail).toBe(full.split('\n').slice(-3).join('\n'));
    const bytes = (await log('web', '?limitBytes=10')).text;
    expect(bytes).toBe(full.slice(0, 10));
    const stamped = (await log('web', '?tailLines=1&timestamps=true')).text;
    expect(stamped).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z \d{4}\/.* start worker process \d+\n$/,
    );
  });

  it('keeps a run to its newest 1,000 lines, and forgets a deleted pod', async () => {
    const single = example('echo-nodeport.yaml').replace('replicas: 3', 'replicas: 1');
    await apply(lab, single);
    const [only] = await pods('app=echo-nodeport');
    const sent = await lab.request.get('/nodes/192.168.1.3/30007/request/').query({ count: 1500 });
    expect(sent.status).toBe(200);
    const lines = (await log(only!.name)).text.trimEnd().split('\n');
    expect(lines).toHaveLength(LOG_BOUNDS.linesPerRun);
    expect(lines.every((l) => l.includes('"GET / HTTP/1.1" 200'))).toBe(true);
    const bare =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: solo\nspec:\n  containers:\n    - name: app\n      image: httpd\n';
    await apply(lab, bare);
    const solo = (await pods('')).find((p) => p.name === 'solo')!;
    await lab.request.get(`/cluster/${solo.ip}/80/request/old`);
    expect((await log('solo')).text).toContain('"GET /old HTTP/1.1" 404');
    const gone = await lab.request.delete(
      '/api/v1/namespaces/default/pods/solo?gracePeriodSeconds=0',
    );
    expect(gone.status).toBe(200);
    await apply(lab, bare);
    const fresh = (await log('solo')).text;
    expect(fresh).toContain('AH00094');
    expect(fresh).not.toContain('/old');
  });

  nodeOnly('logs survive a restart of the server')('keeps the lines in the database', async () => {
    await apply(lab, example('echo-nodeport.yaml'));
    await lab.request.get('/nodes/192.168.1.3/30007/request/').query({ count: 20 });
    const all = await pods('app=echo-nodeport');
    const before = await Promise.all(all.map(async (p) => (await log(p.name)).text));
    lab = await lab.restart();
    const after = await Promise.all(all.map(async (p) => (await log(p.name)).text));
    expect(after).toEqual(before);
    expect(after.join('').match(/"GET \/ HTTP\/1\.1"/g)).toHaveLength(20);
  });

  nodeOnly('open follows are counted per process')(
    'bounds open follows per lab with a 429, and frees a slot when a follower leaves',
    async () => {
      await apply(
        lab,
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx\n',
      );
      const server = lab.server!;
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const { port } = server.address() as AddressInfo;
      const url = `http://127.0.0.1:${port}/api/v1/namespaces/default/pods/web/log?follow=true`;
      const followers = Array.from({ length: MAX_LOG_FOLLOWS }, () => new AbortController());
      const open = await Promise.all(followers.map((a) => fetch(url, { signal: a.signal })));
      expect(open.map((r) => r.status)).toEqual(followers.map(() => 200));
      const refused = await fetch(url);
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { reason: string }).reason).toBe('TooManyRequests');
      followers[0]!.abort();
      let again = 429;
      for (let i = 0; i < 50 && again === 429; i++) {
        await new Promise((r) => setTimeout(r, 50));
        const res = await fetch(url, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
        again = res?.status ?? 0;
        await res?.body?.cancel();
      }
      expect(again).toBe(200);
      for (const a of followers) a.abort();
      // The followers notice at their next poll, before the store closes under them.
      await new Promise((r) => setTimeout(r, 500));
    },
  );
});
