// The lessons of the common NodePort mistakes (issue 17): in each one's start state the Service
// debugger's first failed step is the mistake the lesson is about, and its evidence names it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type TestLab } from './support/app';

interface Step {
  step: string;
  result: string;
  evidence: string[];
}
interface Report {
  firstFailure?: string;
  steps: Step[];
}

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

const get = (labId: string, path: string) =>
  lab.request.get(path).set('X-Lab-Id', labId).expect(200);

async function clusterIP(labId: string, ns: string, name: string): Promise<string> {
  const res = await get(labId, `/api/v1/namespaces/${ns}/services/${name}`);
  return res.body.spec.clusterIP;
}

interface Case {
  lesson: string;
  /** The debugger's path for what the student does in the start state. */
  path: (labId: string) => Promise<string> | string;
  firstFailure: string;
  /** A line of the failed step's evidence. */
  evidence: RegExp;
}

const cases: Case[] = [
  {
    lesson: 'selector-typo',
    path: () => '/debug/services/default/shop?ip=192.168.1.3&port=30100',
    firstFailure: 'selector-matches',
    evidence: /^pod shop-[a-z0-9]+-[a-z0-9]{5} has app=shop \(wanted shpo\)$/,
  },
];

describe.each(cases.map((c) => [c.lesson, c] as const))('lesson %s', (_, c) => {
  it(`the debugger's first failure on the start state is ${c.firstFailure}`, async () => {
    const labId = await labFrom(c.lesson);
    const res = await get(labId, await c.path(labId));
    const report = res.body as Report;
    expect(report.firstFailure).toBe(c.firstFailure);
    const failed = report.steps.find((s) => s.step === c.firstFailure)!;
    expect(
      failed.evidence.some((e) => c.evidence.test(e)),
      failed.evidence.join('\n'),
    ).toBe(true);
  });
});
