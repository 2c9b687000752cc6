// The request route through the HTTP API: kube-proxy's choice among the endpoints, the client
// address the pod sees, and the hits recorded.
import { describe, expect, it } from 'vitest';
import { apply, nodeOnly, type TestLab, requestsTogether } from './support/app';
import { example, podIps, useTrafficLab, webService } from './support/traffic-lab';

let lab: TestLab;
useTrafficLab(
  (started) => (lab = started),
  () => lab,
);

describe('load balancing', () => {
  it('spreads iptables choices evenly over 3 pods (chi-square, fixed seed)', async () => {
    await apply(lab, example('echo-nodeport.yaml'));
    const batch = await lab.request.get('/nodes/192.168.1.3/30007/request?count=3000');
    expect(batch.body.outcomes).toEqual({ ok: 3000 });
    const hits = await lab.request.get('/hits/default/echo-nodeport-service');
    expect(hits.body.total).toBe(3000);
    expect(hits.body.pods).toHaveLength(3);
    expect(hits.body.evenSplit.degreesOfFreedom).toBe(2);
    expect(hits.body.evenSplit.pValue).toBeGreaterThan(0.001);
  });

  it('is deterministic for a lab seed', async () => {
    const run = async () => {
      const created = await lab.request.post('/labs').send({ seed: 42 });
      const id = created.body.id as string;
      await apply(lab, example('echo-nodeport.yaml')).set('X-Lab-Id', id);
      const res = await lab.request
        .get('/nodes/192.168.1.3/30007/request?count=50')
        .set('X-Lab-Id', id);
      return res.body.distribution.pods.map(
        (p: { pod: string; hits: number }) => `${p.pod}:${p.hits}`,
      );
    };
    expect(await run()).toEqual(await run());
  });

  it('round-robins exactly evenly in ipvs mode', async () => {
    await apply(lab, example('echo-nodeport.yaml'));
    expect((await lab.request.patch('/cluster').send({ proxyMode: 'ipvs' })).status).toBe(200);
    const batch = await lab.request.get('/nodes/192.168.1.3/30007/request?count=300');
    expect(batch.body.distribution.pods.map((p: { hits: number }) => p.hits)).toEqual([
      100, 100, 100,
    ]);
    expect(batch.body.first.proxy.mode).toBe('ipvs');
  });

  nodeOnly('opens raw sockets to a listening Node server')(
    'round-robins exactly evenly in ipvs mode when requests arrive together',
    async () => {
      await apply(lab, example('echo-nodeport.yaml'));
      expect((await lab.request.patch('/cluster').send({ proxyMode: 'ipvs' })).status).toBe(200);
      // Requests that reach the server in the same turn are stored in one group commit; each must
      // still see the round-robin cursor its predecessors moved.
      const bodies = await requestsTogether(lab, '/nodes/192.168.1.3/30007/request', 30);
      const pods = new Map<string, number>();
      for (const b of bodies) pods.set(b.pod.name, (pods.get(b.pod.name) ?? 0) + 1);
      expect([...pods.values()]).toEqual([10, 10, 10]);
      const hits = await lab.request.get('/hits/default/echo-nodeport-service');
      expect(hits.body.pods.map((p: { hits: number }) => p.hits)).toEqual([10, 10, 10]);
    },
  );

  it('keeps a client on its pod with ClientIP affinity until the timeout passes', async () => {
    await apply(lab, example('echo-nodeport.yaml'));
    await apply(
      lab,
      webService(
        '  sessionAffinity: ClientIP\n  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: 60\n',
      ),
    );
    const batch = await lab.request.get(
      '/nodes/192.168.1.3/30100/request?count=30&clientIp=192.168.1.50',
    );
    expect(batch.body.distribution.pods).toHaveLength(1);
    const sticky = batch.body.distribution.pods[0].pod;
    const again = await lab.request.get('/nodes/192.168.1.3/30100/request?clientIp=192.168.1.50');
    expect(again.body.pod.name).toBe(sticky);
    expect(again.body.proxy.affinityHit).toBe(true);
    await lab.request.post('/cluster/clock').send({ advanceSeconds: 61 });
    const later = await lab.request.get('/nodes/192.168.1.3/30100/request?clientIp=192.168.1.50');
    expect(later.body.proxy.affinityHit).toBe(false);
  });

  it('follows a scale-down: only the remaining pod answers', async () => {
    await apply(lab, example('echo-nodeport.yaml'));
    await lab.request
      .patch('/apis/apps/v1/namespaces/default/deployments/nginx-echo-nodeport/scale')
      .set('Content-Type', 'application/merge-patch+json')
      .send(JSON.stringify({ spec: { replicas: 1 } }));
    // The two surplus pods terminate for 30 s: kube-proxy sends them no new connections.
    const terminating = await lab.request
      .get('/api/v1/namespaces/default/pods?labelSelector=app=echo-nodeport')
      .expect(200);
    const active = terminating.body.items
      .filter((p: { metadata: { deletionTimestamp?: string } }) => !p.metadata.deletionTimestamp)
      .map((p: { metadata: { name: string } }) => p.metadata.name);
    expect(terminating.body.items).toHaveLength(3);
    expect(active).toHaveLength(1);
    const batch = await lab.request.get('/nodes/192.168.1.4/30007/request?count=20');
    expect(batch.body.distribution.pods.map((p: { pod: string }) => p.pod)).toEqual(active);
    lab.clock.advance(30);
    expect([...(await podIps('app=echo-nodeport')).keys()]).toEqual(active);
  });

  it('falls back to terminating pods that still serve when none is ready', async () => {
    await apply(lab, example('echo-nodeport.yaml'));
    // Scaled to 0, every pod terminates: kube-proxy keeps sending to those still serving.
    await lab.request
      .patch('/apis/apps/v1/namespaces/default/deployments/nginx-echo-nodeport/scale')
      .set('Content-Type', 'application/merge-patch+json')
      .send(JSON.stringify({ spec: { replicas: 0 } }))
      .expect(200);
    const batch = await lab.request.get('/nodes/192.168.1.4/30007/request?count=10').expect(200);
    expect(batch.body.distribution.pods.length).toBeGreaterThan(0);
    lab.clock.advance(30);
    const after = await lab.request.get('/nodes/192.168.1.4/30007/request');
    expect(after.status).toBe(502);
    expect(after.body.outcome).not.toBe('ok');
  });
});

