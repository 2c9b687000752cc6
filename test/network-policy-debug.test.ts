// The Service debugger's network-policy step (issue 17 items 2 and 4): which policies isolate the
// Service's pods, and whether the client's connection gets through with the source address the
// pod would see, the policy named.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apply, startLab, type TestLab } from './support/app';
import { ALLOW_WEB, APP, DENY_ALL, LAPTOP } from './fixtures/network-policy';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
  await apply(lab, APP).expect(201);
});
afterEach(() => lab.close());

type Step = { step: string; result: string; evidence: string[]; hint?: string };
const policyStep = async (query: string): Promise<Step> => {
  const res = await lab.request.get(`/debug/services/default/web?${query}`).expect(200);
  return res.body.steps.find((s: Step) => s.step === 'network-policy');
};

describe('the network-policy step', () => {
  it('is skipped while no policy selects the pods', async () => {
    const step = await policyStep(`clientIp=${LAPTOP}`);
    expect(step.result).toBe('skipped');
    expect(step.evidence).toEqual([
      "no NetworkPolicy selects the Service's pods: they accept every source",
    ]);
  });

  it('fails under a default deny, naming the policy, and is the first failure', async () => {
    await apply(lab, DENY_ALL).expect(201);
    const res = await lab.request
      .get(`/debug/connections/192.168.1.3/30080?clientIp=${LAPTOP}`)
      .expect(200);
    expect(res.body.firstFailure).toBe('network-policy');
    const step = res.body.steps.find((s: Step) => s.step === 'network-policy');
    expect(step.evidence[0]).toMatch(
      /^pod web on node02, isolated by default\/deny-all: TCP 80 from 192\.168\.1\.3 \(node01's address: externalTrafficPolicy Cluster masquerades 192\.168\.1\.10\) denied by NetworkPolicy default\/deny-all/,
    );
    expect(step.hint).toMatch(/^add an ingress rule/);
  });

  it('names the SNAT surprise when a policy allows the laptop, and passes with Local', async () => {
    await apply(lab, DENY_ALL).expect(201);
    await apply(lab, ALLOW_WEB).expect(201);
    const snat = await policyStep(`ip=192.168.1.3&port=30080&clientIp=${LAPTOP}`);
    expect(snat.result).toBe('failed');
    expect(snat.hint).toBe(
      `a policy allows ${LAPTOP}, but the pods see the node's address: set externalTrafficPolicy: Local on the Service to keep the client's address`,
    );
    await lab.request
      .patch('/api/v1/namespaces/default/services/web')
      .set('Content-Type', 'application/merge-patch+json')
      .send({ spec: { externalTrafficPolicy: 'Local' } })
      .expect(200);
    const local = await policyStep(`ip=192.168.1.4&port=30080&clientIp=${LAPTOP}`);
    expect(local.result).toBe('passed');
    expect(local.evidence).toEqual([
      `pod web on node02, isolated by default/allow-web, default/deny-all: TCP 80 from ${LAPTOP} allowed (default/allow-web)`,
    ]);
  });

  it('judges a client pod by its own address', async () => {
    await apply(lab, DENY_ALL).expect(201);
    await apply(lab, ALLOW_WEB).expect(201);
    const pod = await lab.request.get('/api/v1/namespaces/default/pods/frontend').expect(200);
    const step = await policyStep(`clientIp=${pod.body.status.podIP}`);
    expect(step.result).toBe('passed');
    expect(step.evidence[0]).toContain('allowed (default/allow-web)');
  });
});
