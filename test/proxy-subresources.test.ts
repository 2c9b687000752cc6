// The proxy subresources of Services and Pods through the HTTP API: the pod's own answer under
// the sandboxing policy for simulated answers, a hit per request, and kube-apiserver's errors.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RAW_ANSWER_CSP } from '../src/http/lab-api/raw-answer';
import { apply, startLab, type TestLab } from './support/app';

const example = (name: string) =>
  readFileSync(new URL(`../examples/${name}`, import.meta.url), 'utf8');

const NS = '/api/v1/namespaces/default';
const ECHO = `${NS}/services/echo-nodeport-service`;

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
  await applied(example('echo-nodeport.yaml'));
});
afterEach(() => lab.close());

async function applied(yaml: string) {
  const res = await apply(lab, yaml);
  expect(res.status, res.text).toBeLessThan(300);
}

async function failure(path: string) {
  const res = await lab.request.get(path);
  return { code: res.status, reason: res.body.reason, message: res.body.message };
}

async function hitTotal(): Promise<number> {
  return (await lab.request.get('/hits').expect(200)).body.total;
}

describe('services/<id>/proxy', () => {
  it("answers what an endpoint's nginx answers, counted as a hit of the Service", async () => {
    const pods = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const res = await lab.request.get(`${ECHO}/proxy/`).expect(200);
      expect(res.text).toMatch(/^Hello! I am Pod: 10\.244\.\d+\.\d+\n$/);
      pods.add(res.text);
    }
    // kube-apiserver draws one address of the subset per request.
    expect(pods.size).toBeGreaterThan(1);
    const hits = await lab.request.get('/hits/default/echo-nodeport-service').expect(200);
    expect(hits.body.total).toBe(12);
    expect(hits.body.entryNodes).toEqual([{ node: 'controlplane', hits: 12, share: 1 }]);
  });

  it('takes the port by number, by name and unnamed, and a path', async () => {
    const named = example('nginx-pod.yaml').replace(
      'containerPort: 80',
      'containerPort: 80\n          name: web',
    );
    await applied(named);
    const svc = [
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: web}',
      'spec:',
      '  selector: {app: nginx}',
      '  ports: [{name: http, port: 8080, targetPort: 80}]',
    ].join('\n');
    await applied(svc);
    for (const id of ['web:http', 'web:8080', 'http:web:http']) {
      const res = await lab.request.get(`${NS}/services/${id}/proxy/index.html`).expect(200);
      expect(res.text).toContain('Welcome to nginx!');
    }
    expect(await failure(`${NS}/services/web/proxy/`)).toEqual({
      code: 503,
      reason: 'ServiceUnavailable',
      message: 'no endpoints available for service "web"',
    });
    expect(await failure(`${NS}/services/web:80/proxy/`)).toMatchObject({
      code: 503,
      message: 'no service port 80 found for service "web"',
    });
    expect(await failure(`${NS}/services/https:web:http/proxy/`)).toMatchObject({
      code: 503,
      message:
        'error trying to reach service: tls: first record does not look like a TLS handshake',
    });
  });

  it('sends a simulated page under the sandboxing policy, never a real Set-Cookie', async () => {
    const res = await lab.request.get(`${ECHO}/proxy/`).expect(200);
    expect(res.headers['content-security-policy']).toBe(RAW_ANSWER_CSP);
    const cookie = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: nginx-echo-config}',
      'data:',
      '  default.conf: |',
      '    server { listen 80; location / { add_header Set-Cookie "a=b"; return 200 "<b>x</b>"; } }',
    ].join('\n');
    await applied(cookie);
    const page = await lab.request.get(`${ECHO}/proxy/`).expect(200);
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.headers['x-simulated-set-cookie']).toBe('a=b');
    expect(page.headers['content-security-policy']).toBe(RAW_ANSWER_CSP);
  });

  it('passes the path and the query on to the pod', async () => {
    const uri = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: nginx-echo-config}',
      'data:',
      '  default.conf: |',
      '    server { listen 80; default_type text/plain; location / { return 200 "$request_uri $http_x_forwarded_for\\n"; } }',
    ].join('\n');
    await applied(uri);
    const res = await lab.request.get(`${ECHO}/proxy/a/b?c=1&d`).expect(200);
    expect(res.text).toBe('/a/b?c=1&d 192.168.1.10\n');
  });

  it('redirects GET of .../proxy to .../proxy/ as kube-apiserver does', async () => {
    const res = await lab.request.get(`${ECHO}/proxy?a=1`).expect(301);
    expect(res.headers.location).toBe('proxy/?a=1');
    expect(await hitTotal()).toBe(0);
  });

  it('answers 503 when no endpoint is ready or the target port is closed', async () => {
    await lab.request
      .patch('/apis/apps/v1/namespaces/default/deployments/nginx-echo-nodeport')
      .set('Content-Type', 'application/merge-patch+json')
      .send({ spec: { replicas: 0 } })
      .expect(200);
    expect(await failure(`${ECHO}/proxy/`)).toEqual({
      code: 503,
      reason: 'ServiceUnavailable',
      message: 'no endpoints available for service "echo-nodeport-service"',
    });
    await lab.request
      .patch('/apis/apps/v1/namespaces/default/deployments/nginx-echo-nodeport')
      .set('Content-Type', 'application/merge-patch+json')
      .send({ spec: { replicas: 1 } })
      .expect(200);
    await lab.request
      .patch(`${ECHO}`)
      .set('Content-Type', 'application/merge-patch+json')
      .send({ spec: { ports: [{ port: 80, targetPort: 8080, protocol: 'TCP', nodePort: 30007 }] } })
      .expect(200);
    const closed = await failure(`${ECHO}/proxy/`);
    expect(closed).toMatchObject({ code: 503, reason: 'ServiceUnavailable' });
    expect(closed.message).toMatch(
      /^error trying to reach service: dial tcp 10\.244\.\d+\.\d+:8080: connect: connection refused$/,
    );
    expect(await hitTotal()).toBe(0);
  });
});

