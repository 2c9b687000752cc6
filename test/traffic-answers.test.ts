// The request route through the HTTP API: the pod's answer, the failures on the way, and nginx's
// escapes.
import { describe, expect, it } from 'vitest';
import { apply, nodeOnly, type TestLab, rawRequests } from './support/app';
import { example, JSON_ECHO_APP, podIps, useTrafficLab } from './support/traffic-lab';

let lab: TestLab;
useTrafficLab(
  (started) => (lab = started),
  () => lab,
);

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
