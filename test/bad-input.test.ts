// Bad input through the API: each gets a clear 4xx Status, the server stays up, and the stored
// state is exactly as before. Multi-document requests are atomic; dry runs store nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apply, startLab, type TestLab } from './support/app';
import {
  applyJson,
  configMap,
  CONFIGMAPS,
  expectStatus,
  names,
  service,
  SERVICES,
  snapshot,
} from './support/manifests';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
  // Some state to protect: an echo-like deployment, a service and a configmap.
  const seeded = await apply(
    lab,
    `apiVersion: v1
kind: ConfigMap
metadata:
  name: seed
data:
  a: b
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: seed
spec:
  replicas: 2
  selector:
    matchLabels: {app: seed}
  template:
    metadata:
      labels: {app: seed}
    spec:
      containers:
        - name: nginx
          image: nginx
---
apiVersion: v1
kind: Service
metadata:
  name: seed
spec:
  type: NodePort
  selector: {app: seed}
  ports:
    - port: 80
      nodePort: 30080
`,
  );
  expect(seeded.status).toBe(201);
});
afterEach(() => lab.close());

const yamlDoc = (kind: string, name: string, rest = '') =>
  `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n${rest}`;

/** A YAML "billion laughs": nine levels of nine aliases each. */
function aliasBomb(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const next = String.fromCharCode(97 + i);
    lines.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return `${yamlDoc('ConfigMap', 'bomb', 'data:\n')}${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

interface BadCase {
  name: string;
  send: () => ReturnType<TestLab['request']['post']>;
  code: number;
  reason: string;
  message: string | RegExp;
}

const post = (body: string | Buffer, type: string, path = '/manifests') =>
  lab.request.post(path).set('Content-Type', type).send(body);
const yaml = (body: string) => post(body, 'application/yaml');
const servicePorts = (ports: string) =>
  yamlDoc('Service', 'web', `spec:\n  type: NodePort\n  ports:\n${ports}`);

const cases: BadCase[] = [
  {
    name: 'malformed YAML names line and column',
    send: () => yaml('apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n   labels: x\n'),
    code: 400,
    reason: 'BadRequest',
    message:
      'error parsing YAML document 1 at line 4, column 9: Nested mappings are not allowed in compact mappings',
  },
  {
    name: 'unclosed flow sequence',
    send: () => yaml('apiVersion: v1\nkind: Service\nmetadata:\n  name: [web\n'),
    code: 400,
    reason: 'BadRequest',
    message: /^error parsing YAML document 1 at line \d+, column \d+: /,
  },
  {
    name: 'tab indentation in the second document (line counted in the whole stream)',
    send: () =>
      yaml(`${yamlDoc('ConfigMap', 'ok')}---\napiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n`),
    code: 400,
    reason: 'BadRequest',
    message:
      'error parsing YAML document 2 at line 9, column 1: Tabs are not allowed as indentation',
  },
  {
    name: 'duplicate mapping key',
    send: () => yaml('apiVersion: v1\nkind: Service\nkind: Pod\n'),
    code: 400,
    reason: 'BadRequest',
    message: 'error parsing YAML document 1 at line 3, column 1: Map keys must be unique',
  },
  {
    name: 'YAML alias bomb',
    send: () => yaml(aliasBomb()),
    code: 400,
    reason: 'BadRequest',
    message:
      'error parsing YAML document 1: Excessive alias count indicates a resource exhaustion attack',
  },
  {
    name: 'a document that is a string',
    send: () => yaml('hello'),
    code: 400,
    reason: 'BadRequest',
    message:
      'document 1: expected a Kubernetes object (a mapping with apiVersion and kind), got string',
  },
  {
    name: 'a document that is a list of scalars',
    send: () => yaml('- 1\n- 2\n'),
    code: 400,
    reason: 'BadRequest',
    message:
      'document 1: expected a Kubernetes object (a mapping with apiVersion and kind), got number',
  },
  {
    name: 'a JSON string',
    send: () => post('"x"', 'application/json'),
    code: 400,
    reason: 'BadRequest',
    message:
      'document 1: expected a Kubernetes object (a mapping with apiVersion and kind), got string',
  },
  {
    name: 'malformed JSON',
    send: () => post('{"apiVersion": "v1", "kind": }', 'application/json'),
    code: 400,
    reason: 'BadRequest',
    message: /^error parsing JSON/,
  },
  {
    name: 'unknown kind',
    send: () => yaml(yamlDoc('Foo', 'x')),
    code: 400,
    reason: 'BadRequest',
    message: 'no matches for kind "Foo" in version "v1"',
  },
  {
    name: 'known kind in the wrong group',
    send: () => yaml(yamlDoc('Deployment', 'x')),
    code: 400,
    reason: 'BadRequest',
    message: 'no matches for kind "Deployment" in version "v1"',
  },
  {
    name: 'missing kind',
    send: () => yaml('apiVersion: v1\nmetadata:\n  name: x\n'),
    code: 400,
    reason: 'BadRequest',
    message: /^Object 'Kind' is missing in document 1/,
  },
  {
    name: 'port: "eighty"',
    send: () => yaml(servicePorts('  - port: eighty\n')),
    code: 400,
    reason: 'BadRequest',
    message:
      'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32',
  },
  {
    name: 'port: 1.5',
    send: () => yaml(servicePorts('  - port: 1.5\n')),
    code: 400,
    reason: 'BadRequest',
    message:
      'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal number 1.5 into Go struct field ServicePort.spec.ports.port of type int32',
  },
  {
    name: 'targetPort: true',
    send: () => yaml(servicePorts('  - port: 80\n    targetPort: true\n')),
    code: 400,
    reason: 'BadRequest',
    message:
      'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type int32',
  },
  {
    name: 'ports: "80"',
    send: () => yaml(yamlDoc('Service', 'web', 'spec:\n  ports: "80"\n')),
    code: 400,
    reason: 'BadRequest',
    message:
      'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal string into Go struct field ServiceSpec.spec.ports of type []v1.ServicePort',
  },
  {
    name: 'a label value that is a number',
    send: () =>
      yaml(yamlDoc('ConfigMap', 'x').replace('name: x', 'name: x\n  labels:\n    app: 1')),
    code: 400,
    reason: 'BadRequest',
    message:
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
  },
  {
    name: 'metadata that is a string',
    send: () => yaml('apiVersion: v1\nkind: ConfigMap\nmetadata: web\n'),
    code: 400,
    reason: 'BadRequest',
    message:
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal string into Go struct field ConfigMap.metadata of type v1.ObjectMeta',
  },
  {
    name: 'replicas: "3"',
    send: () =>
      yaml('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replicas: "3"\n'),
    code: 400,
    reason: 'BadRequest',
    message:
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
  },
  {
    name: 'missing metadata',
    send: () => yaml('apiVersion: v1\nkind: Service\nspec:\n  ports:\n    - port: 80\n'),
    code: 422,
    reason: 'Invalid',
    message:
      'Service "" is invalid: metadata.name: Required value: name or generateName is required',
  },
  {
    name: 'metadata without a name',
    send: () => yaml('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {a: b}\n'),
    code: 422,
    reason: 'Invalid',
    message:
      'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
  },
  {
    name: 'a 10000-character name',
    send: () => yaml(yamlDoc('ConfigMap', 'a'.repeat(10000))),
    code: 422,
    reason: 'Invalid',
    message: `ConfigMap "${'a'.repeat(10000)}" is invalid: metadata.name: Invalid value: "${'a'.repeat(10000)}": must be no more than 253 characters`,
  },
  {
    name: 'a namespace that does not exist',
    send: () => yaml(yamlDoc('ConfigMap', 'x').replace('name: x', 'name: x\n  namespace: nope')),
    code: 404,
    reason: 'NotFound',
    message: 'namespaces "nope" not found',
  },
  {
    name: '600 documents',
    send: () =>
      yaml(Array.from({ length: 600 }, (_, i) => yamlDoc('ConfigMap', `c${i}`)).join('---\n')),
    code: 400,
    reason: 'BadRequest',
    message: 'too many objects in one request: 600 (at most 500)',
  },
  {
    name: 'a JSON List of 600 items',
    send: () =>
      post(
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'List',
          items: Array.from({ length: 600 }, (_, i) => configMap(`c${i}`)),
        }),
        'application/json',
      ),
    code: 400,
    reason: 'BadRequest',
    message: 'too many objects in one request: 600 (at most 500)',
  },
  {
    name: 'a 4 MiB body',
    send: () => yaml(`# ${'x'.repeat(4 * 1024 * 1024)}\n`),
    code: 413,
    reason: 'RequestEntityTooLarge',
    message: 'Request entity too large: limit is 3145728',
  },
  {
    name: 'a 4 MiB PUT',
    send: () =>
      lab.request
        .put(`${CONFIGMAPS}/seed`)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(configMap('seed', { a: 'x'.repeat(4 * 1024 * 1024) }))),
    code: 413,
    reason: 'RequestEntityTooLarge',
    message: 'Request entity too large: limit is 3145728',
  },
  {
    name: 'Content-Type text/html',
    send: () => post('<html></html>', 'text/html'),
    code: 415,
    reason: 'UnsupportedMediaType',
    message:
      'the body of the request was in an unknown format: "text/html"; accepted media types: application/yaml, application/x-yaml, text/yaml, text/x-yaml, application/json',
  },
  {
    name: 'Content-Type text/html on a resource path',
    send: () => post('<html></html>', 'text/html', SERVICES),
    code: 415,
    reason: 'UnsupportedMediaType',
    message: /^the body of the request was in an unknown format: "text\/html"/,
  },
  {
    name: 'a PATCH that is not a merge patch',
    send: () =>
      lab.request.patch(`${SERVICES}/seed`).set('Content-Type', 'application/json').send('{}'),
    code: 415,
    reason: 'UnsupportedMediaType',
    message: /^the body of the request was in an unknown format: "application\/json"/,
  },
  {
    name: 'an empty body',
    send: () => yaml(''),
    code: 400,
    reason: 'BadRequest',
    message: 'the request body is empty: send one or more manifests',
  },
  {
    name: 'a body of only separators and comments',
    send: () => yaml('# nothing here\n---\n---\n'),
    code: 400,
    reason: 'BadRequest',
    message: 'no objects passed to apply',
  },
  {
    name: 'an invalid document after valid ones (atomic)',
    send: () =>
      yaml(
        [
          yamlDoc('ConfigMap', 'first', 'data:\n  a: b\n'),
          yamlDoc(
            'Service',
            'second',
            'spec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: 30081\n',
          ),
          yamlDoc('Service', 'third', 'spec:\n  ports:\n    - port: 80\n      protocol: HTTP\n'),
        ].join('---\n'),
      ),
    code: 422,
    reason: 'Invalid',
    message:
      'Service "third" is invalid: spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
  },
  {
    name: 'a document clashing with an earlier one of the same request (atomic)',
    send: () =>
      yaml(
        [
          yamlDoc(
            'Service',
            'first',
            'spec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: 30090\n',
          ),
          yamlDoc(
            'Service',
            'second',
            'spec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: 30090\n',
          ),
        ].join('---\n'),
      ),
    code: 422,
    reason: 'Invalid',
    message:
      'Service "second" is invalid: spec.ports[0].nodePort: Invalid value: 30090: provided port is already allocated',
  },
  {
    name: 'a write to a read-only kind',
    send: () => yaml(yamlDoc('Endpoints', 'seed')),
    code: 405,
    reason: 'MethodNotAllowed',
    message: 'endpoints are read-only in NodePort Lab: the cluster creates and updates them itself',
  },
];

