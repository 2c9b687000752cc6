// A LoadBalancer that looks like a cloud's (issue 17 item 3), through the HTTP API: addresses from
// the lab's pool (pending without one), a balancer that spreads connections over the healthy
// nodes (health-checked with externalTrafficPolicy Local), loadBalancerSourceRanges enforced,
// the entering node visible in the hit split, and the service controller's events.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apply, startLab, type TestLab } from './support/app';
import { applyJson, service, SERVICES } from './support/manifests';

const echo = readFileSync(new URL('../examples/echo-nodeport.yaml', import.meta.url), 'utf8');

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
  await apply(lab, echo).expect(201);
});
afterEach(() => lab.close());

const lb = (name: string, spec: Record<string, unknown> = {}) =>
  service(name, {
    type: 'LoadBalancer',
    selector: { app: 'echo-nodeport' },
    ports: [{ port: 80, targetPort: 80 }],
    ...spec,
  });
const ingressOf = async (name: string) =>
  (await lab.request.get(`${SERVICES}/${name}`).expect(200)).body.status.loadBalancer;
const POOL = ['203.0.113.10-203.0.113.11'];

describe('load-balancer addresses from the lab pool', () => {
  it('stay <pending> without a pool, as on kind or minikube', async () => {
    await applyJson(lab, lb('web')).expect(201);
    expect(await ingressOf('web')).toEqual({});
  });

  it('are handed out lowest first, oldest Service first, when the pool is set', async () => {
    await applyJson(lab, lb('web')).expect(201);
    const patched = await lab.request
      .patch('/cluster')
      .send({ loadBalancerPool: POOL })
      .expect(200);
    expect(patched.body.loadBalancerPool).toEqual(POOL);
    expect(await ingressOf('web')).toEqual({ ingress: [{ ip: '203.0.113.10', ipMode: 'VIP' }] });
    await applyJson(lab, lb('api')).expect(201);
    expect(await ingressOf('api')).toEqual({ ingress: [{ ip: '203.0.113.11', ipMode: 'VIP' }] });
    // The pool is used up: the third waits with the controller's warning.
    await applyJson(lab, lb('third')).expect(201);
    expect(await ingressOf('third')).toEqual({});
    const events = await lab.request
      .get('/api/v1/namespaces/default/events?fieldSelector=involvedObject.name=third')
      .expect(200);
    expect(events.body.items.map((e: { reason: string }) => e.reason)).toEqual([
      'EnsuringLoadBalancer',
      'SyncLoadBalancerFailed',
    ]);
    expect(events.body.items[1]).toMatchObject({
      type: 'Warning',
      message:
        "Error syncing load balancer: failed to ensure load balancer: no free address in the lab's load-balancer pool 203.0.113.10-203.0.113.11 (2 addresses)",
      source: { component: 'service-controller' },
    });
    // Turning one into a NodePort gives its address back, to the Service that waited.
    await applyJson(lab, lb('web', { type: 'NodePort' })).expect(200);
    expect(await ingressOf('web')).toEqual({});
    expect(await ingressOf('third')).toEqual({ ingress: [{ ip: '203.0.113.10', ipMode: 'VIP' }] });
  });

  it('leave a Service with a loadBalancerClass to its own implementation', async () => {
    await lab.request.patch('/cluster').send({ loadBalancerPool: POOL }).expect(200);
    await applyJson(lab, lb('web', { loadBalancerClass: 'example.com/internal' })).expect(201);
    expect(await ingressOf('web')).toEqual({});
  });

  it('refuse a malformed pool with a 400 naming the entry', async () => {
    const res = await lab.request
      .patch('/cluster')
      .send({ loadBalancerPool: ['203.0.113.0/33'] })
      .expect(400);
    expect(res.body.message).toMatch(/^loadBalancerPool\.0: must be an IPv4 address/);
  });
});

