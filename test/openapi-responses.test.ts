// Real answers of the HTTP API, each validated against the schema the OpenAPI document gives for
// its path, method, status and content type: the document has to be true, not just complete.
import { readFileSync } from 'node:fs';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import document from '../src/http/docs/lab-api/openapi.generated.json';
import { buildNodeApp } from '../src/node';
import { apply, startLab, target, testClock, type TestLab } from './support/app';
import { departures } from './support/openapi-validator';

const example = (name: string) =>
  readFileSync(new URL(`../examples/${name}`, import.meta.url), 'utf8');

const SERVICES = '/api/v1/namespaces/default/services';
const SERVICE = `${SERVICES}/nginx-nodeport-service`;
const SCALE = '/apis/apps/v1/namespaces/default/deployments/myapp-deployment/scale';

let lab: TestLab;
beforeAll(async () => {
  lab = await startLab();
  await apply(lab, example('nginx-pod.yaml')).expect(201);
  await apply(lab, example('myapp-deployment.yaml')).expect(201);
});
afterAll(() => lab.close());

type Send = (lab: TestLab) => Promise<Response>;

/** The lab the labs cases create, then read, grade, reset and delete. */
const made = { id: '' };

async function createLab(l: TestLab): Promise<Response> {
  const res = await l.request.post('/labs').send({ name: 'graded', template: 'nodeport-basics' });
  made.id = (res.body as { id: string }).id;
  return res;
}

