// Decoding hostile bodies: deep or self-referencing input is a 400 that says what is wrong, huge
// YAML streams are cut off early with a 413 naming the limit, and YAML is read with the YAML 1.1
// rules kubectl's decoder (go-yaml v2) follows. The server keeps answering, and nothing is stored.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apply, startLab, type TestLab } from './support/app';
import { CONFIGMAPS, expectStatus, SERVICES, snapshot } from './support/manifests';

let lab: TestLab;
let before: unknown;
beforeEach(async () => {
  lab = await startLab();
  before = await snapshot(lab);
});
afterEach(() => lab.close());

const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
const TOO_DEEP = /is not acceptable: it is nested more than 100 levels deep$/;
const json = (
  method: 'post' | 'patch' | 'put',
  path: string,
  body: string,
  type = 'application/json',
) => lab.request[method](path).set('Content-Type', type).send(body);

describe('deep and self-referencing input answers 400', () => {
  it.each([
    {
      name: 'a YAML alias inside its own anchor',
      send: () => apply(lab, 'a: &a [*a]'),
      message:
        "error parsing YAML document 1 at line 1, column 8: anchor 'a' value contains itself",
    },
    {
      name: 'a YAML merge of its own anchor',
      send: () => apply(lab, 'a: &a\n  <<: *a\n'),
      message:
        "error parsing YAML document 1 at line 2, column 7: anchor 'a' value contains itself",
    },
    {
      name: 'JSON lists 3,000 deep',
      send: () => json('post', '/manifests', `${'['.repeat(3000)}${']'.repeat(3000)}`),
      message: TOO_DEEP,
    },
    {
      name: 'YAML flow lists 5,000 deep',
      send: () => apply(lab, `a: ${'['.repeat(5000)}${']'.repeat(5000)}`),
      message: TOO_DEEP,
    },
    {
      name: 'ConfigMap data 5,000 deep',
      send: () =>
        json(
          'post',
          CONFIGMAPS,
          `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"d"},"data":${deep(5000)}}`,
        ),
      message: TOO_DEEP,
    },
    {
      name: 'labels 4,000 deep',
      send: () =>
        json(
          'post',
          CONFIGMAPS,
          `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"d","labels":${deep(4000)}}}`,
        ),
      message: TOO_DEEP,
    },
    {
      name: 'a merge patch 5,000 deep',
      send: () =>
        json('patch', `${SERVICES}/seed`, `{"spec":${deep(5000)}}`, 'application/merge-patch+json'),
      message: TOO_DEEP,
    },
    {
      name: 'a strategic merge patch 5,000 deep',
      send: () =>
        json(
          'patch',
          `${SERVICES}/seed`,
          `{"spec":${deep(5000)}}`,
          'application/strategic-merge-patch+json',
        ),
      message: TOO_DEEP,
    },
    {
      name: 'a JSON patch value 5,000 deep',
      send: () =>
        json(
          'patch',
          `${SERVICES}/seed`,
          `[{"op":"add","path":"/spec/x","value":${deep(5000)}}]`,
          'application/json-patch+json',
        ),
      message: TOO_DEEP,
    },
    {
      name: 'a check value 5,000 deep',
      send: async () =>
        json(
          'post',
          `/labs/${((await lab.request.get('/cluster')).body as { lab: string }).lab}/checks`,
          `{"checks":[{"id":"x","type":"fieldEquals","points":1,"kind":"Service","name":"seed","path":"spec","value":${deep(5000)}}]}`,
        ),
      message: TOO_DEEP,
    },
    {
      name: 'a lab request 5,000 deep',
      send: () => json('post', '/labs', deep(5000)),
      message: TOO_DEEP,
    },
  ])('$name', async ({ send, message }) => {
    const res = await send();
    expectStatus(res, 400, 'BadRequest', message);
    expect(await snapshot(lab)).toEqual(before);
    expect((await lab.request.get('/healthz')).status).toBe(200);
  });

  it('cluster settings 5,000 deep are refused without recursing (400)', async () => {
    expect((await json('patch', '/cluster', `{"seed":${deep(5000)}}`)).status).toBe(400);
    expect((await json('post', '/cluster/clock', `{"advanceSeconds":${deep(5000)}}`)).status).toBe(
      400,
    );
  });

  it('accepts nesting well within the bound', async () => {
    const unmodeled = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ok","annotations":{"a":"b"}},"data":{"k":"v"}}`;
    expect((await json('post', CONFIGMAPS, unmodeled)).status).toBe(201);
  });
});

