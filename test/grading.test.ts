// Grading: every template's reference solution passes its own checks, an empty lab fails them
// with messages that say what was expected and found, checks never change the lab, and the
// Gradescope and LTI formats have the shapes those systems read.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startLab, type TestLab } from './support/app';
import { expectStatus } from './support/manifests';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

interface Template {
  id: string;
  solution: string;
  startingState: string;
  checks: { id: string; type: string; points: number; hint?: string }[];
  /** A cloud lesson's solution in the firewall or the balancer pool (PATCH /cluster). */
  solutionCloud?: Record<string, unknown>;
}

const CheckResult = z
  .object({
    id: z.string(),
    type: z.string(),
    passed: z.boolean(),
    points: z.number(),
    maxPoints: z.number(),
    message: z.string().min(1),
    hint: z.string().optional(),
  })
  .strict();
const GradeResult = z
  .object({
    score: z.number(),
    maxScore: z.number(),
    passed: z.boolean(),
    checks: z.array(CheckResult),
  })
  .strict();

/** Gradescope's results.json, as its autograder documentation specifies it. */
const GradescopeResults = z.object({
  score: z.number(),
  max_score: z.number().optional(),
  output: z.string().optional(),
  visibility: z.enum(['hidden', 'after_due_date', 'after_published', 'visible']).optional(),
  stdout_visibility: z.enum(['hidden', 'after_due_date', 'after_published', 'visible']).optional(),
  tests: z.array(
    z.object({
      name: z.string(),
      number: z.string().optional(),
      score: z.number(),
      max_score: z.number(),
      status: z.enum(['passed', 'failed']),
      output: z.string(),
      visibility: z.enum(['hidden', 'after_due_date', 'after_published', 'visible']).optional(),
    }),
  ),
});

/** An LTI Assignment and Grade Services (AGS) Score. */
const LtiScore = z
  .object({
    userId: z.string().optional(),
    scoreGiven: z.number().min(0),
    scoreMaximum: z.number().positive(),
    comment: z.string(),
    timestamp: z.iso.datetime({ offset: true }),
    activityProgress: z.enum(['Initialized', 'Started', 'InProgress', 'Submitted', 'Completed']),
    gradingProgress: z.enum(['FullyGraded', 'Pending', 'PendingManual', 'Failed', 'NotReady']),
  })
  .strict();

async function templates(): Promise<Template[]> {
  const list = await lab.request.get('/templates');
  expect(list.status).toBe(200);
  return Promise.all(
    list.body.items.map(async ({ id }: { id: string }) => {
      const one = await lab.request.get(`/templates/${id}`);
      expect(one.status).toBe(200);
      return one.body as Template;
    }),
  );
}

