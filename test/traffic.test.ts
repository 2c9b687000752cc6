// The request route through the HTTP API: kube-proxy's choice, the pod's answer, hits recorded.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  apply,
  nodeOnly,
  rawRequests,
  requestsTogether,
  startLab,
  type TestLab,
} from './support/app';

const example = (name: string) =>
  readFileSync(new URL(`../examples/${name}`, import.meta.url), 'utf8');

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

async function podIps(selector: string): Promise<Map<string, string>> {
  const res = await lab.request.get(`/api/v1/namespaces/default/pods?labelSelector=${selector}`);
  return new Map(
    res.body.items.map((p: { metadata: { name: string }; status: { podIP: string } }) => [
      p.metadata.name,
      p.status.podIP,
    ]),
  );
}

const webService = (extra: string) => `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector:
    app: echo-nodeport
  ports:
    - port: 80
      nodePort: 30100
${extra}`;

const JSON_ECHO_APP = `apiVersion: v1
kind: Pod
metadata:
  name: app
  labels:
    app: echo-json
spec:
  containers:
    - name: app
      image: example/app:1.0
      ports:
        - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: app
spec:
  type: NodePort
  selector:
    app: echo-json
  ports:
    - port: 80
      targetPort: 8080
      nodePort: 30200
`;

describe('answers', () => {
  nodeOnly('sends repeated header lines on a raw socket')(
    'merges repeated client headers as Fetch does before the container sees them',
    async () => {
      await apply(lab, JSON_ECHO_APP);
      const [answer] = await rawRequests(lab, [
        [
          'GET /nodes/192.168.1.3/30200/request HTTP/1.1',
          'Host: 127.0.0.1',
          'Cookie: a=1',
          'Cookie: b=2',
          'Set-Cookie: s=1',
          'Set-Cookie: s=2',
          'X-Dup: one',
          'X-Dup: two',
          'Connection: close',
          '',
          '',
        ].join('\r\n'),
      ]);
      const response = answer!.response as { body: string };
      const echoed = JSON.parse(response.body) as { headers: Record<string, string> };
      expect(echoed.headers).toMatchObject({
        cookie: 'a=1; b=2',
        'set-cookie': 's=2',
        'x-dup': 'one, two',
      });
    },
  );

  it('answers paths under /nodes/ that are no request route with the usual 404 Status', async () => {
    const res = await lab.request.post('/nodes/192.168.1.3/30007/requests');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'the server could not find the requested resource (POST /nodes/192.168.1.3/30007/requests)',
      reason: 'NotFound',
      details: {},
      code: 404,
    });
    const bad = await lab.request.get('/nodes/not-an-ip/30007/request');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('ip must be an IPv4 address, got "not-an-ip"');
  });

  it('forwards the client headers to a JSON echo container, without NodePort Lab own ones', async () => {
    await apply(lab, JSON_ECHO_APP);
    const res = await lab.request
      .get('/nodes/192.168.1.3/30200/request/hello')
      .set('X-Trace-Id', 'abc')
      .set('X-Client-IP', '192.168.1.44')
      .set('User-Agent', 'curl/8.5.0');
    expect(res.status).toBe(200);
    const echoed = JSON.parse(res.body.response.body) as { headers: Record<string, string> };
    expect(echoed.headers).toMatchObject({
      host: '192.168.1.3:30200',
      'user-agent': 'curl/8.5.0',
      'x-trace-id': 'abc',
    });
    expect(echoed.headers).not.toHaveProperty('x-client-ip');
    expect(echoed.headers).not.toHaveProperty('x-lab-id');
    expect(res.body.remoteAddr).toBe('192.168.1.3');
  });

  it('serves the echo tutorial: Hello! I am Pod: <pod IP>', async () => {
    await apply(lab, example('echo-nodeport.yaml'));
    const ips = [...(await podIps('app=echo-nodeport')).values()];
    const res = await lab.request.get('/nodes/192.168.1.3/30007/request?raw=1');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain');
    const ip = /^Hello! I am Pod: (\S+)\n$/.exec(res.text)?.[1];
    expect(ips).toContain(ip);
  });

  it('serves the nginx welcome page on nodePort 31110 from every node, control plane included', async () => {
    await apply(lab, example('nginx-pod.yaml') + '---\n' + example('nginx-nodeport-service.yaml'));
    for (const node of ['192.168.1.2', '192.168.1.3', '192.168.1.4']) {
      const res = await lab.request.get(`/nodes/${node}/31110/request`).set('Accept', 'text/html');
      expect(res.status).toBe(200);
      expect(res.text.startsWith('<!DOCTYPE html>')).toBe(true);
      expect(res.text).toContain('<title>Welcome to nginx!</title>');
      expect(Buffer.byteLength(res.text)).toBe(615);
    }
    const json = await lab.request.get('/nodes/192.168.1.4/31110/request/missing');
    expect(json.status).toBe(404);
    expect(json.body).toMatchObject({
      outcome: 'ok',
      pod: { name: 'nginx-pod', targetPort: 80 },
      response: { status: 404 },
    });
  });

  it('reaches a service by its externalIP on the service port', async () => {
    await apply(
      lab,
      example('myapp-deployment.yaml') + '---\n' + example('node-port-service.yaml'),
    );
    const res = await lab.request.get('/nodes/1.2.3.110/80/request');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      outcome: 'ok',
      service: { name: 'node-port-service', via: 'externalIP', port: 80 },
    });
  });

  it('answers from inside the cluster by service DNS name', async () => {
    await apply(lab, example('echo-nodeport.yaml'));
    const res = await lab.request.get('/cluster/echo-nodeport-service/80/request?raw=1');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/^Hello! I am Pod: 10\.244\.\d+\.\d+\n$/);
  });
});

