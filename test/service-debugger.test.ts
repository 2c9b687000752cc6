// The Service debugger through the HTTP API: Kubernetes' "Debug Services" checklist on the lab's
// state, one test per classic NodePort mistake, each naming the step that fails and its evidence.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apply, startLab, type TestLab } from './support/app';
import { applyJson, service } from './support/manifests';

const echo = readFileSync(new URL('../examples/echo-nodeport.yaml', import.meta.url), 'utf8');

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
  await apply(lab, echo).expect(201);
});
afterEach(() => lab.close());

interface Step {
  step: string;
  result: string;
  evidence: string[];
  hint?: string;
}
const results = (steps: Step[]) => Object.fromEntries(steps.map((s) => [s.step, s.result]));
const stepOf = (steps: Step[], id: string) => steps.find((s) => s.step === id)!;
const debug = (path: string) => lab.request.get(path).expect(200);
const web = (spec: Record<string, unknown>) =>
  service('web', {
    type: 'NodePort',
    selector: { app: 'echo-nodeport' },
    ports: [{ port: 80, targetPort: 80 }],
    ...spec,
  });

describe('the Service debugger', () => {
  it('passes every step for the echo tutorial reached at node01:30007', async () => {
    const res = await debug(
      '/debug/services/default/echo-nodeport-service?ip=192.168.1.3&port=30007',
    );
    expect(res.body.service).toEqual({ namespace: 'default', name: 'echo-nodeport-service' });
    expect(res.body.firstFailure).toBeUndefined();
    expect(results(res.body.steps)).toEqual({
      address: 'passed',
      'service-exists': 'passed',
      'selector-matches': 'passed',
      'pods-ready': 'passed',
      endpoints: 'passed',
      'target-port': 'passed',
      protocol: 'passed',
      'node-port': 'passed',
      'local-endpoints': 'skipped',
      firewall: 'skipped',
      'network-policy': 'skipped',
    });
    expect(stepOf(res.body.steps, 'pods-ready').evidence[0]).toBe(
      '3 of 3 selected pod(s) are Ready',
    );
    expect(stepOf(res.body.steps, 'node-port').evidence).toEqual([
      'port 80: nodePort 30007 (in 30000-32767)',
    ]);
  });

  it('a selector that matches no pod: names the pods that almost match and the label that differs', async () => {
    await applyJson(lab, web({ selector: { app: 'echo' } })).expect(201);
    const res = await debug('/debug/services/default/web');
    expect(res.body.firstFailure).toBe('selector-matches');
    const step = stepOf(res.body.steps, 'selector-matches');
    expect(step.evidence[0]).toBe('selector app=echo matches no pod in namespace default');
    expect(step.evidence[1]).toMatch(
      /^pod nginx-echo-nodeport-[a-z0-9]+-[a-z0-9]{5} has app=echo-nodeport \(wanted echo\)$/,
    );
    expect(step.hint).toContain('kubectl get pods --show-labels');
    expect(stepOf(res.body.steps, 'endpoints').result).toBe('failed');
  });

  it('the wrong namespace: says where a Service of that name lives', async () => {
    const res = await debug('/debug/services/dev/echo-nodeport-service');
    expect(res.body.firstFailure).toBe('service-exists');
    expect(res.body.steps).toHaveLength(1);
    expect(res.body.steps[0].evidence).toEqual([
      'no service echo-nodeport-service in namespace dev',
      'a service echo-nodeport-service exists in namespace default',
      'namespace dev has no services',
    ]);
    expect(res.body.steps[0].hint).toBe(
      'use -n default (or the name echo-nodeport-service.default)',
    );
  });

  it('a targetPort the container does not listen on', async () => {
    await applyJson(lab, web({ ports: [{ port: 80, targetPort: 8080 }] })).expect(201);
    const res = await debug('/debug/services/default/web');
    expect(res.body.firstFailure).toBe('target-port');
    expect(stepOf(res.body.steps, 'target-port').evidence[0]).toMatch(
      /^port 80: targetPort 8080 -> 8080, but pod nginx-echo-nodeport-\S+ listens on 80$/,
    );
  });

  it('curling a ClusterIP from outside', async () => {
    const svc = await lab.request.get('/api/v1/namespaces/default/services/echo-nodeport-service');
    const res = await debug(`/debug/connections/${svc.body.spec.clusterIP}/80`);
    expect(res.body.firstFailure).toBe('address');
    const step = stepOf(res.body.steps, 'address');
    expect(step.evidence[0]).toContain(
      'is the ClusterIP of service default/echo-nodeport-service: it exists only inside the cluster',
    );
    expect(step.hint).toBe("from outside, use a node's address and the nodePort (30007)");
  });

  it('a nodePort nothing has, and an address that is no node', async () => {
    const none = await debug('/debug/connections/192.168.1.3/30999');
    expect(results(none.body.steps)).toEqual({ address: 'passed', 'node-port': 'failed' });
    expect(stepOf(none.body.steps, 'node-port').evidence).toEqual([
      'no service has nodePort 30999',
      'nodePorts in use: 30007 (default/echo-nodeport-service)',
    ]);
    const stranger = await debug('/debug/connections/10.1.2.3/30007');
    expect(stranger.body.firstFailure).toBe('address');
  });

  it('externalTrafficPolicy Local on a node without a local pod', async () => {
    await applyJson(
      lab,
      web({ externalTrafficPolicy: 'Local', ports: [{ port: 80, nodePort: 30100 }] }),
    ).expect(201);
    const res = await debug('/debug/connections/192.168.1.2/30100');
    expect(res.body.firstFailure).toBe('local-endpoints');
    expect(stepOf(res.body.steps, 'local-endpoints').evidence[0]).toBe(
      'controlplane (192.168.1.2): no local endpoint, connections to it time out',
    );
  });

  it('a cloud firewall closing the nodePort range', async () => {
    await lab.request
      .patch('/cluster')
      .send({
        firewall: {
          name: 'nodes-sg',
          rules: [{ name: 'ssh', ports: [22], sourceRanges: ['0.0.0.0/0'] }],
        },
      })
      .expect(200);
    const res = await debug('/debug/connections/192.168.1.3/30007?clientIp=198.51.100.7');
    expect(res.body.firstFailure).toBe('firewall');
    const step = stepOf(res.body.steps, 'firewall');
    expect(step.evidence[0]).toMatch(
      /^the cloud firewall nodes-sg dropped TCP port 30007 from 198\.51\.100\.7/,
    );
    expect(step.hint).toBe(
      "add a rule to nodes-sg allowing TCP 30007 from the client's address (or range)",
    );
  });

  it('a UDP port and a ClusterIP Service', async () => {
    await applyJson(
      lab,
      service('dns', {
        selector: { app: 'echo-nodeport' },
        ports: [{ port: 53, protocol: 'UDP' }],
      }),
    ).expect(201);
    const res = await debug('/debug/services/default/dns');
    expect(stepOf(res.body.steps, 'protocol').result).toBe('failed');
    expect(stepOf(res.body.steps, 'node-port').evidence[0]).toBe(
      'type ClusterIP opens no port on the nodes: it is reachable only inside the cluster',
    );
  });

  it('pods that are not Ready: says why', async () => {
    const pending = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stuck', labels: { app: 'stuck' } },
      spec: { nodeSelector: { disk: 'ssd' }, containers: [{ name: 'web', image: 'nginx' }] },
    };
    await applyJson(lab, pending).expect(201);
    await applyJson(lab, web({ selector: { app: 'stuck' } })).expect(201);
    const res = await debug('/debug/services/default/web');
    expect(res.body.firstFailure).toBe('pods-ready');
    const step = stepOf(res.body.steps, 'pods-ready');
    expect(step.evidence[0]).toBe('0 of 1 selected pod(s) are Ready');
    expect(step.evidence[1]).toMatch(
      /^pod stuck is not Ready: it is not scheduled: 0\/3 nodes are available/,
    );
  });

  it('refuses a malformed address with a 400', async () => {
    const res = await lab.request.get('/debug/connections/not-an-ip/80').expect(400);
    expect(res.body.message).toBe('ip must be an IPv4 address, got "not-an-ip"');
  });
});
