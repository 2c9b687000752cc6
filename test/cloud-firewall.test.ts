// The cloud firewall in front of the lab's nodes (issue 17 item 1), through the HTTP API: open by
// default, allow rules by protocol, port and source, silent drops that time out and name the rule
// set, in-cluster traffic untouched, and students kept out where the lesson says so.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apply, startLab, type TestLab } from './support/app';
import { startSecuredServer } from './support/secured';

const echo = readFileSync(new URL('../examples/echo-nodeport.yaml', import.meta.url), 'utf8');

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
  await apply(lab, echo).expect(201);
});
afterEach(() => lab.close());

const SG = {
  name: 'nodes-sg',
  rules: [
    { name: 'ssh', ports: [22], sourceRanges: ['0.0.0.0/0'] },
    { name: 'office-nodeports', ports: ['30000-32767'], sourceRanges: ['198.51.100.0/24'] },
  ],
};
const nodeRequest = (clientIp: string, extra = '') =>
  lab.request.get(`/nodes/192.168.1.3/30007/request?clientIp=${clientIp}${extra}`);

describe('the cloud firewall in front of the nodes', () => {
  it('is absent by default: GET /cluster says so and every nodePort answers', async () => {
    const cluster = await lab.request.get('/cluster').expect(200);
    expect(cluster.body.firewall).toBeNull();
    expect(cluster.body.loadBalancerPool).toEqual([]);
    const res = await nodeRequest('203.0.113.50').expect(200);
    expect(res.body.outcome).toBe('ok');
    expect(res.body.firewall).toBeUndefined();
  });

  it('passes what a rule allows and names the rule', async () => {
    const patched = await lab.request.patch('/cluster').send({ firewall: SG }).expect(200);
    expect(patched.body.firewall).toMatchObject({ name: 'nodes-sg', studentsMayEdit: true });
    expect(patched.body.firewall.rules[1]).toEqual({
      name: 'office-nodeports',
      direction: 'Ingress',
      action: 'Allow',
      protocol: 'TCP',
      ports: ['30000-32767'],
      sourceRanges: ['198.51.100.0/24'],
    });
    const res = await nodeRequest('198.51.100.7').expect(200);
    expect(res.body.outcome).toBe('ok');
    expect(res.body.response.body).toMatch(/^Hello! I am Pod: /);
    expect(res.body.firewall).toEqual({
      name: 'nodes-sg',
      allowed: true,
      rule: 'office-nodeports',
    });
    expect((await lab.request.get('/cluster')).body.firewall.name).toBe('nodes-sg');
  });

  it('drops what no rule allows: a timeout as on a cloud (no RST), naming the firewall and the port', async () => {
    await lab.request.patch('/cluster').send({ firewall: SG }).expect(200);
    const res = await nodeRequest('203.0.113.50').expect(504);
    expect(res.body.outcome).toBe('timeout');
    expect(res.body.curlError).toMatch(/^curl: \(28\) /);
    expect(res.body.message).toContain(
      'the cloud firewall nodes-sg dropped TCP port 30007 from 203.0.113.50: no rule allows it',
    );
    expect(res.body.message).toContain('office-nodeports (TCP 30000-32767 from 198.51.100.0/24)');
    expect(res.body.firewall).toEqual({ name: 'nodes-sg', allowed: false });
    expect(res.body.updates).toEqual({});
    const batch = await nodeRequest('203.0.113.50', '&count=20').expect(200);
    expect(batch.body.outcomes).toEqual({ timeout: 20 });
    expect((await lab.request.get('/hits')).body.total).toBe(0);
  });

  it('does not judge traffic inside the cluster (pods and nodes talk over the VPC)', async () => {
    await lab.request
      .patch('/cluster')
      .send({ firewall: { rules: [] } })
      .expect(200);
    const res = await lab.request.get('/cluster/192.168.1.3/30007/request').expect(200);
    expect(res.body.outcome).toBe('ok');
    const fromNode = await nodeRequest('192.168.1.4').expect(200);
    expect(fromNode.body.outcome).toBe('ok');
  });

  it('is removed again with null', async () => {
    await lab.request
      .patch('/cluster')
      .send({ firewall: { rules: [] } })
      .expect(200);
    expect((await nodeRequest('203.0.113.50')).body.outcome).toBe('timeout');
    await lab.request.patch('/cluster').send({ firewall: null }).expect(200);
    expect((await nodeRequest('203.0.113.50')).body.outcome).toBe('ok');
  });

  it('refuses malformed rules with a 400 naming the field', async () => {
    const res = await lab.request
      .patch('/cluster')
      .send({ firewall: { rules: [{ name: 'web', ports: [80], sourceRanges: ['10.0.0.0/33'] }] } })
      .expect(400);
    expect(res.body.kind).toBe('Status');
    expect(res.body.message).toBe(
      'firewall.rules.0.sourceRanges.0: must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    );
    expect((await lab.request.get('/cluster')).body.firewall).toBeNull();
  });

  it('is set at lab creation, kept by reset, and closed to students when the lesson says so', async () => {
    const server = await startSecuredServer();
    try {
      const admin = `Bearer ${server.adminToken}`;
      const created = await server.request
        .post('/labs')
        .set('Authorization', admin)
        .send({ firewall: { ...SG, studentsMayEdit: false } })
        .expect(201);
      const student = `Bearer ${created.body.token}`;
      const denied = await server.request
        .patch('/cluster')
        .set('Authorization', student)
        .send({ firewall: null })
        .expect(403);
      expect(denied.body).toMatchObject({ kind: 'Status', reason: 'Forbidden', code: 403 });
      expect(denied.body.message).toBe(
        'the firewall nodes-sg of this lab is set by the instructor: the lesson does not let students change it',
      );
      // Other settings stay the student's; the instructor may change the firewall.
      await server.request
        .patch('/cluster')
        .set('Authorization', student)
        .send({ proxyMode: 'ipvs' })
        .expect(200);
      await server.request
        .post(`/labs/${created.body.id}/reset`)
        .set('Authorization', student)
        .expect(200);
      const after = await server.request.get('/cluster').set('Authorization', student).expect(200);
      expect(after.body.firewall).toMatchObject({ name: 'nodes-sg', studentsMayEdit: false });
      await server.request
        .patch('/cluster')
        .set('Authorization', admin)
        .set('X-Lab-Id', created.body.id)
        .send({ firewall: null })
        .expect(200);
      expect(
        (await server.request.get('/cluster').set('Authorization', student)).body.firewall,
      ).toBeNull();
    } finally {
      server.close();
    }
  });
});
