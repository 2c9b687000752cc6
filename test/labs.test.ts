// Labs in open mode: each lab is its own cluster, picked with X-Lab-Id (or its token); quotas,
// reset and templates. Tokens with ADMIN_TOKEN set are in auth-*.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type TestLab } from './support/app';
import { expectStatus } from './support/manifests';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

it('creates isolated labs that X-Lab-Id selects', async () => {
  const created = await lab.request.post('/labs').send({ name: 'alice', seed: 7 });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({
    name: 'alice',
    settings: { seed: 7, proxyMode: 'iptables' },
  });
  expect(created.body.nodes.map((n: { ip: string }) => n.ip)).toEqual([
    '192.168.1.2',
    '192.168.1.3',
    '192.168.1.4',
  ]);
  const id = created.body.id as string;
  const cm = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'only-in-alice' },
    data: { a: 'b' },
  };
  const made = await lab.request
    .post('/api/v1/namespaces/default/configmaps')
    .set('X-Lab-Id', id)
    .send(cm);
  expect(made.status).toBe(201);
  expect(
    (
      await lab.request
        .get('/api/v1/namespaces/default/configmaps/only-in-alice')
        .set('X-Lab-Id', id)
    ).status,
  ).toBe(200);
  expect(
    (await lab.request.get('/api/v1/namespaces/default/configmaps/only-in-alice')).status,
  ).toBe(404);
});

it('answers 404 for a lab that does not exist and 400 for a bad request', async () => {
  const missing = await lab.request.get('/api/v1/namespaces/default/pods').set('X-Lab-Id', 'nope');
  expect(missing.status).toBe(404);
  expect(missing.body.message).toBe('lab "nope" not found');
  const bad = await lab.request.post('/labs').send({ proxyMode: 'userspace' });
  expect(bad.status).toBe(400);
  expect(bad.body.message).toMatch(/proxyMode/);
});

