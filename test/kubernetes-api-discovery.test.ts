// What real Kubernetes clients read before their requests: discovery and the OpenAPI v3 and v2
// documents. kubectl-tutorial-*.test.ts runs the real kubectl on top.
import { describe, expect, it } from 'vitest';
import { readFields } from '../src/http/codecs/protobuf-reader';
import type { Json } from './support/kubernetes-api-lab';
import { AGGREGATED, lab, useKubernetesApiLab } from './support/kubernetes-api-lab';

useKubernetesApiLab();

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
