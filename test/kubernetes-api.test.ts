// What real Kubernetes clients need besides the resource verbs: discovery, the OpenAPI v3
// documents, server-side Tables, field and label selection, field validation, patch types, the
// kubeconfig and the ways a client picks its lab. kubectl.test.ts runs the real kubectl on top.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFields } from '../src/http/codecs/protobuf-reader';
import { nodeOnly, startLab, type TestLab } from './support/app';
import {
  DEPLOYMENTS,
  deployment,
  expectStatus,
  pod,
  PODS,
  service,
  SERVICES,
} from './support/manifests';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('discovery', () => {
  it('answers /version with the simulated Kubernetes version', async () => {
    const res = await lab.request.get('/version').expect(200);
    expect(res.body).toEqual({
      major: '1',
      minor: '33',
      emulationMajor: '1',
      emulationMinor: '33',
      minCompatibilityMajor: '1',
      minCompatibilityMinor: '32',
      gitVersion: 'v1.33.3',
      gitCommit: '80779bd6ff08b451e1c165a338a7b69351e9b0b8',
      gitTreeState: 'clean',
      buildDate: '2025-07-15T18:05:14Z',
      goVersion: 'go1.24.4',
      compiler: 'gc',
      platform: 'linux/amd64',
    });
  });

  it('answers /version for the release the lab setting names (PATCH /cluster, POST /labs)', async () => {
    const patched = await lab.request.patch('/cluster').send({ kubernetesVersion: '1.32' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ kubernetesVersion: '1.32' });
    const v132 = (await lab.request.get('/version').expect(200)).body as Json;
    expect(v132).toMatchObject({ minor: '32', gitVersion: 'v1.32.1', goVersion: 'go1.23.4' });
    expect(v132).not.toHaveProperty('emulationMinor');
    expect((await lab.request.get('/cluster').expect(200)).body.kubernetesVersion).toBe('1.32');
    const node = (await lab.request.get('/api/v1/nodes/node01').expect(200)).body as Json;
    expect(node.status.nodeInfo).toMatchObject({ kubeletVersion: 'v1.32.1', kubeProxyVersion: '' });
    const refused = await lab.request.patch('/cluster').send({ kubernetesVersion: '1.29' });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/^kubernetesVersion: /);

    const created = await lab.request.post('/labs').send({ kubernetesVersion: '1.34' });
    expect(created.status).toBe(201);
    expect(created.body.settings.kubernetesVersion).toBe('1.34');
    const v134 = await lab.request.get('/version').set('X-Lab-Id', created.body.id).expect(200);
    expect(v134.body).toMatchObject({ gitVersion: 'v1.34.1', minCompatibilityMinor: '33' });
    expect((await lab.request.post('/labs').send({ kubernetesVersion: 'v1.33.3' })).status).toBe(
      400,
    );
  });

  it('lists the core group and its resources, with verbs and short names', async () => {
    expect((await lab.request.get('/api').expect(200)).body).toMatchObject({
      kind: 'APIVersions',
      versions: ['v1'],
    });
    const v1 = (await lab.request.get('/api/v1').expect(200)).body as Json;
    expect(v1).toMatchObject({ kind: 'APIResourceList', groupVersion: 'v1' });
    const byName = Object.fromEntries(v1.resources.map((r: Json) => [r.name, r]));
    expect(Object.keys(byName).sort()).toEqual([
      'configmaps',
      'endpoints',
      'events',
      'namespaces',
      'nodes',
      'pods',
      'pods/status',
      'services',
      'services/status',
    ]);
    expect(byName.services).toEqual({
      name: 'services',
      singularName: 'service',
      namespaced: true,
      kind: 'Service',
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['svc'],
      categories: ['all'],
    });
    expect(byName.nodes).toMatchObject({
      namespaced: false,
      verbs: ['get', 'list', 'watch'],
      shortNames: ['no'],
    });
    expect(byName.endpoints.verbs).toEqual(['get', 'list', 'watch']);
  });

  it('lists the groups, and apps/v1 with the scale subresource', async () => {
    const groups = (await lab.request.get('/apis').expect(200)).body as Json;
    expect(groups.groups.map((g: Json) => g.preferredVersion.groupVersion)).toEqual([
      'apps/v1',
      'networking.k8s.io/v1',
      'coordination.k8s.io/v1',
      'discovery.k8s.io/v1',
    ]);
    const apps = (await lab.request.get('/apis/apps/v1').expect(200)).body as Json;
    expect(apps.resources.map((r: Json) => r.name)).toEqual([
      'deployments',
      'deployments/scale',
      'deployments/status',
      'replicasets',
    ]);
    expect(apps.resources[1]).toMatchObject({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
    await lab.request.get('/apis/batch/v1').expect(404);
  });

  it('answers the aggregated form when asked for it, as kubectl does first', async () => {
    const res = await lab.request.get('/apis').set('Accept', `${AGGREGATED},application/json`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(AGGREGATED);
    const body = JSON.parse(res.text) as Json;
    expect(body.kind).toBe('APIGroupDiscoveryList');
    const apps = body.items.find((i: Json) => i.metadata.name === 'apps');
    const deployments = apps.versions[0].resources.find((r: Json) => r.resource === 'deployments');
    expect(deployments).toMatchObject({
      responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      scope: 'Namespaced',
      shortNames: ['deploy'],
      subresources: [
        { subresource: 'scale', responseKind: { kind: 'Scale' } },
        { subresource: 'status', responseKind: { kind: 'Deployment' } },
      ],
    });
  });
});

describe('OpenAPI v3', () => {
  it('lists a document per group version and serves it with the x-kubernetes extensions', async () => {
    const root = (await lab.request.get('/openapi/v3').expect(200)).body as Json;
    expect(Object.keys(root.paths)).toEqual([
      'api/v1',
      'apis/apps/v1',
      'apis/networking.k8s.io/v1',
      'apis/coordination.k8s.io/v1',
      'apis/discovery.k8s.io/v1',
    ]);
    const url = root.paths['api/v1'].serverRelativeURL as string;
    expect(url).toMatch(/^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{16}$/);
    const doc = JSON.parse((await lab.request.get(url).expect(200)).text) as Json;
    const schemas = doc.components.schemas as Json;
    expect(schemas['io.k8s.api.core.v1.Service']['x-kubernetes-group-version-kind']).toEqual([
      { group: '', version: 'v1', kind: 'Service' },
    ]);
    expect(schemas['io.k8s.api.core.v1.ServiceSpec'].properties.ports).toMatchObject({
      type: 'array',
      items: { $ref: '#/components/schemas/io.k8s.api.core.v1.ServicePort' },
      'x-kubernetes-patch-merge-key': 'port',
      'x-kubernetes-patch-strategy': 'merge',
    });
    expect(
      schemas['io.k8s.api.core.v1.Container'].properties.ports['x-kubernetes-patch-merge-key'],
    ).toBe('containerPort');
    expect(schemas['io.k8s.api.core.v1.ServicePort'].properties.targetPort).toMatchObject({
      allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString' }],
    });
    const patch = doc.paths['/api/v1/namespaces/{namespace}/services/{name}'].patch as Json;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({
      group: '',
      version: 'v1',
      kind: 'Service',
    });
    expect(patch.parameters.map((p: Json) => p.name)).toContain('fieldValidation');
  });

  it('documents Deployment with its retainKeys strategy, in apps/v1', async () => {
    const doc = JSON.parse(
      (await lab.request.get('/openapi/v3/apis/apps/v1').expect(200)).text,
    ) as Json;
    const spec = doc.components.schemas['io.k8s.api.apps.v1.DeploymentSpec'];
    expect(spec.properties.strategy).toMatchObject({
      allOf: [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy' }],
      'x-kubernetes-patch-strategy': 'retainKeys',
    });
    expect(
      doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'],
    ).toBeDefined();
  });
});

describe('OpenAPI v2 (older kubectl validates against it)', () => {
  it('serves Swagger 2.0 as JSON, with #/definitions refs and the group-version-kind', async () => {
    const doc = JSON.parse((await lab.request.get('/openapi/v2').expect(200)).text) as Json;
    expect(doc.swagger).toBe('2.0');
    const service = doc.definitions['io.k8s.api.core.v1.Service'];
    expect(service['x-kubernetes-group-version-kind']).toEqual([
      { group: '', version: 'v1', kind: 'Service' },
    ]);
    expect(service.properties.spec).toMatchObject({
      $ref: '#/definitions/io.k8s.api.core.v1.ServiceSpec',
    });
    expect(doc.definitions['io.k8s.api.core.v1.ServicePort'].properties.targetPort).toMatchObject({
      $ref: '#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString',
    });
  });

  it('serves the same document as gnostic protobuf when asked for it', async () => {
    const res = await lab.request
      .get('/openapi/v2')
      .set('Accept', 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf')
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (chunk: Buffer) => chunks.push(chunk));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe(
      'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
    );
    const fields = readFields(new Uint8Array(res.body as Buffer));
    const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    expect(text(fields.find((f) => f.field === 1)!.bytes)).toBe('2.0');
    const definitions = readFields(fields.find((f) => f.field === 9)!.bytes).map((named) =>
      text(readFields(named.bytes).find((f) => f.field === 1)!.bytes),
    );
    expect(definitions).toContain('io.k8s.api.core.v1.Service');
    expect(definitions).toContain('io.k8s.api.apps.v1.Deployment');
  });
});

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

describe('kubeconfig and lab selection', () => {
  it('answers a kubeconfig whose server URL names the lab', async () => {
    const res = await lab.request.get('/kubeconfig').set('Host', 'lab.example:8787').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/yaml/);
    const id = /token: "lab:([^"]+)"/.exec(res.text)?.[1];
    expect(id).toBeDefined();
    expect(res.text).toContain(`server: "http://lab.example:8787/k8s/${id}"`);
    expect(res.text).toContain('insecure-skip-tls-verify: true');
    expect(res.text).toContain(`current-context: "${id}"`);
    expect(res.text).toContain('namespace: default');
    const proxied = await lab.request
      .get('/kubeconfig')
      .set('X-Forwarded-Proto', 'https')
      .set('X-Forwarded-Host', 'labs.example.com')
      .expect(200);
    expect(proxied.text).toContain(`server: "https://labs.example.com/k8s/${id}"`);
    expect(proxied.text).not.toContain('insecure-skip-tls-verify');
    expectStatus(
      await lab.request.get('/kubeconfig').set('X-Lab-Id', 'nope'),
      404,
      'NotFound',
      'lab "nope" not found',
    );
  });

  nodeOnly('the Worker run’s agent sends X-Lab-Id, which a token does not override')(
    'acts in the lab a /k8s/<lab> path or a `Bearer lab:<id>` token names',
    async () => {
      const created = await lab.request.post('/labs').send({}).expect(201);
      const id = created.body.id as string;
      await lab.request
        .post(`/k8s/${id}/api/v1/namespaces/default/pods`)
        .send(pod('only-here'))
        .expect(201);
      const inLab = await lab.request.get(`/k8s/${id}/api/v1/namespaces/default/pods`).expect(200);
      expect(inLab.body.items.map((p: Json) => p.metadata.name)).toEqual(['only-here']);
      const byToken = await lab.request
        .get(PODS)
        .set('Authorization', `Bearer lab:${id}`)
        .expect(200);
      expect(byToken.body.items).toHaveLength(1);
      const elsewhere = await lab.request.get(PODS).set('X-Lab-Id', 'default').expect(200);
      expect(elsewhere.body.items).toEqual([]);
      const missing = await lab.request.get('/k8s/nope/api/v1/namespaces/default/pods');
      expect(missing.status).toBe(404);
    },
  );
});
