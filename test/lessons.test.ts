// Every lessons/<id>/, through the HTTP API: a lab made from it starts in its start state, where
// its checks fail (all but those lesson.md lists under startPasses) with lesson.md's hints, and
// applying its solution.yaml (and its solutionCloud, with PATCH /cluster) there gets full marks. A new lesson folder is picked up on its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLessons } from '../scripts/lessons';
import { startLab, type TestLab } from './support/app';

interface Result {
  score: number;
  maxScore: number;
  passed: boolean;
  checks: { id: string; passed: boolean; message: string; hint?: string }[];
}

const lessons = readLessons();

let lab: TestLab;
beforeAll(async () => {
  lab = await startLab();
});
afterAll(() => lab.close());

async function labFrom(template: string): Promise<string> {
  const res = await lab.request.post('/labs').send({ template, seed: 7 });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

async function grade(id: string): Promise<Result> {
  const res = await lab.request.post(`/labs/${id}/grade`).set('X-Lab-Id', id);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

it('serves every lesson folder as a template, in their order', async () => {
  const res = await lab.request.get('/templates').expect(200);
  const served = res.body.items.map((t: { id: string }) => t.id);
  expect(served, 'run `npm run lessons` after adding a lesson').toEqual(
    lessons.map((l) => l.template.id),
  );
});

describe.each(lessons.map((l) => [l.template.id, l] as const))('lesson %s', (id, lesson) => {
  const { checks } = lesson.template;
  const maxScore = checks.reduce((n, c) => n + c.points, 0);

  it('fails its checks in the start state, with the hints lesson.md gives', async () => {
    const result = await grade(await labFrom(id));
    const expectedFailing = checks.filter((c) => !lesson.front.startPasses.includes(c.id));
    expect(result.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(
      expectedFailing.map((c) => c.id),
    );
    for (const c of result.checks.filter((r) => !r.passed)) {
      expect(c.hint, `${id}/${c.id}`).toBe(checks.find((d) => d.id === c.id)!.hint);
      expect(c.message, `${id}/${c.id}`).toMatch(/^expected .+, found .+/);
    }
    expect(result.score).toBeLessThan(maxScore);
  });

  it('gets full marks with solution.yaml applied on the start state', async () => {
    const labId = await labFrom(id);
    if (lesson.template.solution.trim() !== '') {
      const applied = await lab.request
        .post('/manifests')
        .set('X-Lab-Id', labId)
        .set('Content-Type', 'application/yaml')
        .send(lesson.template.solution);
      expect(applied.status, applied.text).toBeLessThan(300);
    }
    // A cloud lesson's solution also changes the firewall or the pool, as PATCH /cluster does.
    if (lesson.front.solutionCloud) {
      const patched = await lab.request
        .patch('/cluster')
        .set('X-Lab-Id', labId)
        .send(lesson.front.solutionCloud);
      expect(patched.status, patched.text).toBe(200);
    }
    const result = await grade(labId);
    expect(result.checks.filter((c) => !c.passed).map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    expect(result).toMatchObject({ score: maxScore, maxScore, passed: true });
  });
});