describe('the cloud balancer in front of the nodes', () => {
  beforeEach(async () => {
    await lab.request.patch('/cluster').send({ loadBalancerPool: POOL }).expect(200);
  });

  it('spreads connections over every node (externalTrafficPolicy Cluster), each taking that node path', async () => {
    await applyJson(lab, lb('web')).expect(201);
    const res = await lab.request
      .get('/nodes/203.0.113.10/80/request?count=300&clientIp=198.51.100.7')
      .expect(200);
    expect(res.body.outcomes).toEqual({ ok: 300 });
    const entering = res.body.distribution.entryNodes.map((n: { node: string }) => n.node).sort();
    expect(entering).toEqual(['controlplane', 'node01', 'node02']);
    for (const n of res.body.distribution.entryNodes) expect(n.hits).toBeGreaterThan(60);
    expect(res.body.first.loadBalancer).toMatchObject({
      address: '203.0.113.10:80',
      healthyNodes: ['controlplane', 'node01', 'node02'],
      failOpen: false,
    });
    expect(res.body.first.receivingNode.name).toBe(res.body.first.loadBalancer.node);
    // Cluster: the node masquerades, so the pod sees the entering node's address.
    expect(res.body.first.remoteAddr).toBe(res.body.first.receivingNode.ip);
  });

  it('routes through ipvs and ClientIP affinity behind it, as kube-proxy on the node would', async () => {
    // kube-proxy's memory (ipvs cursors, affinity entries) is read behind the balancer too.
    await lab.request.patch('/cluster').send({ proxyMode: 'ipvs' }).expect(200);
    await applyJson(lab, lb('web')).expect(201);
    const rr = await lab.request
      .get('/nodes/203.0.113.10/80/request?count=30&clientIp=198.51.100.7')
      .expect(200);
    expect(rr.body.outcomes).toEqual({ ok: 30 });
    expect(rr.body.first.proxy.mode).toBe('ipvs');
    expect(rr.body.distribution.pods).toHaveLength(3);
    await applyJson(lab, lb('web', { sessionAffinity: 'ClientIP' })).expect(200);
    // Each node keeps its own affinity table: after a node's first connection from the client,
    // every one it receives goes to that same pod, as an affinity hit.
    const seen = new Map<string, string>();
    for (let i = 0; i < 20; i++) {
      const res = await lab.request
        .get('/nodes/203.0.113.10/80/request?clientIp=198.51.100.7')
        .expect(200);
      const { receivingNode, pod, proxy } = res.body;
      const before = seen.get(receivingNode.name);
      if (before) {
        expect(pod.name).toBe(before);
        expect(proxy.affinityHit).toBe(true);
      } else seen.set(receivingNode.name, pod.name);
    }
    expect(seen.size).toBeGreaterThan(1);
  });

  it('with Local sends only to nodes whose health check passes, and keeps the client address', async () => {
    await applyJson(lab, lb('web', { externalTrafficPolicy: 'Local' })).expect(201);
    const pods = (
      await lab.request.get('/api/v1/namespaces/default/pods?labelSelector=app=echo-nodeport')
    ).body.items as { spec: { nodeName: string } }[];
    const withPods = [...new Set(pods.map((p) => p.spec.nodeName))].sort();
    const res = await lab.request
      .get('/nodes/203.0.113.10/80/request?count=200&clientIp=198.51.100.7')
      .expect(200);
    expect(res.body.outcomes).toEqual({ ok: 200 });
    const entering = res.body.distribution.entryNodes.map((n: { node: string }) => n.node).sort();
    expect(entering).toEqual(withPods);
    expect(res.body.first.loadBalancer.healthyNodes).toEqual(withPods);
    expect(res.body.first.loadBalancer.healthCheckNodePort).toBeGreaterThanOrEqual(30000);
    expect(res.body.first.remoteAddr).toBe('198.51.100.7');
  });

  it('shows the difference from NodePort: there the client picks the node', async () => {
    await applyJson(lab, lb('web')).expect(201);
    const nodePort = (await lab.request.get(`${SERVICES}/web`)).body.spec.ports[0].nodePort;
    const res = await lab.request
      .get(`/nodes/192.168.1.3/${nodePort}/request?count=50`)
      .expect(200);
    expect(res.body.distribution.entryNodes).toEqual([{ node: 'node01', hits: 50, share: 1 }]);
    expect(res.body.first.loadBalancer).toBeUndefined();
  });

  it('enforces loadBalancerSourceRanges on the balancer address only, with a timeout naming it', async () => {
    await applyJson(lab, lb('web', { loadBalancerSourceRanges: ['198.51.100.0/24'] })).expect(201);
    const allowed = await lab.request
      .get('/nodes/203.0.113.10/80/request?clientIp=198.51.100.7')
      .expect(200);
    expect(allowed.body.outcome).toBe('ok');
    const denied = await lab.request
      .get('/nodes/203.0.113.10/80/request?clientIp=203.0.113.99')
      .expect(504);
    expect(denied.body.outcome).toBe('timeout');
    expect(denied.body.message).toMatch(
      /^kube-proxy dropped it with its firewall chain KUBE-FW-[A-Z0-9]{16}: 203\.0\.113\.99 is not in loadBalancerSourceRanges of service default\/web \(198\.51\.100\.0\/24\)$/,
    );
    // "nodeports are not subject to loadBalancerSourceRanges"
    const nodePort = (await lab.request.get(`${SERVICES}/web`)).body.spec.ports[0].nodePort;
    const direct = await lab.request
      .get(`/nodes/192.168.1.3/${nodePort}/request?clientIp=203.0.113.99`)
      .expect(200);
    expect(direct.body.outcome).toBe('ok');
  });

  it('passes the cloud firewall through the rule the cloud controller opened for it', async () => {
    await applyJson(lab, lb('web')).expect(201);
    await lab.request
      .patch('/cluster')
      .send({ firewall: { name: 'closed', rules: [] } })
      .expect(200);
    const res = await lab.request
      .get('/nodes/203.0.113.10/80/request?clientIp=198.51.100.7')
      .expect(200);
    expect(res.body.firewall).toEqual({
      name: 'closed',
      allowed: true,
      rule: 'k8s-fw-default-web',
    });
    const nodePort = (await lab.request.get(`${SERVICES}/web`)).body.spec.ports[0].nodePort;
    await lab.request
      .get(`/nodes/192.168.1.3/${nodePort}/request?clientIp=198.51.100.7`)
      .expect(504);
  });
});
