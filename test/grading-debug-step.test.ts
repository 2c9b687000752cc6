// serviceDebug with a `step` the checklist did not reach, through POST /labs/:id/checks: the
// failure that stopped the checklist is the answer, in the "expected ..., found ..." form.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type TestLab } from './support/app';

const echo = readFileSync(new URL('../examples/echo-nodeport.yaml', import.meta.url), 'utf8');

let lab: TestLab;
let labId: string;
beforeAll(async () => {
  lab = await startLab();
  labId = (await lab.request.post('/labs').send({}).expect(201)).body.id;
  await lab.request
    .post('/manifests')
    .set('X-Lab-Id', labId)
    .set('Content-Type', 'application/yaml')
    .send(echo)
    .expect(201);
});
afterAll(() => lab.close());

const check = (extra: Record<string, unknown>) => ({
  id: 'debug',
  type: 'serviceDebug',
  points: 1,
  ...extra,
});

it('a step the checklist never reached reports the step that stopped it', async () => {
  const res = await lab.request
    .post(`/labs/${labId}/checks`)
    .set('X-Lab-Id', labId)
    .send({ checks: [check({ service: 'api', namespace: 'backend', step: 'endpoints' })] })
    .expect(200);
  expect(res.body.checks[0].message).toBe(
    'expected step endpoints of the checklist for Service backend/api to pass, found step service-exists failed (Does the Service exist (in that namespace)?): no service api in namespace backend; namespace backend has no services',
  );
});

it('a step that does not apply to the Service says so', async () => {
  const res = await lab.request
    .post(`/labs/${labId}/checks`)
    .set('X-Lab-Id', labId)
    .send({ checks: [check({ service: 'echo-nodeport-service', step: 'source-ranges' })] })
    .expect(200);
  expect(res.body.checks[0]).toMatchObject({
    passed: false,
    message:
      'expected step source-ranges of the checklist for Service default/echo-nodeport-service to pass, found no such step (it does not apply here)',
  });
});