/** [name, method, path, send, expected status]: run in order, on one lab. */
const CASES: [string, string, string, Send, number][] = [
  [
    'apply, JSON report',
    'POST',
    '/manifests',
    (l) => apply(l, example('nginx-nodeport-service.yaml')),
    201,
  ],
  [
    'apply again, text',
    'POST',
    '/manifests',
    (l) => apply(l, example('nginx-nodeport-service.yaml')).set('Accept', 'text/plain'),
    200,
  ],
  [
    'apply, nodePort 80',
    'POST',
    '/manifests',
    (l) => apply(l, example('pitfall-nodeport-80.yaml')),
    422,
  ],
  ['apply, malformed YAML', 'POST', '/manifests', (l) => apply(l, 'kind: [Service\n'), 400],
  [
    'apply, text/csv',
    'POST',
    '/manifests',
    (l) => l.request.post('/manifests').set('Content-Type', 'text/csv').send('a,b'),
    415,
  ],
  ['list services', 'GET', SERVICES, (l) => l.request.get(SERVICES), 200],
  [
    'list services as a table',
    'GET',
    SERVICES,
    (l) => l.request.get(SERVICES).set('Accept', 'text/plain'),
    200,
  ],
  [
    'list services in all namespaces',
    'GET',
    '/api/v1/services',
    (l) => l.request.get('/api/v1/services'),
    200,
  ],
  ['read a service', 'GET', SERVICE, (l) => l.request.get(SERVICE), 200],
  [
    'read a missing service',
    'GET',
    `${SERVICES}/nope`,
    (l) => l.request.get(`${SERVICES}/nope`),
    404,
  ],
  [
    'create an existing service',
    'POST',
    SERVICES,
    (l) =>
      l.request
        .post(SERVICES)
        .set('Content-Type', 'application/yaml')
        .send(example('nginx-nodeport-service.yaml')),
    409,
  ],
  [
    'patch a service',
    'PATCH',
    SERVICE,
    (l) =>
      l.request
        .patch(SERVICE)
        .set('Content-Type', 'application/merge-patch+json')
        .send(JSON.stringify({ metadata: { labels: { tier: 'web' } } })),
    200,
  ],
  ['read the scale', 'GET', SCALE, (l) => l.request.get(SCALE), 200],
  [
    'patch the scale',
    'PATCH',
    SCALE,
    (l) =>
      l.request
        .patch(SCALE)
        .set('Content-Type', 'application/merge-patch+json')
        .send('{"spec":{"replicas":2}}'),
    200,
  ],
  [
    'curl node01 on 31110',
    'GET',
    '/nodes/192.168.1.3/31110/request',
    (l) => l.request.get('/nodes/192.168.1.3/31110/request'),
    200,
  ],
  [
    '30 requests',
    'GET',
    '/nodes/192.168.1.3/31110/request',
    (l) => l.request.get('/nodes/192.168.1.3/31110/request?count=30'),
    200,
  ],
  [
    'curl output',
    'GET',
    '/nodes/192.168.1.3/31110/request',
    (l) => l.request.get('/nodes/192.168.1.3/31110/request').set('Accept', 'text/plain'),
    200,
  ],
  [
    'a path nginx does not have',
    'GET',
    '/nodes/192.168.1.3/31110/request/nope',
    (l) => l.request.get('/nodes/192.168.1.3/31110/request/nope'),
    404,
  ],
  [
    'a POST nginx does not allow',
    'POST',
    '/nodes/192.168.1.3/31110/request',
    (l) => l.request.post('/nodes/192.168.1.3/31110/request').send('hello'),
    405,
  ],
  [
    'connection refused',
    'GET',
    '/nodes/192.168.1.3/30999/request',
    (l) => l.request.get('/nodes/192.168.1.3/30999/request'),
    502,
  ],
  [
    'a bad count',
    'GET',
    '/nodes/192.168.1.3/31110/request',
    (l) => l.request.get('/nodes/192.168.1.3/31110/request?count=0'),
    400,
  ],
  [
    'from a pod',
    'GET',
    '/cluster/nginx-nodeport-service/80/request',
    (l) => l.request.get('/cluster/nginx-nodeport-service/80/request'),
    200,
  ],
  ['hits', 'GET', '/hits', (l) => l.request.get('/hits'), 200],
  [
    'hits of a service',
    'GET',
    '/hits/default/nginx-nodeport-service',
    (l) => l.request.get('/hits/default/nginx-nodeport-service'),
    200,
  ],
  [
    'hits of a missing service',
    'GET',
    '/hits/default/nope',
    (l) => l.request.get('/hits/default/nope'),
    404,
  ],
  [
    'reset hits',
    'DELETE',
    '/hits/default/nginx-nodeport-service',
    (l) => l.request.delete('/hits/default/nginx-nodeport-service'),
    200,
  ],
  ['cluster', 'GET', '/cluster', (l) => l.request.get('/cluster'), 200],
  [
    'switch to ipvs',
    'PATCH',
    '/cluster',
    (l) => l.request.patch('/cluster').send({ proxyMode: 'ipvs' }),
    200,
  ],
  [
    'an unknown proxy mode',
    'PATCH',
    '/cluster',
    (l) => l.request.patch('/cluster').send({ proxyMode: 'userspace' }),
    400,
  ],
  [
    'advance the clock',
    'POST',
    '/cluster/clock',
    (l) => l.request.post('/cluster/clock').send({ advanceSeconds: 60 }),
    200,
  ],
  [
    'create a lab',
    'POST',
    '/labs',
    (l) => l.request.post('/labs').send({ name: 'alice', seed: 7 }),
    201,
  ],
  ['a bad lab', 'POST', '/labs', (l) => l.request.post('/labs').send({ seed: -1 }), 400],
  ['delete a service', 'DELETE', SERVICE, (l) => l.request.delete(SERVICE), 200],
  ['health', 'GET', '/healthz', (l) => l.request.get('/healthz'), 200],
  ['create a lab from a template', 'POST', '/labs', (l) => createLab(l), 201],
  ['read it', 'GET', '/labs/{id}', (l) => l.request.get(`/labs/${made.id}`), 200],
  ['list labs', 'GET', '/labs', (l) => l.request.get('/labs?limit=2'), 200],
  ['grade it', 'POST', '/labs/{id}/grade', (l) => l.request.post(`/labs/${made.id}/grade`), 200],
  [
    'grade it for Gradescope',
    'POST',
    '/labs/{id}/grade',
    (l) => l.request.post(`/labs/${made.id}/grade?format=gradescope`),
    200,
  ],
  [
    'grade it for LTI',
    'POST',
    '/labs/{id}/grade',
    (l) => l.request.post(`/labs/${made.id}/grade?format=lti`),
    200,
  ],
  [
    'run checks',
    'POST',
    '/labs/{id}/checks',
    (l) =>
      l.request
        .post(`/labs/${made.id}/checks`)
        .send([{ id: 'pod', type: 'objectExists', points: 1, kind: 'Pod', name: 'nginx-pod' }]),
    200,
  ],
  [
    'run no checks',
    'POST',
    '/labs/{id}/checks',
    (l) => l.request.post(`/labs/${made.id}/checks`).send([]),
    400,
  ],
  ['reset it', 'POST', '/labs/{id}/reset', (l) => l.request.post(`/labs/${made.id}/reset`), 200],
  [
    'rotate its token',
    'POST',
    '/labs/{id}/token',
    (l) => l.request.post(`/labs/${made.id}/token`),
    200,
  ],
  ['delete it', 'DELETE', '/labs/{id}', (l) => l.request.delete(`/labs/${made.id}`), 200],
  ['read it deleted', 'GET', '/labs/{id}', (l) => l.request.get(`/labs/${made.id}`), 404],
  ['templates', 'GET', '/templates', (l) => l.request.get('/templates'), 200],
  [
    'a template',
    'GET',
    '/templates/nodeport-basics',
    (l) => l.request.get('/templates/nodeport-basics'),
    200,
  ],
  ['no such template', 'GET', '/templates/nope', (l) => l.request.get('/templates/nope'), 404],
  ['version', 'GET', '/version', (l) => l.request.get('/version'), 200],
  ['core API versions', 'GET', '/api', (l) => l.request.get('/api'), 200],
  ['API groups', 'GET', '/apis', (l) => l.request.get('/apis'), 200],
  [
    'aggregated discovery',
    'GET',
    '/apis',
    (l) =>
      l.request
        .get('/apis')
        .set('Accept', 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList'),
    200,
  ],
  ['core resources', 'GET', '/api/v1', (l) => l.request.get('/api/v1'), 200],
  ['apps resources', 'GET', '/apis/apps/v1', (l) => l.request.get('/apis/apps/v1'), 200],
  ['apps group', 'GET', '/apis/apps', (l) => l.request.get('/apis/apps'), 200],
  ['Kubernetes OpenAPI index', 'GET', '/openapi/v3', (l) => l.request.get('/openapi/v3'), 200],
  ['kubeconfig', 'GET', '/kubeconfig', (l) => l.request.get('/kubeconfig'), 200],
  [
    'under /k8s/<lab>',
    'GET',
    '/k8s/default/api/v1/nodes',
    (l) => l.request.get('/k8s/default/api/v1/nodes'),
    200,
  ],
  ['the document', 'GET', '/openapi.json', (l) => l.request.get('/openapi.json'), 200],
  ['the document as YAML', 'GET', '/openapi.yaml', (l) => l.request.get('/openapi.yaml'), 200],
  ['the reference', 'GET', '/docs', (l) => l.request.get('/docs'), 200],
];

describe('real answers match the documented schemas', () => {
  for (const [name, method, path, send, status] of CASES) {
    it(`${name}: ${method} ${path} answers ${status}`, async () => {
      const res = await send(lab);
      expect(res.status, res.text).toBe(status);
      expect(departures(method, path, res)).toEqual([]);
    });
  }
});

/** Every documented list path (one per served resource type), in the default namespace. */
const LISTS = Object.entries(document.paths as Record<string, Record<string, unknown>>)
  .filter(([path, item]) => item.get && /^\/apis?\//.test(path) && !/\{name\}/.test(path))
  .map(([path]) => path.replace('{ns}', 'default'));

describe('every list answers its documented schema', () => {
  for (const path of LISTS) {
    it(`GET ${path}`, async () => {
      const res = await lab.request.get(path);
      expect(res.status, res.text).toBe(200);
      expect(departures('GET', path, res)).toEqual([]);
    });
  }
});

describe.skipIf(target === 'worker')('on a server with an ADMIN_TOKEN', () => {
  it('answers 401 without a token and 403 to a lab token, as documented', async () => {
    const { app, store } = await buildNodeApp(':memory:', testClock(), { adminToken: 'admin' });
    const send = async (method: string, path: string, token?: string) => {
      const res = await app.request(path, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
      const answer = {
        status: res.status,
        headers: { 'content-type': res.headers.get('content-type') ?? '' },
        text: await res.text(),
      };
      expect(departures(method, path, answer)).toEqual([]);
      return answer;
    };
    try {
      expect((await send('GET', SERVICES)).status).toBe(401);
      const lab = JSON.parse((await send('POST', '/labs', 'admin')).text) as { token: string };
      expect((await send('POST', '/labs', lab.token)).status).toBe(403);
    } finally {
      store.close();
    }
  });
});
