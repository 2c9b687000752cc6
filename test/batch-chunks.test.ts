// A routed batch larger than the Worker's per-request chunk (WORKER_BATCH) answers what one batch
// answers: the same connections drawn in the same order, counts and shares merged. Two labs with
// the same seed and manifests: one routes count=1200 at once, the other in chunks, merged here.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mergeBatches, WORKER_BATCH } from '../src/worker/batch-chunks';
import { startLab, type TestLab } from './support/app';

const example = (name: string) =>
  readFileSync(new URL(`../examples/${name}`, import.meta.url), 'utf8');

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

async function echoLab(): Promise<string> {
  const created = await lab.request.post('/labs').send({ seed: 7 }).expect(201);
  const id = (created.body as { id: string }).id;
  await lab.request
    .post('/manifests')
    .set('X-Lab-Id', id)
    .set('Content-Type', 'application/yaml')
    .send(example('echo-nodeport.yaml'))
    .expect(201);
  return id;
}

const route = (id: string, count: number) =>
  lab.request
    .get(`/nodes/192.168.1.3/30007/request?count=${count}`)
    .set('X-Lab-Id', id)
    .expect(200)
    .then((r) => r.body as Parameters<typeof mergeBatches>[0][number]);

describe('routed batches in chunks', () => {
  it(`count=1200 at once equals chunks of ${WORKER_BATCH} merged`, async () => {
    const [whole, parted] = [await echoLab(), await echoLab()];
    const once = await route(whole, 1200);
    const chunks = [];
    for (const n of [WORKER_BATCH, WORKER_BATCH, 1200 - 2 * WORKER_BATCH]) {
      chunks.push(await route(parted, n));
    }
    expect(mergeBatches(chunks)).toEqual(once);
    expect(once.count).toBe(1200);
    expect(once.distribution.pods.length).toBeGreaterThan(1);
  });
});
