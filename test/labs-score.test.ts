// The lab keeps its latest lesson grade: GET /labs and GET /labs/{id} show it, a second grading
// replaces it, ad-hoc checks never record one, and a reset forgets it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type TestLab } from './support/app';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

interface Template {
  id: string;
  solution: string;
  checks: { points: number }[];
}

async function firstTemplate(): Promise<Template> {
  const list = await lab.request.get('/templates').expect(200);
  const one = await lab.request.get(`/templates/${list.body.items[0].id}`).expect(200);
  return one.body as Template;
}

async function newLab(template: string): Promise<string> {
  const res = await lab.request.post('/labs').send({ template });
  expect(res.status, res.text).toBe(201);
  expect(res.body.latestScore).toBeNull();
  return res.body.id as string;
}

const asLab = (id: string, req: ReturnType<TestLab['request']['get']>) => req.set('X-Lab-Id', id);

/** The lab's entry in GET /labs, paging on (the Worker's D1 holds every test file's labs). */
async function listed(id: string): Promise<unknown> {
  let next: string | undefined;
  do {
    const page = await lab.request
      .get('/labs')
      .query({ limit: 500, ...(next ? { continue: next } : {}) })
      .expect(200);
    const item = page.body.items.find((l: { id: string }) => l.id === id);
    if (item) return item.latestScore;
    next = page.body.continue;
  } while (next);
  throw new Error(`lab ${id} is not listed by GET /labs`);
}

async function shown(id: string): Promise<unknown> {
  return (await asLab(id, lab.request.get(`/labs/${id}`)).expect(200)).body.latestScore;
}

describe('latest score', () => {
  it('keeps the latest lesson grade, replaced by the next one, in GET /labs and GET /labs/{id}', async () => {
    const t = await firstTemplate();
    const max = t.checks.reduce((n, c) => n + c.points, 0);
    const id = await newLab(t.id);
    const other = await newLab(t.id);
    expect(await listed(id)).toBeNull();
    expect(await shown(id)).toBeNull();

    const first = await asLab(id, lab.request.post(`/labs/${id}/grade`)).expect(200);
    expect(first.body.score).toBeLessThan(max);
    const gradedAt = lab.clock.now().toISOString();
    const before = { points: first.body.score, maxPoints: max, gradedAt };
    expect(await listed(id)).toEqual(before);
    expect(await shown(id)).toEqual(before);
    expect(await listed(other), 'another lab keeps none').toBeNull();

    const applied = await asLab(id, lab.request.post('/manifests'))
      .set('Content-Type', 'application/yaml')
      .send(t.solution);
    expect(applied.status, applied.text).toBeLessThan(300);
    // Every format is a real grading, Gradescope's included.
    const second = await asLab(id, lab.request.post(`/labs/${id}/grade?format=gradescope`));
    expect(second.status).toBe(200);
    expect(second.body.score).toBe(max);
    const after = { points: max, maxPoints: max, gradedAt };
    expect(await listed(id)).toEqual(after);
    expect(await shown(id)).toEqual(after);
  });

  it('records nothing for ad-hoc checks, and forgets the score on reset', async () => {
    const t = await firstTemplate();
    const id = await newLab(t.id);
    const checks = [
      { id: 'any', type: 'objectExists', points: 1, kind: 'Namespace', name: 'default' },
    ];
    const adHoc = await asLab(id, lab.request.post(`/labs/${id}/checks`)).send({ checks });
    expect(adHoc.status, adHoc.text).toBe(200);
    expect(await shown(id)).toBeNull();

    await asLab(id, lab.request.post(`/labs/${id}/grade`)).expect(200);
    expect(await shown(id)).not.toBeNull();
    await asLab(id, lab.request.post(`/labs/${id}/checks`))
      .send({ checks })
      .expect(200);
    expect(await shown(id), 'ad-hoc checks leave the lesson grade alone').not.toBeNull();

    const reset = await asLab(id, lab.request.post(`/labs/${id}/reset`)).expect(200);
    expect(reset.body.latestScore).toBeNull();
    expect(await shown(id)).toBeNull();
    expect(await listed(id)).toBeNull();
  });
});
