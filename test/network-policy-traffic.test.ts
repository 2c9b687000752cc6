// NetworkPolicy enforced on every simulated connection (issue 17 item 2): external requests after
// kube-proxy picked the endpoint, in-cluster requests (ingress of the target, egress of the client
// pod), the source address as the CNI sees it after kube-proxy's SNAT, and denials that time out,
// name the policy and count no hit.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apply, startLab, type TestLab } from './support/app';
import { ALLOW_WEB, APP, DENY_ALL, LAPTOP } from './fixtures/network-policy';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
  await apply(lab, APP).expect(201);
});
afterEach(() => lab.close());

const fromOutside = (node: string) =>
  lab.request.get(`/nodes/${node}/30080/request?clientIp=${LAPTOP}`);
const podIp = async (name: string): Promise<string> =>
  (await lab.request.get(`/api/v1/namespaces/default/pods/${name}`).expect(200)).body.status.podIP;
const fromPod = async (name: string, host = 'web', port = 80) =>
  lab.request.get(`/cluster/${host}/${port}/request?clientPodIp=${await podIp(name)}`);

describe('a default-deny policy', () => {
  it('drops a connection from outside: a timeout naming the policy, no hit counted', async () => {
    await apply(lab, DENY_ALL).expect(201);
    const res = await fromOutside('192.168.1.3').expect(504);
    expect(res.body.outcome).toBe('timeout');
    expect(res.body.curlError).toMatch(
      /^curl: \(28\) Failed to connect to 192\.168\.1\.3 port 30080/,
    );
    expect(res.body.message).toMatch(
      /^denied by NetworkPolicy default\/deny-all: pod default\/web is isolated for ingress and no ingress rule allows TCP port 80 from 192\.168\.1\.3, node node01's address: kube-proxy masqueraded the client 192\.168\.1\.10/,
    );
    expect(res.body.networkPolicy).toEqual({
      allowed: false,
      sourceIp: '192.168.1.3',
      ingress: { policies: ['default/deny-all'] },
      deniedBy: 'default/deny-all',
      reason: res.body.message,
    });
    const hits = await lab.request.get('/hits').expect(200);
    expect(JSON.stringify(hits.body)).not.toContain('"web"');
  });

  it("still lets the pod's own node in (kubelet probes): a connection entering node02 is SNATed to node02", async () => {
    await apply(lab, DENY_ALL).expect(201);
    const res = await fromOutside('192.168.1.4').expect(200);
    expect(res.body.networkPolicy.ingress).toEqual({
      policies: ['default/deny-all'],
      fromOwnNode: true,
    });
  });

  it('drops pod-to-pod traffic too, and leaves pods of other namespaces open', async () => {
    await apply(lab, DENY_ALL).expect(201);
    expect((await fromPod('frontend')).status).toBe(504);
    // A pod dialling a nodePort is masqueraded whatever the policy: no hint about Local then.
    const viaNode = await fromPod('frontend', '192.168.1.3', 30080);
    expect(viaNode.status).toBe(504);
    expect(viaNode.body.message).toMatch(/masqueraded the client 10\.244\.\d+\.\d+$/);
    const other = await lab.request.get(`/cluster/kubernetes.default/443/request`);
    expect(other.body.networkPolicy).toBeUndefined();
  });
});

describe('an allow policy: frontend pods and the laptop', () => {
  beforeEach(async () => {
    await apply(lab, DENY_ALL).expect(201);
    await apply(lab, ALLOW_WEB).expect(201);
  });

  it('lets the frontend pod in, by the named port, and not another pod', async () => {
    const ok = await fromPod('frontend');
    expect(ok.status).toBe(200);
    expect(ok.body.networkPolicy).toMatchObject({
      allowed: true,
      ingress: {
        policies: ['default/allow-web', 'default/deny-all'],
        allowedBy: 'default/allow-web',
      },
    });
    const denied = await fromPod('intruder');
    expect(denied.status).toBe(504);
    expect(denied.body.message).toContain('from pod default/intruder (');
  });

  it('the SNAT surprise: the laptop ipBlock does not match with externalTrafficPolicy Cluster, it does with Local', async () => {
    const snat = await fromOutside('192.168.1.3').expect(504);
    expect(snat.body.networkPolicy.sourceIp).toBe('192.168.1.3');
    expect(snat.body.message).toContain('externalTrafficPolicy: Local keeps it');
    await lab.request
      .patch('/api/v1/namespaces/default/services/web')
      .set('Content-Type', 'application/merge-patch+json')
      .send({ spec: { externalTrafficPolicy: 'Local' } })
      .expect(200);
    const kept = await fromOutside('192.168.1.4').expect(200);
    expect(kept.body.remoteAddr).toBe(LAPTOP);
    expect(kept.body.networkPolicy).toMatchObject({
      allowed: true,
      sourceIp: LAPTOP,
      ingress: { allowedBy: 'default/allow-web' },
    });
  });
});

describe('egress policies of the client pod', () => {
  it('drop what no egress rule allows, after DNAT to the pod IP and target port', async () => {
    await apply(
      lab,
      `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: frontend-egress }
spec:
  podSelector: { matchLabels: { role: frontend } }
  egress:
    - to: [{ podSelector: { matchLabels: { app: web } } }]
      ports: [{ port: 8000, endPort: 8080 }]
`,
    ).expect(201);
    const denied = await fromPod('frontend');
    expect(denied.status).toBe(504);
    expect(denied.body.networkPolicy).toMatchObject({
      allowed: false,
      egress: { policies: ['default/frontend-egress'] },
      deniedBy: 'default/frontend-egress',
    });
    expect(denied.body.message).toMatch(
      /^denied by NetworkPolicy default\/frontend-egress: pod default\/frontend is isolated for egress and no egress rule allows TCP port 80 to pod default\/web/,
    );
    expect((await fromPod('intruder')).status).toBe(200);
  });
});

describe('namespaceSelector', () => {
  it('admits pods of the namespaces it selects, by the namespace name label', async () => {
    await apply(
      lab,
      `
apiVersion: v1
kind: Namespace
metadata: { name: tools }
---
apiVersion: v1
kind: Pod
metadata: { name: probe, namespace: tools }
spec:
  nodeName: node01
  containers: [{ name: nginx, image: nginx }]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: from-tools }
spec:
  podSelector: { matchLabels: { app: web } }
  ingress:
    - from: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: tools } } }]
`,
    ).expect(201);
    const ip = (await lab.request.get('/api/v1/namespaces/tools/pods/probe').expect(200)).body
      .status.podIP;
    const ok = await lab.request.get(`/cluster/web.default/80/request?clientPodIp=${ip}`);
    expect(ok.status).toBe(200);
    expect(ok.body.networkPolicy.ingress.allowedBy).toBe('default/from-tools');
    expect((await fromPod('frontend')).status).toBe(504);
  });
});