async function newLab(body: object = {}): Promise<string> {
  const res = await lab.request.post('/labs').send(body);
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

function applyTo(labId: string, yaml: string) {
  return lab.request
    .post('/manifests')
    .set('X-Lab-Id', labId)
    .set('Content-Type', 'application/yaml')
    .send(yaml);
}

const grade = (labId: string, query = '') =>
  lab.request.post(`/labs/${labId}/grade${query}`).set('X-Lab-Id', labId);
const runChecks = (labId: string, checks: unknown, query = '') =>
  lab.request.post(`/labs/${labId}/checks${query}`).set('X-Lab-Id', labId).send({ checks });

describe('templates', () => {
  it('passes every check with the reference solution, and grades the same every time', async () => {
    for (const t of await templates()) {
      const id = await newLab({ template: t.id, seed: 42 });
      const before = await grade(id);
      expect(before.status).toBe(200);
      expect(GradeResult.parse(before.body).passed, t.id).toBe(false);
      if (t.solution.trim()) expect((await applyTo(id, t.solution)).status, t.id).toBeLessThan(300);
      if (t.solutionCloud) {
        const patched = await lab.request
          .patch('/cluster')
          .set('X-Lab-Id', id)
          .send(t.solutionCloud);
        expect(patched.status, t.id).toBe(200);
      }
      const after = await grade(id);
      const result = GradeResult.parse(after.body);
      const failed = result.checks.filter((c) => !c.passed).map((c) => `${c.id}: ${c.message}`);
      expect(failed, t.id).toEqual([]);
      expect(result.score).toBe(result.maxScore);
      expect(result.maxScore).toBe(t.checks.reduce((n, c) => n + c.points, 0));
      expect((await grade(id)).body, `${t.id} is deterministic`).toEqual(after.body);
    }
  });

  it('fails every check in an empty lab, saying what was expected and what was found', async () => {
    const id = await newLab();
    for (const t of await templates()) {
      const res = await runChecks(id, t.checks);
      expect(res.status, res.text).toBe(200);
      const result = GradeResult.parse(res.body);
      expect(result.passed).toBe(false);
      // An empty lab has no firewall: what a firewall check expects to be allowed is.
      const open = (c: { id: string }) =>
        t.checks.find((d) => d.id === c.id)?.type === 'firewallAllows' &&
        (t.checks.find((d) => d.id === c.id) as { allowed?: boolean }).allowed === true;
      for (const c of result.checks.filter((r) => !open(r))) {
        expect(c.passed, `${t.id}/${c.id}`).toBe(false);
        expect(c.message, `${t.id}/${c.id}`).toMatch(/^expected .+, found .+/);
        const hint = t.checks.find((d) => d.id === c.id)?.hint;
        expect(c.hint).toBe(hint);
      }
    }
  });

  it('explains the failures of a half-done lesson', async () => {
    const id = await newLab({ template: 'nodeport-pitfalls' });
    const res = await grade(id);
    const byId = Object.fromEntries(GradeResult.parse(res.body).checks.map((c) => [c.id, c]));
    expect(byId['service-nodeport']).toMatchObject({
      passed: false,
      message:
        'expected Service default/my-nodeport-service of type NodePort, port 80, targetPort 80, nodePort 31000, found type NodePort, ports 80->8080 (nodePort 31000)',
    });
    expect(byId.endpoints!.passed).toBe(true);
    expect(byId['curl-node01']!.message).toMatch(
      /^expected 192\.168\.1\.3:31000 to answer with a body containing "Welcome to nginx!", found connection_refused: .*does not listen on port 8080/,
    );
  });
});

describe('checks', () => {
  const echoChecks = [
    { id: 'cm', type: 'objectExists', points: 1, kind: 'ConfigMap', name: 'nginx-echo-config' },
    {
      id: 'port',
      type: 'fieldEquals',
      points: 2,
      kind: 'Service',
      name: 'echo-nodeport-service',
      path: 'spec.ports[0].nodePort',
      value: 30007,
    },
    {
      id: 'spread',
      type: 'distinctPods',
      points: 1,
      address: '192.168.1.2',
      port: 30007,
      requests: 50,
      min: 3,
    },
    {
      id: 'even',
      type: 'evenDistribution',
      points: 1,
      service: 'echo-nodeport-service',
      tolerance: 0.25,
    },
    {
      id: 'from-a-pod',
      type: 'reachable',
      points: 1,
      from: 'cluster',
      address: 'echo-nodeport-service',
      port: 80,
      bodyContains: 'Hello! I am Pod:',
    },
    {
      id: 'wrong-port',
      type: 'fieldEquals',
      points: 3,
      kind: 'Service',
      name: 'echo-nodeport-service',
      path: 'spec.ports[0].nodePort',
      value: 31000,
      hint: 'use 31000',
    },
  ];

  async function echoLab(): Promise<string> {
    const id = await newLab({ template: 'echo-deployment' });
    const t = (await lab.request.get('/templates/echo-deployment')).body as Template;
    expect((await applyTo(id, t.solution)).status).toBe(201);
    return id;
  }

  it('scores each check and never counts its requests as the student’s', async () => {
    const id = await echoLab();
    await lab.request
      .get('/nodes/192.168.1.3/30007/request?count=7')
      .set('X-Lab-Id', id)
      .expect(200);
    const res = await runChecks(id, echoChecks);
    expect(res.status, res.text).toBe(200);
    const result = GradeResult.parse(res.body);
    expect(result).toMatchObject({ score: 6, maxScore: 9, passed: false });
    expect(result.checks.map((c) => [c.id, c.passed, c.points])).toEqual([
      ['cm', true, 1],
      ['port', true, 2],
      ['spread', true, 1],
      ['even', true, 1],
      ['from-a-pod', true, 1],
      ['wrong-port', false, 0],
    ]);
    expect(result.checks[5]).toMatchObject({
      message:
        'expected spec.ports[0].nodePort of Service default/echo-nodeport-service to be 31000, found 30007',
      hint: 'use 31000',
    });
    expect(result.checks[0]!.hint).toBeUndefined();
    const hits = await lab.request.get('/hits').set('X-Lab-Id', id);
    expect(hits.body.total).toBe(7);
    // The student's next request draws what it would have drawn without the grading.
    expect((await runChecks(id, echoChecks)).body).toEqual(res.body);
  });

  it('answers a Gradescope results.json', async () => {
    const id = await echoLab();
    const res = await runChecks(id, echoChecks, '?format=gradescope');
    expect(res.status).toBe(200);
    const doc = GradescopeResults.parse(res.body);
    expect(doc.score).toBe(6);
    expect(doc.max_score).toBe(9);
    expect(doc.tests.map((t) => [t.name, t.status, t.score, t.max_score])).toEqual([
      ['cm', 'passed', 1, 1],
      ['port', 'passed', 2, 2],
      ['spread', 'passed', 1, 1],
      ['even', 'passed', 1, 1],
      ['from-a-pod', 'passed', 1, 1],
      ['wrong-port', 'failed', 0, 3],
    ]);
    expect(doc.tests[5]!.output).toMatch(/found 30007\nHint: use 31000$/);
  });

  it('answers an LTI AGS Score', async () => {
    const id = await echoLab();
    const res = await lab.request
      .post(`/labs/${id}/grade?format=lti&userId=student-42`)
      .set('X-Lab-Id', id);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/vnd\.ims\.lis\.v1\.score\+json/);
    const score = LtiScore.parse(res.body);
    expect(score).toMatchObject({
      userId: 'student-42',
      scoreGiven: 9,
      scoreMaximum: 9,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
    });
    expect(score.comment).toBe('7 of 7 checks passed: 9/9 points');
    const anonymous = await runChecks(id, echoChecks, '?format=lti');
    const partial = LtiScore.parse(anonymous.body);
    expect(partial.userId).toBeUndefined();
    expect(partial.comment).toMatch(/failed: wrong-port$/);
    expect(partial.scoreGiven).toBe(6);
  });

  it('refuses a bad check list with a 400 that names the check', async () => {
    const id = await newLab();
    const cases: [unknown, RegExp][] = [
      [[], /checks: must be a non-empty list/],
      [
        [{ id: 'a', type: 'teleport', points: 1 }],
        /checks\[0\] \(id "a"\): type: unsupported check type "teleport": supported types: objectExists, /,
      ],
      [[{ id: 'a', type: 'toString', points: 1 }], /unsupported check type "toString"/],
      [
        [
          echoChecks[0],
          { id: 'b', type: 'reachable', points: 1, address: '192.168.1.3', port: 'x' },
        ],
        /^invalid checks: checks\[1\] \(id "b"\): port: /,
      ],
      [[{ ...echoChecks[0], kind: 'Gadget' }], /checks\[0\] \(id "cm"\): kind: /],
      [[{ ...echoChecks[1], path: 'spec..ports' }], /path: must be a field path/],
      [[{ ...echoChecks[0], bodycontains: 'x' }], /checks\[0\] \(id "cm"\): .*bodycontains/],
      [[echoChecks[0], echoChecks[0]], /checks\[1\] \(id "cm"\): id: Duplicate value: "cm"/],
      [[{ ...echoChecks[2], requests: 20000 }], /requests/],
      ['nope', /must be a non-empty list/],
    ];
    for (const [checks, message] of cases) {
      expectStatus(await runChecks(id, checks), 400, 'BadRequest', message);
    }
    const bare = await lab.request
      .post(`/labs/${id}/checks`)
      .set('X-Lab-Id', id)
      .send([echoChecks[0]]);
    expect(bare.status).toBe(200);
    expectStatus(await runChecks(id, [echoChecks[0]], '?format=csv'), 400, 'BadRequest', /format/);
  });

  it('has no template checks to grade in a lab made without a template', async () => {
    const id = await newLab();
    expectStatus(await grade(id), 400, 'BadRequest', /was not created from a template/);
    expectStatus(await grade('lab-0000000000000000'), 404, 'NotFound', /not found/);
  });
});
