// What real Kubernetes clients need besides the resource verbs: server-side Tables, field and label
// selection, field validation and patch types.
import { describe, expect, it } from 'vitest';
import {
  DEPLOYMENTS,
  deployment,
  expectStatus,
  pod,
  PODS,
  service,
  SERVICES,
} from './support/manifests';
import type { Json } from './support/kubernetes-api-lab';
import { lab, TABLE, useKubernetesApiLab } from './support/kubernetes-api-lab';

useKubernetesApiLab();

describe('server-side tables (kubectl get)', () => {
  it('answers a meta.k8s.io Table with every column and PartialObjectMetadata rows', async () => {
    await lab.request
      .post(SERVICES)
      .send(service('web', { type: 'NodePort', ports: [{ port: 80, nodePort: 31110 }] }))
      .expect(201);
    const res = await lab.request.get(SERVICES).set('Accept', TABLE).expect(200);
    expect(res.body.kind).toBe('Table');
    expect(res.body.apiVersion).toBe('meta.k8s.io/v1');
    expect(res.body.columnDefinitions.map((c: Json) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Type', 0],
      ['Cluster-IP', 0],
      ['External-IP', 0],
      ['Port(s)', 0],
      ['Age', 0],
      ['Selector', 1],
    ]);
    const web = res.body.rows[1] as Json;
    expect(web.cells.slice(0, 5)).toEqual([
      'web',
      'NodePort',
      expect.any(String),
      '<none>',
      '80:31110/TCP',
    ]);
    expect(web.object).toMatchObject({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { name: 'web', namespace: 'default' },
    });
    const full = await lab.request.get(`${SERVICES}/web?includeObject=Object`).set('Accept', TABLE);
    expect(full.body.rows[0].object.kind).toBe('Service');
    const none = await lab.request.get(`${SERVICES}?includeObject=None`).set('Accept', TABLE);
    expect(none.body.rows[0].object).toBeUndefined();
  });

  it('prints EndpointSlices and Events, derived from the pods', async () => {
    await lab.request.post(DEPLOYMENTS).send(deployment('web', 2)).expect(201);
    await lab.request.post(SERVICES).send(service('web')).expect(201);
    const slices = await lab.request
      .get(
        '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io/service-name=web',
      )
      .set('Accept', TABLE)
      .expect(200);
    expect(slices.body.rows).toHaveLength(1);
    const [name, addressType, ports, endpoints] = slices.body.rows[0].cells as string[];
    expect(name).toMatch(/^web-[a-z0-9]{5}$/);
    expect([addressType, ports]).toEqual(['IPv4', '80']);
    expect(endpoints!.split(',')).toHaveLength(2);

    const events = await lab.request
      .get(
        '/api/v1/namespaces/default/events?fieldSelector=involvedObject.kind=Deployment,involvedObject.name=web',
      )
      .expect(200);
    expect(events.body.items.map((e: Json) => [e.reason, e.message])).toEqual([
      ['ScalingReplicaSet', expect.stringMatching(/^Scaled up replica set web-\w+ from 0 to 2$/)],
    ]);
  });
});

