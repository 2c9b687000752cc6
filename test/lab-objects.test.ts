// Labs side by side, as a Durable Object each on the Worker (one SQLite file per lab on neither
// runtime's critical path): two labs written and routed in parallel keep to themselves, and on the
// Worker a lab's object deletes the lab by its alarm when its time to live is up.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLab, target, type TestLab } from './support/app';

const example = (name: string) =>
  readFileSync(new URL(`../examples/${name}`, import.meta.url), 'utf8');

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

interface Created {
  id: string;
  token: string;
}

async function createLab(body: object): Promise<Created> {
  const res = await lab.request.post('/labs').send(body);
  expect(res.status, res.text).toBe(201);
  return res.body as Created;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('labs side by side', () => {
  it('two labs written and routed in parallel each keep only their own objects and hits', async () => {
    const [a, b] = await Promise.all([createLab({ seed: 1 }), createLab({ seed: 2 })]);
    const inLab = (id: string) => ({
      apply: (yaml: string) =>
        lab.request
          .post('/manifests')
          .set('X-Lab-Id', id)
          .set('Content-Type', 'application/yaml')
          .send(yaml)
          .expect(201),
      get: (path: string) => lab.request.get(path).set('X-Lab-Id', id),
    });
    const [labA, labB] = [inLab(a.id), inLab(b.id)];
    await Promise.all([
      labA.apply(example('echo-nodeport.yaml')),
      labB
        .apply(example('nginx-pod.yaml'))
        .then(() => labB.apply(example('nginx-nodeport-service.yaml'))),
    ]);
    const routed = await Promise.all([
      ...Array.from({ length: 6 }, () => labA.get('/nodes/192.168.1.3/30007/request?count=10')),
      ...Array.from({ length: 4 }, () => labB.get('/nodes/192.168.1.3/31110/request?count=5')),
    ]);
    for (const r of routed) expect(r.status, r.text).toBe(200);
    const services = async (l: typeof labA) =>
      (
        (await l.get('/api/v1/namespaces/default/services').expect(200)).body.items as {
          metadata: { name: string };
        }[]
      ).map((s) => s.metadata.name);
    expect(await services(labA)).toEqual(['echo-nodeport-service', 'kubernetes']);
    expect(await services(labB)).toEqual(['kubernetes', 'nginx-nodeport-service']);
    const total = async (l: typeof labA) => (await l.get('/hits').expect(200)).body.total as number;
    expect([await total(labA), await total(labB)]).toEqual([60, 20]);
  });
});

describe('expiry on the Worker', () => {
  const onWorker = target === 'worker' ? it : it.skip;
  onWorker(
    "a lab's object deletes the lab by its alarm (the frozen wall clock never expires it on read)",
    async () => {
      const short = await createLab({ seed: 1, ttlSeconds: 2 });
      const asShort = (path: string) =>
        lab.request.get(path).set('Authorization', `Bearer ${short.token}`);
      await lab.request
        .post('/manifests')
        .set('Authorization', `Bearer ${short.token}`)
        .set('Content-Type', 'application/yaml')
        .send(example('nginx-pod.yaml'))
        .expect(201);
      expect((await asShort(`/labs/${short.id}`)).status).toBe(200);
      let status = 200;
      for (let waited = 0; status === 200 && waited < 15_000; waited += 250) {
        await sleep(250);
        status = (await lab.request.get(`/labs/${short.id}`)).status;
      }
      expect(status).toBe(404);
      // The directory row went with it: the lab's token no longer authenticates.
      expect((await asShort('/api/v1/namespaces/default/pods')).status).toBe(401);
    },
  );
});
