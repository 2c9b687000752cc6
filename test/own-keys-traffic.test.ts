// Keys named after Object.prototype members in what a pod's nginx serves: ConfigMap volume items
// and subPaths, add_header names and variables are own keys only, and the route keeps answering.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type TestLab } from './support/app';

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(async () => {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_NAMES);
  expect((await lab.request.get('/healthz')).status).toBe(200);
  lab.close();
});

/** Applies `manifests` with a NodePort Service for app=site and answers a request to it. */
async function serveOnNodePort(manifests: unknown[]) {
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'site' },
    spec: { type: 'NodePort', selector: { app: 'site' }, ports: [{ port: 80, nodePort: 30300 }] },
  };
  const items = [...manifests, service];
  const applied = await lab.request
    .post('/manifests')
    .send({ apiVersion: 'v1', kind: 'List', items });
  expect(applied.status).toBe(201);
  const res = await lab.request.get('/nodes/192.168.1.3/30300/request');
  expect(res.status).toBe(200);
  return res;
}

describe('the request route', () => {
  it('reads nginx variables, add_header names and ConfigMap volume items as own keys', async () => {
    const site =
      'server { listen 80; add_header __proto__ p always; add_header constructor c always; ' +
      'return 200 "[$http_constructor][$arg___proto__][$http___proto__]"; }';
    const manifests = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'site' }, data: { site } },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web', labels: { app: 'site' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx',
              volumeMounts: [{ name: 'conf', mountPath: '/etc/nginx/conf.d' }],
            },
          ],
          volumes: [
            {
              name: 'conf',
              configMap: {
                name: 'site',
                items: [
                  { key: 'constructor', path: 'inherited.conf' },
                  { key: 'site', path: 'default.conf' },
                ],
              },
            },
          ],
        },
      },
    ];
    const res = await serveOnNodePort(manifests);
    expect(res.body.response.body).toBe('[][][]');
    expect(res.body.response.headers).toMatchObject(
      JSON.parse('{"__proto__":"p","constructor":"c"}'),
    );
  });

  it('mounts a subPath named after an Object.prototype member as a missing key', async () => {
    const site = 'server { listen 80; return 200 "mine"; }';
    const mount = (subPath: string, file = subPath) => ({
      name: 'conf',
      mountPath: `/etc/nginx/conf.d/${file}.conf`,
      subPath,
    });
    const manifests = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'site' }, data: { site } },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web', labels: { app: 'site' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx',
              volumeMounts: [mount('constructor'), mount('__proto__'), mount('site', 'default')],
            },
          ],
          volumes: [{ name: 'conf', configMap: { name: 'site' } }],
        },
      },
    ];
    const res = await serveOnNodePort(manifests);
    expect(res.body.response.body).toBe('mine');
  });
});