describe('huge YAML streams are cut off with a 413 naming the limit', () => {
  it.each([
    {
      name: '200,000 empty documents',
      body: '---\n'.repeat(200_000),
      message: 'Request entity too large: a YAML stream may hold at most 1000 documents',
    },
    {
      name: '300,000 flow items',
      body: `l: [${Array.from({ length: 300_000 }, () => '1').join(',')}]`,
      message:
        'Request entity too large: a YAML stream may hold at most 50000 tokens (keys, values, indicators and line breaks)',
    },
  ])('$name', async ({ body, message }) => {
    const started = performance.now();
    expectStatus(await apply(lab, body), 413, 'RequestEntityTooLarge', message);
    expect(performance.now() - started).toBeLessThan(4000);
  });

  it('refuses 10,000 aliases of one anchor after the 100th, quickly', async () => {
    const body = `x: &x 1\nl: [${Array.from({ length: 10_000 }, () => '*x').join(', ')}]\n`;
    const started = performance.now();
    expectStatus(
      await apply(lab, body),
      400,
      'BadRequest',
      'error parsing YAML document 1: Excessive alias count indicates a resource exhaustion attack',
    );
    expect(performance.now() - started).toBeLessThan(4000);
  });

  it('refuses aliases that expand a document past 50,000 values, quickly', async () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `k${i}: 1`).join(', ');
    const aliases = Array.from({ length: 99 }, () => '*a').join(', ');
    const body = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\nx: &a {${keys}}\ny: [${aliases}]\n`;
    const started = performance.now();
    expectStatus(
      await apply(lab, body),
      400,
      'BadRequest',
      'YAML document 1 is not acceptable: it holds more than 50000 values once its aliases are expanded',
    );
    expect(performance.now() - started).toBeLessThan(4000);
  });

  it('still reads a ConfigMap holding a 700 KB config file (one block scalar)', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `    location /l${i} { return 200; }`);
    const res = await apply(
      lab,
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  nginx.conf: |\n${lines.join('\n')}\n`,
    );
    expect(res.status).toBe(201);
  });
});

describe('YAML 1.1, as kubectl reads it', () => {
  it('reads 0120 and 0o73200 as octal and yes/on/off as booleans', async () => {
    const res = await apply(
      lab,
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: octal\nspec:\n  type: NodePort\n  ports:\n  - port: 0120\n    nodePort: 0o73200\n',
    );
    expect(res.status).toBe(201);
    const ports = (await lab.request.get(`${SERVICES}/octal`)).body.spec.ports;
    // Go's strconv.ParseInt(s, 0, 64) reads both octal spellings.
    expect([ports[0].port, ports[0].nodePort]).toEqual([80, 30336]);
    const flags = await apply(
      lab,
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: flags\nspec:\n  enableServiceLinks: off\n  containers:\n  - name: c\n    image: nginx\n    tty: yes\n    stdin: on\n',
    );
    expect(flags.status).toBe(201);
    const pod = (await lab.request.get('/api/v1/namespaces/default/pods/flags')).body;
    expect([
      pod.spec.enableServiceLinks,
      pod.spec.containers[0].tty,
      pod.spec.containers[0].stdin,
    ]).toEqual([false, true, true]);
  });

  it('refuses an unquoted yes in ConfigMap data as kube-apiserver does (a bool is no string)', async () => {
    const res = await apply(
      lab,
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flags\ndata:\n  enabled: yes\n',
    );
    expectStatus(
      res,
      400,
      'BadRequest',
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal bool into Go struct field ConfigMap.data of type string',
    );
  });

  it('keeps 12:30 and dates as strings (go-yaml v2 has no sexagesimal numbers or timestamps)', async () => {
    const res = await apply(
      lab,
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: times\ndata:\n  at: 12:30\n  on: 2024-05-01\n',
    );
    expect(res.status).toBe(201);
    expect((await lab.request.get(`${CONFIGMAPS}/times`)).body.data).toEqual({
      at: '12:30',
      true: '2024-05-01',
    });
  });
});