describe('selectors, validation and patches', () => {
  it('filters lists by field selector', async () => {
    await lab.request.post(PODS).send(pod('a')).expect(201);
    await lab.request.post(PODS).send(pod('b')).expect(201);
    const res = await lab.request.get(`${PODS}?fieldSelector=metadata.name%3Db`).expect(200);
    expect(res.body.items.map((p: Json) => p.metadata.name)).toEqual(['b']);
  });

  it.each([
    {
      name: 'Strict refuses unknown fields',
      directive: 'Strict',
      status: 400,
      warning: undefined,
    },
    {
      name: 'Warn stores and warns',
      directive: 'Warn',
      status: 201,
      warning: '299 - "unknown field \\"spec.foo\\""',
    },
    { name: 'Ignore stores silently', directive: 'Ignore', status: 201, warning: undefined },
  ])('fieldValidation: $name', async ({ directive, status, warning }) => {
    const res = await lab.request
      .post(`${SERVICES}?fieldValidation=${directive}`)
      .send(service('web', { foo: 1 }));
    expect(res.status).toBe(status);
    expect(res.headers.warning).toBe(warning);
    if (status === 400) {
      expectStatus(
        res,
        400,
        'BadRequest',
        'Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.foo"',
      );
    }
  });

  it('accepts fields Kubernetes has and NodePort Lab does not model, and keeps them', async () => {
    const manifest = deployment('web', 1) as Json;
    manifest.spec.template.spec.containers[0].resources = { limits: { cpu: '100m' } };
    await lab.request.post(`${DEPLOYMENTS}?fieldValidation=Strict`).send(manifest).expect(201);
    const got = await lab.request.get(`${DEPLOYMENTS}/web`).expect(200);
    expect(got.body.spec.template.spec.containers[0].resources).toEqual({
      limits: { cpu: '100m' },
    });
  });

  it('takes back every object it serves under Strict (kubectl get -o yaml | kubectl replace)', async () => {
    await lab.request.post(DEPLOYMENTS).send(deployment('web', 1)).expect(201);
    const pods = (await lab.request.get(PODS).expect(200)).body.items as Json[];
    const served = pods[0]!;
    const res = await lab.request
      .put(`${PODS}/${served.metadata.name}?fieldValidation=Strict`)
      .send({
        ...served,
        metadata: { ...served.metadata, labels: { ...served.metadata.labels, x: 'y' } },
      });
    expect(res.status).toBe(200);
    const patched = await lab.request
      .patch(`${PODS}/${served.metadata.name}?fieldValidation=Strict`)
      .set('Content-Type', 'application/merge-patch+json')
      .send(JSON.stringify({ metadata: { annotations: { note: 'kept' } } }));
    expect(patched.status).toBe(200);
    expect(patched.headers.warning).toBeUndefined();
  });

  it('applies a strategic merge patch by merge key, as kubectl apply sends it', async () => {
    await lab.request
      .post(SERVICES)
      .send(
        service('web', {
          type: 'NodePort',
          ports: [
            { name: 'http', port: 80, nodePort: 31110 },
            { name: 'https', port: 443 },
          ],
        }),
      )
      .expect(201);
    const res = await lab.request
      .patch(`${SERVICES}/web`)
      .set('Content-Type', 'application/strategic-merge-patch+json')
      .send(
        JSON.stringify({
          spec: {
            '$setElementOrder/ports': [{ port: 80 }],
            ports: [
              { port: 80, nodePort: 31111 },
              { $patch: 'delete', port: 443 },
            ],
          },
        }),
      )
      .expect(200);
    expect(res.body.spec.ports).toEqual([
      { name: 'http', port: 80, protocol: 'TCP', targetPort: 80, nodePort: 31111 },
    ]);
  });

  it('creates and then merges with server-side apply, which needs a field manager', async () => {
    const body = JSON.stringify(service('web', { type: 'NodePort' }));
    const apply = (query: string) =>
      lab.request
        .patch(`${SERVICES}/web${query}`)
        .set('Content-Type', 'application/apply-patch+yaml')
        .send(body);
    expectStatus(
      await apply(''),
      422,
      'Invalid',
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
    expect((await apply('?fieldManager=kubectl')).status).toBe(201);
    const again = await apply('?fieldManager=kubectl');
    expect(again.status).toBe(200);
    expect(again.body.spec.type).toBe('NodePort');
  });

  it('refuses writes to derived kinds with 405', async () => {
    const slice = await lab.request
      .post('/apis/discovery.k8s.io/v1/namespaces/default/endpointslices')
      .send({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'x' } });
    expectStatus(
      slice,
      405,
      'MethodNotAllowed',
      'endpointslices.discovery.k8s.io are read-only in NodePort Lab: the cluster creates and updates them itself',
    );
  });

  it('streams watch events: the objects there, then each change, until the timeout', async () => {
    await lab.request.post(PODS).send(pod('first')).expect(201);
    const watching = lab.request
      .get(`${PODS}?watch=true&timeoutSeconds=3`)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => done(null, text));
      })
      // Superagent sends on then(): start watching now, before the changes.
      .then((r) => r);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await lab.request.post(PODS).send(pod('second')).expect(201);
    await lab.request.delete(`${PODS}/first?gracePeriodSeconds=0`).expect(200);
    const res = await watching;
    expect(res.status).toBe(200);
    const events = (res.body as string)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Json);
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'first'],
      ['ADDED', 'second'],
      ['DELETED', 'first'],
    ]);
  });
});