describe('pods/<id>/proxy', () => {
  beforeEach(async () => {
    await applied(example('nginx-pod.yaml'));
  });

  it("answers the pod's own answer on its first containerPort or the port named", async () => {
    for (const id of ['nginx-pod', 'nginx-pod:80', 'http:nginx-pod:http']) {
      const res = await lab.request.get(`${NS}/pods/${id}/proxy/`).expect(200);
      expect(res.text).toContain('Welcome to nginx!');
      expect(res.headers['content-security-policy']).toBe(RAW_ANSWER_CSP);
    }
    expect(await hitTotal()).toBe(0); // no Service selects nginx-pod
    await applied(example('nginx-nodeport-service.yaml'));
    await lab.request.get(`${NS}/pods/nginx-pod/proxy/`).expect(200);
    const hits = await lab.request.get('/hits/default/nginx-nodeport-service').expect(200);
    expect(hits.body.pods).toMatchObject([{ pod: 'nginx-pod', hits: 1 }]);
  });

  it("answers kube-apiserver's errors", async () => {
    const closed = await failure(`${NS}/pods/nginx-pod:81/proxy/`);
    expect(closed.code).toBe(503);
    expect(closed.message).toMatch(
      /^error trying to reach service: dial tcp 10\.244\.\d+\.\d+:81: connect: connection refused$/,
    );
    expect(await failure(`${NS}/pods/nginx-pod:gopher/proxy/`)).toMatchObject({
      code: 503,
      message: 'error trying to reach service: dial tcp: lookup tcp/gopher: unknown port',
    });
    expect(await failure(`${NS}/pods/ftp:nginx-pod:80/proxy/`)).toMatchObject({
      code: 400,
      message: 'invalid pod request "ftp:nginx-pod:80"',
    });
    expect(await failure(`${NS}/pods/nope/proxy/`)).toMatchObject({
      code: 404,
      message: 'pods "nope" not found',
    });
    const pending = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: stuck}',
      'spec:',
      '  nodeSelector: {disk: none}',
      '  containers: [{name: c, image: nginx}]',
    ].join('\n');
    await applied(pending);
    expect(await failure(`${NS}/pods/stuck/proxy/`)).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'address not allowed',
    });
  });
});