describe('int32 fields take int32 values (a 400 decode error otherwise, as kube-apiserver)', () => {
  const deployment = (replicas: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: ${replicas}\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      terminationGracePeriodSeconds: 2147483648\n      containers:\n      - name: nginx\n        image: nginx\n`;
  const service = (port: string) =>
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  sessionAffinity: ClientIP\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 60}}\n  ports:\n  - ${port}\n`;
  it.each([
    {
      name: 'replicas 2147483648',
      send: () => apply(lab, deployment('2147483648')),
      message:
        'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number 2147483648 into Go struct field DeploymentSpec.spec.replicas of type int32',
    },
    {
      name: 'replicas -2147483649',
      send: () => apply(lab, deployment('-2147483649')),
      message:
        'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number -2147483649 into Go struct field DeploymentSpec.spec.replicas of type int32',
    },
    {
      name: 'a port of 2^32 + 80',
      send: () => apply(lab, service('port: 4294967376')),
      message:
        'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal number 4294967376 into Go struct field ServicePort.spec.ports.port of type int32',
    },
    {
      name: 'a nodePort of 2^31 + 30080',
      send: () => apply(lab, service('{port: 80, nodePort: 2147513728}')),
      message:
        'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal number 2147513728 into Go struct field ServicePort.spec.ports.nodePort of type int32',
    },
    {
      name: 'a numeric targetPort of 2^31',
      send: () => apply(lab, service('{port: 80, targetPort: 2147483648}')),
      message:
        'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal number 2147483648 into Go struct field ServicePort.spec.ports.targetPort of type int32',
    },
  ])('$name', async ({ send, message }) => {
    expectStatus(await send(), 400, 'BadRequest', message);
  });

  // kube-apiserver's jsonPatcher: a patched object that does not decode is a 422 naming it.
  const PATCHED =
    /^ "" is invalid: patch: Invalid value: "\{.*\}": json: cannot unmarshal number 2147483648 into Go struct field (DeploymentSpec|ScaleSpec)\.spec\.replicas of type int32$/;
  it.each([
    {
      name: 'a merge patch',
      type: 'application/merge-patch+json',
      path: '',
      body: '{"spec":{"replicas":2147483648}}',
    },
    {
      name: 'a JSON patch',
      type: 'application/json-patch+json',
      path: '',
      body: '[{"op":"replace","path":"/spec/replicas","value":2147483648}]',
    },
    {
      name: 'a merge patch of the Scale',
      type: 'application/merge-patch+json',
      path: '/scale',
      body: '{"spec":{"replicas":2147483648}}',
    },
  ])('$name to replicas 2^31 is a 422 naming the patched object', async ({ type, path, body }) => {
    expect((await apply(lab, deployment('1'))).status).toBe(201);
    const res = await json(
      'patch',
      `/apis/apps/v1/namespaces/default/deployments/web${path}`,
      body,
      type,
    );
    expectStatus(res, 422, 'Invalid', PATCHED);
    expect(res.body.details.causes[0]).toMatchObject({
      reason: 'FieldValueInvalid',
      field: 'patch',
    });
  });

  it('refuses a Scale of 2^31 replicas as the decoder does', async () => {
    expect((await apply(lab, deployment('1'))).status).toBe(201);
    const res = await json(
      'put',
      '/apis/apps/v1/namespaces/default/deployments/web/scale',
      '{"apiVersion":"autoscaling/v1","kind":"Scale","metadata":{"name":"web"},"spec":{"replicas":2147483648}}',
    );
    expectStatus(
      res,
      400,
      'BadRequest',
      'Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal number 2147483648 into Go struct field ScaleSpec.spec.replicas of type int32',
    );
  });

  it('takes the int32 maximum, and int64 fields past it', async () => {
    const res = await apply(lab, deployment('2147483647'), '?dryRun=All');
    expect(res.status).toBe(201);
    expect(res.body.objects[0].spec.replicas).toBe(2147483647);
    expect(res.body.objects[0].spec.template.spec.terminationGracePeriodSeconds).toBe(2147483648);
  });
});
