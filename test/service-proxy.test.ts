// The services/<id>/proxy subresource and the API root, through the HTTP API: what
// `kubectl cluster-info` advertises answers as on a cluster (kube-dns speaks DNS, not HTTP).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type TestLab } from './support/app';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

const DNS = '/api/v1/namespaces/kube-system/services';

async function status(path: string, method: 'get' | 'post' = 'get') {
  const res = await lab.request[method](path);
  return { code: res.status, reason: res.body.reason, message: res.body.message };
}

describe('services/<id>/proxy', () => {
  it('answers 503 "error trying to reach service" for kube-dns, whose ports speak DNS', async () => {
    for (const path of [`${DNS}/kube-dns:dns/proxy/`, `${DNS}/kube-dns:dns-tcp/proxy/a/b`]) {
      expect(await status(path)).toEqual({
        code: 503,
        reason: 'ServiceUnavailable',
        message: 'error trying to reach service: EOF',
      });
    }
    expect((await status(`${DNS}/kube-dns:53/proxy`, 'post')).code).toBe(503);
  });

  it('answers the errors kube-apiserver answers before reaching an endpoint', async () => {
    expect(await status(`${DNS}/kube-dns:81/proxy`)).toEqual({
      code: 503,
      reason: 'ServiceUnavailable',
      message: 'no service port 81 found for service "kube-dns"',
    });
    expect(await status('/api/v1/namespaces/default/services/kubernetes/proxy')).toEqual({
      code: 503,
      reason: 'ServiceUnavailable',
      message: 'no endpoints available for service "kubernetes"',
    });
    expect(await status('/api/v1/namespaces/default/services/ftp:kubernetes:443/proxy')).toEqual({
      code: 400,
      reason: 'BadRequest',
      message: 'invalid service request "ftp:kubernetes:443"',
    });
    expect(await status('/api/v1/namespaces/default/services/web/proxy')).toMatchObject({
      code: 404,
      message: 'endpoints "web" not found',
    });
    expect(await status('/api/v1/namespaces/default/services/web:80/proxy')).toMatchObject({
      code: 404,
      message: 'services "web" not found',
    });
  });

  it('says plainly that it does not simulate the API server behind the kubernetes Service', async () => {
    const answer = await status('/api/v1/namespaces/default/services/https:kubernetes:443/proxy/');
    expect(answer).toEqual({
      code: 503,
      reason: 'ServiceUnavailable',
      message:
        'error trying to reach service: NodePort Lab does not simulate the server at 192.168.1.2:6443 (not a pod)',
    });
  });
});

describe('the API root', () => {
  it('answers GET / with the paths it serves, as kube-apiserver does', async () => {
    const res = await lab.request.get('/').set('Accept', 'application/json').expect(200);
    expect(res.body.paths).toEqual(
      expect.arrayContaining(['/api', '/api/v1', '/apis', '/version']),
    );
    expect(res.body.paths).toContain('/apis/coordination.k8s.io/v1');
    expect([...res.body.paths].sort()).toEqual(res.body.paths);
  });
});