const YAML = 'application/yaml';
const configMaps = (from: number, to: number) =>
  Array.from(
    { length: to - from },
    (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${from + i}\ndata:\n  k: v\n`,
  ).join('---\n');

async function newLab(body: object = {}): Promise<{ id: string; token: string }> {
  const res = await lab.request.post('/labs').send(body);
  expect(res.status, res.text).toBe(201);
  return res.body;
}

describe('open mode (no ADMIN_TOKEN)', () => {
  it('lets anyone create and list labs, and accepts a lab’s token or Bearer lab:<id> to pick it', async () => {
    const made = await newLab({ name: 'bob' });
    expect(made.token.startsWith(`${made.id}.`)).toBe(true);
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: {} };
    await lab.request
      .post('/api/v1/namespaces/default/configmaps')
      .set('X-Lab-Id', made.id)
      .send(cm)
      .expect(201);
    const path = '/api/v1/namespaces/default/configmaps/x';
    // supertest's agent on the Worker run sends X-Lab-Id; an empty one leaves the token to pick.
    const byToken = await lab.request
      .get(path)
      .set('X-Lab-Id', '')
      .set('Authorization', `Bearer ${made.token}`);
    expect(byToken.status).toBe(200);
    const byAlias = await lab.request
      .get(path)
      .set('X-Lab-Id', '')
      .set('Authorization', `Bearer lab:${made.id}`);
    expect(byAlias.status).toBe(200);
    const wrong = await lab.request.get(path).set('Authorization', `Bearer ${made.id}.nope`);
    expectStatus(wrong, 401, 'Unauthorized', /not valid/);
    // Labs are listed by id: page on until it comes, as other suites' labs share the directory
    // (the Worker run's D1 holds every file's labs, and past 500 a new id may fall on a later page).
    const ids: string[] = [];
    let next: string | undefined = '';
    while (next !== undefined && !ids.includes(made.id)) {
      const listed = await lab.request.get('/labs').query({ limit: 500, continue: next });
      expect(listed.status).toBe(200);
      ids.push(...listed.body.items.map((l: { id: string }) => l.id));
      next = listed.body.continue as string | undefined;
    }
    expect(ids).toContain(made.id);
  });
});

describe('quotas', () => {
  it('refuses the 501st object with a 403 that names the quota, and still lets the lab shrink', async () => {
    const { id } = await newLab();
    const post = (yaml: string) =>
      lab.request.post('/manifests').set('X-Lab-Id', id).set('Content-Type', YAML).send(yaml);
    expect((await post(configMaps(0, 250))).status).toBe(201);
    expect((await post(configMaps(250, 500))).status).toBe(201);
    expectStatus(
      await post(configMaps(500, 501)),
      403,
      'Forbidden',
      'configmaps "cm-500" is forbidden: exceeded quota: lab, requested: objects=1, used: objects=500, limited: objects=500',
    );
    const dry = await lab.request
      .post('/manifests?dryRun=All')
      .set('X-Lab-Id', id)
      .set('Content-Type', YAML)
      .send(configMaps(500, 502));
    expectStatus(dry, 403, 'Forbidden', /requested: objects=2, used: objects=500/);
    const usage = await lab.request.get(`/labs/${id}`);
    expect(usage.body.usage).toEqual({
      objects: 500,
      pods: 0,
      networkPolicies: 0,
      storedBytes: expect.any(Number),
    });
    await lab.request
      .delete('/api/v1/namespaces/default/configmaps/cm-0')
      .set('X-Lab-Id', id)
      .expect(200);
    expect((await post(configMaps(500, 501))).status).toBe(201);
  });

  it('refuses the 201st pod with a 403 that names the quota', async () => {
    const { id } = await newLab();
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'many' },
      spec: {
        replicas: 200,
        selector: { matchLabels: { app: 'many' } },
        template: {
          metadata: { labels: { app: 'many' } },
          spec: { containers: [{ name: 'c', image: 'nginx' }] },
        },
      },
    };
    await lab.request
      .post('/apis/apps/v1/namespaces/default/deployments')
      .set('X-Lab-Id', id)
      .send(deployment)
      .expect(201);
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'one-more' },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    };
    const res = await lab.request
      .post('/api/v1/namespaces/default/pods')
      .set('X-Lab-Id', id)
      .send(pod);
    expectStatus(
      res,
      403,
      'Forbidden',
      'pods "one-more" is forbidden: exceeded quota: lab, requested: pods=1, used: pods=200, limited: pods=200',
    );
    expect(res.body.details).toEqual({ name: 'one-more', kind: 'pods' });
    const pods = await lab.request.get('/api/v1/pods').set('X-Lab-Id', id);
    expect(pods.body.items).toHaveLength(200);
    // A Deployment asking for more gets what fits and says why, as with a ResourceQuota.
    await lab.request
      .patch('/apis/apps/v1/namespaces/default/deployments/many')
      .set('X-Lab-Id', id)
      .set('Content-Type', 'application/merge-patch+json')
      .send({ spec: { replicas: 201 } })
      .expect(200);
    const dep = await lab.request
      .get('/apis/apps/v1/namespaces/default/deployments/many')
      .set('X-Lab-Id', id);
    expect(dep.body.status.replicas).toBe(200);
    expect(JSON.stringify(dep.body.status.conditions)).toMatch(/exceeded quota: lab/);
  });

  it('caps a count batch at 10,000 requests', async () => {
    const res = await lab.request.get('/nodes/192.168.1.3/30007/request?count=10001');
    expectStatus(res, 400, 'BadRequest', /count must be an integer between 1 and 10000/);
  });
});

describe('reset', () => {
  it('brings a lab back to its template’s starting state, settings as created, hits and kube-proxy memory cleared', async () => {
    const { id } = await newLab({ template: 'frontend-backend', seed: 9 });
    const asLab = (req: ReturnType<typeof lab.request.get>) => req.set('X-Lab-Id', id);
    const podsNow = async () =>
      (await asLab(lab.request.get('/api/v1/namespaces/default/pods'))).body.items.map(
        (p: { metadata: { name: string; uid: string }; status: { podIP: string } }) => [
          p.metadata.name,
          p.metadata.uid,
          p.status.podIP,
        ],
      );
    const start = await podsNow();
    expect(start.map((p: string[]) => p[0])).toEqual([
      'nginx-backend',
      'nginx-backend2',
      'nginx-frontend',
    ]);
    const solution = (await lab.request.get('/templates/frontend-backend')).body.solution;
    await asLab(lab.request.post('/manifests'))
      .set('Content-Type', YAML)
      .send(solution)
      .expect(201);
    await asLab(lab.request.delete('/api/v1/namespaces/default/pods/nginx-frontend')).expect(200);
    await asLab(lab.request.patch('/cluster')).send({ proxyMode: 'ipvs', seed: 3 }).expect(200);
    await asLab(lab.request.get('/nodes/192.168.1.3/30007/request?count=5')).expect(200);
    await asLab(lab.request.post('/cluster/clock')).send({ advanceSeconds: 60 }).expect(200);

    const reset = await asLab(lab.request.post(`/labs/${id}/reset`));
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ id, template: 'frontend-backend' });
    expect(await podsNow()).toEqual(start);
    const services = await asLab(lab.request.get('/api/v1/namespaces/default/services'));
    expect(services.body.items.map((s: { metadata: { name: string } }) => s.metadata.name)).toEqual(
      ['kubernetes'],
    );
    expect((await asLab(lab.request.get('/hits'))).body.total).toBe(0);
    const cluster = (await asLab(lab.request.get('/cluster'))).body;
    expect(cluster).toMatchObject({ proxyMode: 'iptables', seed: 9, clockOffsetSeconds: 60 });
    // The nodePort is free again, and the lesson replays.
    await asLab(lab.request.post('/manifests'))
      .set('Content-Type', YAML)
      .send(solution)
      .expect(201);
    const graded = await asLab(lab.request.post(`/labs/${id}/grade`));
    expect(graded.body.passed).toBe(true);
  });
});

describe('templates', () => {
  it('lists one template per tutorial first, each with its exercise, checks and solution', async () => {
    const list = await lab.request.get('/templates');
    expect(list.status).toBe(200);
    // The five tutorials' lessons come first; the lessons after NodePort follow (lessons/).
    expect(list.body.items.slice(0, 5).map((t: { id: string }) => t.id)).toEqual([
      'nodeport-basics',
      'frontend-backend',
      'echo-deployment',
      'nodeport-external-ip',
      'nodeport-pitfalls',
    ]);
    for (const t of list.body.items) {
      expect(t).toMatchObject({
        title: expect.any(String),
        tutorial: expect.any(String),
        description: expect.stringMatching(/.{40,}/),
        checks: expect.any(Number),
        maxScore: expect.any(Number),
      });
      const one = await lab.request.get(`/templates/${t.id}`);
      // A cloud lesson may be solved in the cloud alone (solutionCloud, PATCH /cluster).
      if (!one.body.solutionCloud) {
        expect(one.body.solution).toEqual(expect.stringMatching(/^kind: \w+$/m));
      }
      expect(typeof one.body.startingState).toBe('string');
      expect(one.body.checks).toHaveLength(t.checks);
    }
    const missing = await lab.request.get('/templates/nope');
    expectStatus(missing, 404, 'NotFound', 'template "nope" not found');
  });

  it('starts a lab with the template’s objects', async () => {
    const { id } = await newLab({ template: 'nodeport-external-ip' });
    const shown = await lab.request.get(`/labs/${id}`);
    expect(shown.body).toMatchObject({ template: 'nodeport-external-ip', usage: { pods: 3 } });
    const deps = await lab.request
      .get('/apis/apps/v1/namespaces/default/deployments')
      .set('X-Lab-Id', id);
    expect(deps.body.items.map((d: { metadata: { name: string } }) => d.metadata.name)).toEqual([
      'myapp-deployment',
    ]);
  });
});

describe('seeds', () => {
  it('gives each lab created without a seed its own, stored, so it still replays', async () => {
    const a = await newLab({ template: 'echo-deployment' });
    const b = await newLab({ template: 'echo-deployment' });
    const seedOf = async (id: string) =>
      (await lab.request.get('/cluster').set('X-Lab-Id', id).expect(200)).body.seed as number;
    const [seedA, seedB] = [await seedOf(a.id), await seedOf(b.id)];
    expect(Number.isInteger(seedA) && seedA >= 0 && seedA <= 0xffffffff).toBe(true);
    expect(seedA).not.toBe(seedB);
    // The cluster's starting objects are drawn from the seed: node uids differ between labs.
    const nodeUids = async (id: string) =>
      (await lab.request.get('/api/v1/nodes').set('X-Lab-Id', id).expect(200)).body.items.map(
        (n: { metadata: { uid: string } }) => n.metadata.uid,
      );
    const uidsA = await nodeUids(a.id);
    expect(uidsA).toHaveLength(3);
    expect(uidsA).not.toEqual(await nodeUids(b.id));
    // The stored seed replays: a reset draws the same uids again.
    await lab.request.post(`/labs/${a.id}/reset`).set('X-Lab-Id', a.id).expect(200);
    expect(await nodeUids(a.id)).toEqual(uidsA);
    expect(await seedOf(a.id)).toBe(seedA);
  });

  it('keeps the seed a request names, and the default lab its fixed seed 1', async () => {
    const made = await newLab({ seed: 7 });
    expect((await lab.request.get('/cluster').set('X-Lab-Id', made.id)).body.seed).toBe(7);
    expect((await lab.request.get('/cluster').set('X-Lab-Id', 'default')).body.seed).toBe(1);
  });
});
