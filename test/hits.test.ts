// GET /hits through the HTTP API: the node each connection entered beside the pod's node, the
// kubectl-style text table, and a deleted Service's hits going with it.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apply, startLab, type TestLab } from './support/app';

const example = (name: string) =>
  readFileSync(new URL(`../examples/${name}`, import.meta.url), 'utf8');

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
  await apply(lab, example('nginx-pod.yaml'));
  await apply(lab, example('nginx-nodeport-service.yaml'));
});
afterEach(() => lab.close());

const SERVICE = 'nginx-nodeport-service';

describe('entry nodes', () => {
  it('reports the node each connection entered beside the node of the pod', async () => {
    const batch = await lab.request.get('/nodes/192.168.1.4/31110/request?count=4').expect(200);
    expect(batch.body.distribution.nodes).toEqual([{ node: 'node01', hits: 4, share: 1 }]);
    expect(batch.body.distribution.entryNodes).toEqual([{ node: 'node02', hits: 4, share: 1 }]);
    await lab.request.get('/nodes/192.168.1.3/31110/request').expect(200);
    const hits = await lab.request.get(`/hits/default/${SERVICE}`).expect(200);
    expect(hits.body.nodes).toEqual([{ node: 'node01', hits: 5, share: 1 }]);
    expect(hits.body.entryNodes).toEqual([
      { node: 'node01', hits: 1, share: 0.2 },
      { node: 'node02', hits: 4, share: 0.8 },
    ]);
    const all = await lab.request.get('/hits').expect(200);
    expect(all.body.services[0].entryNodes).toEqual(hits.body.entryNodes);
  });
});

describe('GET /hits as text', () => {
  it('answers a kubectl-style table with Accept: text/plain', async () => {
    await lab.request.get('/nodes/192.168.1.4/31110/request?count=3').expect(200);
    await lab.request.get('/nodes/192.168.1.3/31110/request').expect(200);
    const res = await lab.request.get('/hits').set('Accept', 'text/plain').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toBe(
      [
        'NAMESPACE   SERVICE                  POD         NODE     HITS   SHARE   ENTRY NODES',
        'default     nginx-nodeport-service   nginx-pod   node01   4      100%    node01=1,node02=3',
        '',
      ].join('\n'),
    );
    const one = await lab.request
      .get(`/hits/default/${SERVICE}`)
      .set('Accept', 'text/plain')
      .expect(200);
    expect(one.text).toBe(res.text);
  });

  it('says so when nothing was recorded', async () => {
    const res = await lab.request.get('/hits').set('Accept', 'text/plain').expect(200);
    expect(res.text).toBe('No hits recorded\n');
  });
});

describe('deleted Services', () => {
  it('take their hits with them; a new Service of that name starts from zero', async () => {
    await lab.request.get('/nodes/192.168.1.3/31110/request?count=3').expect(200);
    await lab.request.delete(`/api/v1/namespaces/default/services/${SERVICE}`).expect(200);
    const all = await lab.request.get('/hits').expect(200);
    expect(all.body).toEqual({ total: 0, services: [] });
    expect((await lab.request.get(`/hits/default/${SERVICE}`)).status).toBe(404);
    await apply(lab, example('nginx-nodeport-service.yaml'));
    await lab.request.get('/nodes/192.168.1.3/31110/request').expect(200);
    expect((await lab.request.get('/hits').expect(200)).body.total).toBe(1);
  });

  it("take kube-proxy's ClientIP affinity with them, as their iptables chains go", async () => {
    const sticky = example('nginx-nodeport-service.yaml').replace(
      /^spec:\n/m,
      'spec:\n  sessionAffinity: ClientIP\n',
    );
    await apply(lab, sticky);
    const route = async () =>
      (await lab.request.get('/nodes/192.168.1.3/31110/request').expect(200)).body;
    expect((await route()).proxy.affinityHit).toBe(false);
    expect((await route()).proxy.affinityHit).toBe(true);
    await lab.request.delete(`/api/v1/namespaces/default/services/${SERVICE}`).expect(200);
    await apply(lab, sticky);
    expect((await route()).proxy.affinityHit).toBe(false);
  });
});
