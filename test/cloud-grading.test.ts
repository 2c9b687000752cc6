// Grading checks over the cloud network and the Service debugger, through POST /labs/:id/checks:
// firewallAllows judges the firewall as the request route does, serviceDebug passes only when the
// "Debug Services" checklist finds nothing wrong, and its message names the failing step.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type TestLab } from './support/app';

const echo = readFileSync(new URL('../examples/echo-nodeport.yaml', import.meta.url), 'utf8');

let lab: TestLab;
let labId: string;
beforeEach(async () => {
  lab = await startLab();
  labId = (await lab.request.post('/labs').send({}).expect(201)).body.id;
  await lab.request
    .post('/manifests')
    .set('X-Lab-Id', labId)
    .set('Content-Type', 'application/yaml')
    .send(echo)
    .expect(201);
});
afterEach(() => lab.close());

const run = (checks: unknown[]) =>
  lab.request.post(`/labs/${labId}/checks`).set('X-Lab-Id', labId).send({ checks }).expect(200);
const SG = {
  name: 'nodes-sg',
  rules: [{ name: 'office', ports: ['30000-32767'], sourceRanges: ['198.51.100.0/24'] }],
};

describe('cloud and debugger checks', () => {
  it('firewallAllows: allowed and dropped connections, with the rule or the reason', async () => {
    await lab.request.patch('/cluster').set('X-Lab-Id', labId).send({ firewall: SG }).expect(200);
    const res = await run([
      {
        id: 'office',
        type: 'firewallAllows',
        points: 1,
        port: 30007,
        clientIp: '198.51.100.7',
        allowed: true,
      },
      {
        id: 'internet',
        type: 'firewallAllows',
        points: 1,
        port: 30007,
        clientIp: '203.0.113.9',
        allowed: false,
      },
      {
        id: 'wrong',
        type: 'firewallAllows',
        points: 1,
        port: 30007,
        clientIp: '203.0.113.9',
        allowed: true,
      },
    ]);
    expect(res.body.checks.map((c: { passed: boolean }) => c.passed)).toEqual([true, true, false]);
    expect(res.body.checks[0].message).toBe(
      'TCP port 30007 from 198.51.100.7: rule office of nodes-sg allows it',
    );
    expect(res.body.checks[2].message).toMatch(
      /^expected the firewall to allow TCP port 30007 from 203\.0\.113\.9, found the cloud firewall nodes-sg dropped/,
    );
  });

  it('serviceDebug: passes for the working tutorial, fails naming the step after a mistake', async () => {
    const check = {
      id: 'debug',
      type: 'serviceDebug',
      points: 2,
      service: 'echo-nodeport-service',
      address: '192.168.1.3',
      port: 30007,
    };
    const ok = await run([check]);
    expect(ok.body.checks[0]).toMatchObject({
      passed: true,
      message: 'Service default/echo-nodeport-service: every step of the checklist passed',
    });
    await lab.request.patch('/cluster').set('X-Lab-Id', labId).send({ firewall: SG }).expect(200);
    const blocked = await run([
      { ...check, clientIp: '203.0.113.9', hint: 'open the nodePort to the world' },
    ]);
    expect(blocked.body.checks[0]).toMatchObject({
      passed: false,
      points: 0,
      hint: 'open the nodePort to the world',
    });
    expect(blocked.body.checks[0].message).toMatch(
      /^expected every step of the checklist for Service default\/echo-nodeport-service to pass, found step firewall failed \(Does the cloud firewall let the client reach the nodePort\?\): the cloud firewall nodes-sg dropped TCP port 30007/,
    );
    const one = await run([{ ...check, clientIp: '203.0.113.9', step: 'endpoints' }]);
    expect(one.body.checks[0].passed).toBe(true);
  });

  it('refuses an unknown debugger step with the field', async () => {
    const res = await lab.request
      .post(`/labs/${labId}/checks`)
      .set('X-Lab-Id', labId)
      .send({
        checks: [{ id: 'x', type: 'serviceDebug', points: 1, service: 'web', step: 'telepathy' }],
      })
      .expect(400);
    expect(res.body.message).toContain('checks[0] (id "x"): step:');
  });
});
