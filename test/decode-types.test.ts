// Decoding into Go's types, as kube-apiserver does: YAML read with the YAML 1.1 rules kubectl's
// decoder (go-yaml v2) follows, and integer fields that take only what their Go type holds.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apply, startLab, type TestLab } from './support/app';
import { CONFIGMAPS, expectStatus, SERVICES } from './support/manifests';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

const json = (
  method: 'post' | 'patch' | 'put',
  path: string,
  body: string,
  type = 'application/json',
) => lab.request[method](path).set('Content-Type', type).send(body);

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
