// The NetworkPolicy lesson's SNAT surprise, graded (issue 17 item 5): with both policies applied
// but externalTrafficPolicy still Cluster, the laptop's requests through node01 time out whenever
// kube-proxy sends them to web-b on node02 (it sees node01's address), and the check says so with
// the hint about Local. The new check parameters (fromPod, requests, unreachable) are exercised.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readLessons } from '../scripts/lessons';
import { startLab, type TestLab } from './support/app';

const lesson = readLessons().find((l) => l.template.id === 'network-policy')!;
// The solution's two policies without its Service (so externalTrafficPolicy stays Cluster).
const policiesOnly = lesson.template.solution.split(/^---$/m).slice(0, 2).join('---');

let lab: TestLab;
beforeAll(async () => {
  lab = await startLab();
});
afterAll(() => lab.close());

type Check = { id: string; passed: boolean; message: string; hint?: string };

it('fails laptop-allowed under Cluster, naming the policy and the masquerade, with the Local hint', async () => {
  const made = await lab.request.post('/labs').send({ template: 'network-policy', seed: 7 });
  expect(made.status, made.text).toBe(201);
  const id = made.body.id as string;
  await lab.request
    .post('/manifests')
    .set('X-Lab-Id', id)
    .set('Content-Type', 'application/yaml')
    .send(policiesOnly)
    .expect(201);
  const res = await lab.request.post(`/labs/${id}/grade`).set('X-Lab-Id', id).expect(200);
  const by = (cid: string) => res.body.checks.find((c: Check) => c.id === cid) as Check;
  expect(by('default-deny').passed).toBe(true);
  expect(by('intruder-blocked').passed).toBe(true);
  expect(by('intruder-blocked').message).toMatch(
    /^10 requests to web:80 from pod intruder timed out \(denied by NetworkPolicy default\/allow-web, default\/default-deny: /,
  );
  expect(by('frontend-allowed').passed).toBe(true);
  const laptop = by('laptop-allowed');
  expect(laptop.passed).toBe(false);
  expect(laptop.message).toMatch(
    /^expected 192\.168\.1\.3:30080 to answer with a body containing "Welcome to nginx!", found timeout: denied by NetworkPolicy default\/allow-web, default\/default-deny: pod default\/web-b is isolated for ingress and no ingress rule allows TCP port 80 from 192\.168\.1\.3, node node01's address: kube-proxy masqueraded the client 192\.168\.1\.10/,
  );
  expect(laptop.hint).toContain('Set `externalTrafficPolicy: Local` on the Service.');
  // Under Cluster the pod on the entry node sees its own node's address, which is always let in.
  expect(by('stranger-blocked').passed).toBe(false);
  expect(by('client-address-kept').passed).toBe(false);
});

it('refuses an unreachable check misspelt, and counts its requests toward the call limit', async () => {
  const id = (await lab.request.post('/labs').send({ seed: 1 }).expect(201)).body.id as string;
  const post = (checks: object[]) =>
    lab.request.post(`/labs/${id}/checks`).set('X-Lab-Id', id).send(checks);
  const base = { id: 'x', type: 'unreachable', points: 1, address: 'web', port: 80 };
  const typo = await post([{ ...base, request: 3 }]);
  expect(typo.status, typo.text).toBe(400);
  expect(typo.text).toContain('checks[0] (id \\"x\\")');
  const many = await post([
    { ...base, requests: 10_000 },
    { ...base, id: 'y', requests: 10_000 },
    { ...base, id: 'z', requests: 1 },
  ]);
  expect(many.status).toBe(400);
  expect(many.text).toContain('they would simulate 20001 requests');
});