describe('failures', () => {
  it('refuses a port no service uses, curl-style when raw', async () => {
    const res = await lab.request
      .get('/nodes/192.168.1.3/30999/request')
      .set('Accept', 'text/plain');
    expect(res.status).toBe(502);
    expect(res.text).toBe(
      "curl: (7) Failed to connect to 192.168.1.3 port 30999 after 0 ms: Couldn't connect to server\n",
    );
  });

  it('refuses when the service has no endpoints', async () => {
    await apply(lab, example('pitfall-nodeport-31000.yaml'));
    const res = await lab.request.get('/nodes/192.168.1.3/31000/request');
    expect(res.status).toBe(502);
    expect(res.body.outcome).toBe('connection_refused');
    expect(res.body.message).toContain('service default/my-nodeport-service has no endpoints');
  });

  it('refuses when the pod does not listen on the targetPort (the classic mistake)', async () => {
    await apply(
      lab,
      example('myapp-deployment.yaml') + '---\n' + example('pitfall-nodeport-31000.yaml'),
    );
    const res = await lab.request.get('/nodes/192.168.1.3/31000/request');
    expect(res.status).toBe(502);
    expect(res.body.outcome).toBe('connection_refused');
    expect(res.body.message).toMatch(/does not listen on port 8080/);
    expect(res.body.curlError).toMatch(
      /^curl: \(7\) Failed to connect to 192\.168\.1\.3 port 31000/,
    );
  });

  it('times out under externalTrafficPolicy Local on a node without local endpoints', async () => {
    await apply(lab, example('nginx-pod.yaml'));
    const svc = example('nginx-nodeport-service.yaml').replace(
      'type: NodePort',
      'type: NodePort\n  externalTrafficPolicy: Local',
    );
    await apply(lab, svc);
    const pod = (await lab.request.get('/api/v1/namespaces/default/pods/nginx-pod')).body;
    const other = pod.spec.nodeName === 'node01' ? '192.168.1.4' : '192.168.1.3';
    const res = await lab.request.get(`/nodes/${other}/31110/request`);
    expect(res.status).toBe(504);
    expect(res.body.outcome).toBe('timeout');
    expect(res.body.message).toMatch(
      /no local endpoints on node0\d and externalTrafficPolicy is Local/,
    );
  });

  it('has no route to an address that is neither a node nor an external IP', async () => {
    const res = await lab.request.get('/nodes/10.0.0.9/80/request');
    expect(res.status).toBe(502);
    expect(res.body.outcome).toBe('no_route');
  });

  it('rejects bad parameters with a 400 Status', async () => {
    for (const path of [
      '/nodes/192.168.1.3/0/request',
      '/nodes/192.168.1.3/abc/request',
      '/nodes/nope/80/request',
      '/nodes/192.168.1.3/80/request?count=10001',
      '/nodes/192.168.1.3/80/request?clientIp=x',
    ]) {
      const res = await lab.request.get(path);
      expect(res.status, path).toBe(400);
      expect(res.body.kind).toBe('Status');
    }
  });
});

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

describe('nginx escapes', () => {
  it('keeps the backslash of \\$server_addr as nginx does, and the answer says why', async () => {
    const heredocStyle = example('echo-nodeport.yaml').replace(
      'I am Pod: $server_addr',
      'I am Pod: \\$server_addr',
    );
    expect(heredocStyle).toContain('\\$server_addr');
    await apply(lab, heredocStyle);
    const res = await lab.request.get('/nodes/192.168.1.3/30007/request').expect(200);
    expect(res.body.response.body).toMatch(/^Hello! I am Pod: \\10\.244\.\d+\.\d+\n$/);
    expect(res.body.message).toContain(
      'nginx keeps the backslash of \\$ (/etc/nginx/conf.d/default.conf:6)',
    );
    expect(res.body.message).toContain('in a YAML file write $server_addr');
    const raw = await lab.request.get('/nodes/192.168.1.3/30007/request?raw=1').expect(200);
    expect(raw.text).toMatch(/^Hello! I am Pod: \\10\./);
  });
});