describe('client address', () => {
  it('is masqueraded to the node under Cluster and preserved under Local', async () => {
    await apply(lab, example('echo-nodeport.yaml'));
    const cluster = await lab.request.get('/nodes/192.168.1.3/30007/request?clientIp=192.168.1.77');
    expect(cluster.body.remoteAddr).toBe('192.168.1.3');
    await apply(lab, webService('  externalTrafficPolicy: Local\n'));
    const pods = (
      await lab.request.get('/api/v1/namespaces/default/pods?labelSelector=app=echo-nodeport')
    ).body.items;
    const node = pods[0].spec.nodeName === 'node01' ? '192.168.1.3' : '192.168.1.4';
    const local = await lab.request.get(`/nodes/${node}/30100/request?clientIp=192.168.1.77`);
    expect(local.body.outcome).toBe('ok');
    expect(local.body.remoteAddr).toBe('192.168.1.77');
  });
});

describe('hits', () => {
  it('are listed per service and reset on DELETE', async () => {
    await apply(lab, example('echo-nodeport.yaml'));
    await lab.request.get('/nodes/192.168.1.3/30007/request?count=25');
    await lab.request.get('/nodes/192.168.1.3/30999/request');
    const all = await lab.request.get('/hits');
    expect(all.body.total).toBe(25);
    expect(all.body.services[0]).toMatchObject({
      namespace: 'default',
      service: 'echo-nodeport-service',
      total: 25,
    });
    const more = await Promise.all(
      Array.from({ length: 10 }, () => lab.request.get('/nodes/192.168.1.4/30007/request')),
    );
    expect(more.every((r) => r.status === 200)).toBe(true);
    expect((await lab.request.get('/hits/default/echo-nodeport-service')).body.total).toBe(35);
    expect((await lab.request.delete('/hits/default/echo-nodeport-service')).status).toBe(200);
    expect((await lab.request.get('/hits')).body.total).toBe(0);
  });

  nodeOnly('lab.restart reopens the SQLite file')('survive a restart', async () => {
    await apply(lab, example('echo-nodeport.yaml'));
    await lab.request.get('/nodes/192.168.1.3/30007/request?count=25');
    lab = await lab.restart();
    expect((await lab.request.get('/hits')).body.total).toBe(25);
    await lab.request.get('/nodes/192.168.1.4/30007/request');
    expect((await lab.request.get('/hits/default/echo-nodeport-service')).body.total).toBe(26);
  });
});