describe('bad requests answer a 4xx Status and change nothing', () => {
  it.each(cases)('$name', async (c) => {
    const before = await snapshot(lab);
    const started = Date.now();
    const res = await c.send();
    expect(Date.now() - started).toBeLessThan(2000);
    expectStatus(res, c.code, c.reason, c.message);
    expect(await snapshot(lab)).toEqual(before);
    const health = await lab.request.get('/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
  });

  it('frees nothing and holds nothing after an atomic failure', async () => {
    await yaml(
      [
        yamlDoc(
          'Service',
          'first',
          'spec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: 30081\n',
        ),
        yamlDoc('Service', 'second', 'spec:\n  sessionAffinity: X\n  ports:\n    - port: 80\n'),
      ].join('---\n'),
    ).expect(422);
    // 30081 was never committed: another service may take it; 30080 is still held by seed.
    const ok = await applyJson(
      lab,
      service('other', { type: 'NodePort', ports: [{ port: 80, nodePort: 30081 }] }),
    );
    expect(ok.status).toBe(201);
    const held = await applyJson(
      lab,
      service('again', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }),
    );
    expect(held.status).toBe(422);
  });
});

describe('?dryRun=All', () => {
  it('validates, allocates and reports, but stores nothing', async () => {
    const before = await snapshot(lab);
    const manifest = [
      yamlDoc('ConfigMap', 'dry', 'data:\n  a: b\n'),
      yamlDoc(
        'Service',
        'dry',
        'spec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: 30200\n',
      ),
    ].join('---\n');
    const res = await apply(lab, manifest, '?dryRun=All');
    expect(res.status).toBe(201);
    expect(res.body.dryRun).toBe(true);
    expect(res.body.results).toEqual([
      { kind: 'ConfigMap', namespace: 'default', name: 'dry', action: 'created' },
      { kind: 'Service', namespace: 'default', name: 'dry', action: 'created' },
    ]);
    expect(res.body.objects[1].spec.ports[0].nodePort).toBe(30200);
    expect(res.body.objects[1].spec.clusterIP).toMatch(/^10\./);
    expect(await snapshot(lab)).toEqual(before);
    const text = await apply(lab, manifest, '?dryRun=All').set('Accept', 'text/plain');
    expect(text.text).toBe(
      'configmap/dry created (server dry run)\nservice/dry created (server dry run)\n',
    );
    // The port was not taken for real.
    expect((await apply(lab, manifest)).status).toBe(201);
  });

  it('reports validation errors like a real request', async () => {
    const res = await apply(
      lab,
      yamlDoc('Service', 'dry', 'spec:\n  ports:\n    - port: 80\n      protocol: HTTP\n'),
      '?dryRun=All',
    );
    expectStatus(
      res,
      422,
      'Invalid',
      'Service "dry" is invalid: spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    );
  });

  it('stores nothing for dry-run create and delete on resource paths', async () => {
    const before = await snapshot(lab);
    const created = await lab.request.post(`${CONFIGMAPS}?dryRun=All`).send(configMap('dry'));
    expect(created.status).toBe(201);
    const deleted = await lab.request.delete(`${SERVICES}/seed?dryRun=All`);
    expect(deleted.status).toBe(200);
    expect(await snapshot(lab)).toEqual(before);
    const list = await lab.request.get(SERVICES);
    expect(names(list.body)).toContain('seed');
  });
});

describe('input that only looks odd', () => {
  it('accepts a JSON array and a List of objects', async () => {
    const arr = await applyJson(lab, [configMap('a1'), configMap('a2')]);
    expect(arr.status).toBe(201);
    const list = await applyJson(lab, { apiVersion: 'v1', kind: 'List', items: [configMap('l1')] });
    expect(list.status).toBe(201);
    const got = await lab.request.get(CONFIGMAPS);
    expect(names(got.body)).toEqual(['a1', 'a2', 'l1', 'seed']);
  });

  it('treats null fields as absent, as Go does', async () => {
    const res = await yaml(
      yamlDoc(
        'Service',
        'web',
        'spec:\n  type: null\n  ports:\n    - port: 80\n      name: null\n',
      ),
    );
    expect(res.status).toBe(201);
    expect(res.body.objects[0].spec.type).toBe('ClusterIP');
  });

  it('accepts exactly 500 documents', async () => {
    // In a fresh lab: on top of the seeded objects, 500 more would exceed the lab's object quota.
    const fresh = (await lab.request.post('/labs').send({}).expect(201)).body.id as string;
    const body = Array.from({ length: 500 }, (_, i) => yamlDoc('ConfigMap', `c${i}`)).join('---\n');
    const res = await lab.request
      .post('/manifests')
      .set('X-Lab-Id', fresh)
      .set('Content-Type', 'application/yaml')
      .send(body);
    expect(res.status).toBe(201);
    expect(res.body.results).toHaveLength(500);
  });
});
