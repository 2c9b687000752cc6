// Keys a student chooses, through every route family: `__proto__`, `constructor` and `prototype`
// are ordinary keys, as in Kubernetes. Whatever a request does with them, Object.prototype stays as
// it was, the server keeps answering, and another lab's answers do not change.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type TestLab } from './support/app';
import { CONFIGMAPS, expectStatus } from './support/manifests';

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();
const OTHER_CM = `${CONFIGMAPS}/theirs`;

let lab: TestLab;
let other: string;
let otherAnswer: unknown;

beforeEach(async () => {
  lab = await startLab();
  other = ((await lab.request.post('/labs').send({ name: 'other' })).body as { id: string }).id;
  const made = await lab.request
    .post(CONFIGMAPS)
    .set('X-Lab-Id', other)
    .send({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'theirs' }, data: { a: 'b' } });
  expect(made.status).toBe(201);
  otherAnswer = made.body;
  const mine = await lab.request.post(CONFIGMAPS).send({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'mine', labels: { app: 'web' } },
    data: { a: 'b' },
  });
  expect(mine.status).toBe(201);
});

afterEach(async () => {
  // Untouched here (on the Worker the server is another process: its answers tell)...
  const polluted = ({} as Record<string, unknown>).polluted;
  delete (Object.prototype as Record<string, unknown>).polluted;
  expect(polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_NAMES);
  // ...and the server answers everyone as before.
  expect((await lab.request.get('/healthz')).status).toBe(200);
  const theirs = await lab.request.get(OTHER_CM).set('X-Lab-Id', other);
  expect(theirs.status).toBe(200);
  expect(theirs.body).toEqual(otherAnswer);
  expect(JSON.stringify((await lab.request.get(`${CONFIGMAPS}/mine`)).body)).not.toContain(
    'polluted',
  );
  lab.close();
});

const patch = (type: string, body: string) =>
  lab.request.patch(`${CONFIGMAPS}/mine`).set('Content-Type', type).send(body);
const JSON_PATCH = 'application/json-patch+json';

describe('JSON Patch paths name own keys only (422 as kube-apiserver answers)', () => {
  it.each([
    { name: 'add under /__proto__', ops: [{ op: 'add', path: '/__proto__/polluted', value: 1 }] },
    {
      name: 'remove /__proto__/hasOwnProperty',
      ops: [{ op: 'remove', path: '/__proto__/hasOwnProperty' }],
    },
    {
      name: 'copy from /constructor',
      ops: [{ op: 'copy', from: '/constructor', path: '/data/x' }],
    },
    {
      name: 'move from /constructor/prototype',
      ops: [{ op: 'move', from: '/constructor/prototype', path: '/data/x' }],
    },
    {
      name: 'add under a label map’s __proto__',
      ops: [{ op: 'add', path: '/metadata/labels/__proto__/polluted', value: '1' }],
    },
    {
      name: 'replace /data/constructor',
      ops: [{ op: 'replace', path: '/data/constructor', value: 'x' }],
    },
    {
      name: 'test /metadata/constructor',
      ops: [{ op: 'test', path: '/metadata/constructor', value: {} }],
    },
  ])('$name', async ({ ops }) => {
    const res = await patch(JSON_PATCH, JSON.stringify(ops));
    expectStatus(
      res,
      422,
      'Invalid',
      'the server rejected our request due to an error in our request',
    );
    expect(res.body.details.causes[0].message).toMatch(/missing/);
  });

  it('adds, tests and removes a ConfigMap key named __proto__ like any key', async () => {
    const added = await patch(
      JSON_PATCH,
      JSON.stringify([
        { op: 'add', path: '/data/__proto__', value: 'kept' },
        { op: 'test', path: '/data/__proto__', value: 'kept' },
        { op: 'copy', from: '/data/__proto__', path: '/data/constructor' },
      ]),
    );
    expect(added.status).toBe(200);
    expect(added.text).toContain('"__proto__":"kept"');
    expect(added.text).toContain('"constructor":"kept"');
    const removed = await patch(JSON_PATCH, '[{"op":"remove","path":"/data/__proto__"}]');
    expect(removed.status).toBe(200);
    expect(removed.text).not.toContain('__proto__');
  });
});

describe.each([
  { name: 'merge patch', type: 'application/merge-patch+json' },
  { name: 'strategic merge patch', type: 'application/strategic-merge-patch+json' },
])('$name', ({ type }) => {
  it('merges __proto__, constructor and prototype as ordinary keys', async () => {
    const res = await patch(
      type,
      '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},' +
        '"data":{"__proto__":"x","constructor":"y","prototype":"z"}}',
    );
    expect(res.status).toBe(200);
    const got = await lab.request.get(`${CONFIGMAPS}/mine`);
    expect(got.text).toContain('"data":{"a":"b"');
    expect(JSON.parse(got.text as string).data).toEqual(
      JSON.parse('{"a":"b","__proto__":"x","constructor":"y","prototype":"z"}'),
    );
  });

  it('answers a label key __proto__ with the ordinary validation (422)', async () => {
    const res = await patch(type, '{"metadata":{"labels":{"__proto__":"x"}}}');
    expectStatus(
      res,
      422,
      'Invalid',
      /^ConfigMap "mine" is invalid: metadata\.labels: Invalid value: "__proto__"/,
    );
  });
});

describe('decoding and storing', () => {
  it('stores a ConfigMap data key __proto__ and reads it back (POST, GET, list, re-apply)', async () => {
    const manifest =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: proto\n  annotations:\n    constructor: c\n' +
      'data:\n  __proto__: "1"\n  prototype: "2"\n__proto__:\n  polluted: 1\n';
    const applied = await lab.request
      .post('/manifests')
      .set('Content-Type', 'application/yaml')
      .send(manifest);
    expect(applied.status).toBe(201);
    const got = await lab.request.get(`${CONFIGMAPS}/proto`);
    expect(JSON.parse(got.text as string).data).toEqual(
      JSON.parse('{"__proto__":"1","prototype":"2"}'),
    );
    expect(got.body.metadata.annotations).toEqual({ constructor: 'c' });
    const list = await lab.request.get(CONFIGMAPS);
    expect(list.text).toContain('"__proto__":"1"');
    const again = await lab.request
      .post('/manifests')
      .set('Content-Type', 'application/yaml')
      .send(manifest);
    expect(again.body.results).toEqual([
      { kind: 'ConfigMap', namespace: 'default', name: 'proto', action: 'unchanged' },
    ]);
  });

  it.each([
    {
      name: 'JSON',
      type: 'application/json',
      body: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"j"},"data":{"__proto__":"v"},"__proto__":{"polluted":1}}',
    },
    {
      name: 'YAML',
      type: 'application/yaml',
      body: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: j}\ndata: {__proto__: v}\n__proto__: {polluted: 1}\n',
    },
  ])('creates from $name with POST and replaces with PUT', async ({ type, body }) => {
    const created = await lab.request.post(CONFIGMAPS).set('Content-Type', type).send(body);
    expect(created.status).toBe(201);
    expect(created.text).toContain('"data":{"__proto__":"v"}');
    const replaced = await lab.request.put(`${CONFIGMAPS}/j`).set('Content-Type', type).send(body);
    expect(replaced.status).toBe(200);
    expect(replaced.text).toContain('"data":{"__proto__":"v"}');
  });

  it('refuses a __proto__ value of the wrong type as the decoder does (400)', async () => {
    const res = await lab.request
      .post(CONFIGMAPS)
      .set('Content-Type', 'application/json')
      .send(
        '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"n"},"data":{"__proto__":{"polluted":1}}}',
      );
    expectStatus(
      res,
      400,
      'BadRequest',
      /cannot unmarshal object into Go struct field ConfigMap\.data of type string/,
    );
  });

  it('answers a label key __proto__ with the ordinary validation (422)', async () => {
    const res = await lab.request
      .post(CONFIGMAPS)
      .send(
        JSON.parse(
          '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"l","labels":{"__proto__":"x"}}}',
        ),
      );
    expectStatus(res, 422, 'Invalid', /metadata\.labels: Invalid value: "__proto__"/);
  });
});

describe('selectors, checks, settings and labs', () => {
  it('field selectors name only the fields a kind is selectable by; label selectors own keys', async () => {
    const byField = await lab.request
      .get(CONFIGMAPS)
      .query({ fieldSelector: 'metadata.constructor!=x' });
    expectStatus(
      byField,
      400,
      'BadRequest',
      '"metadata.constructor" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
    const onPods = await lab.request
      .get('/api/v1/namespaces/default/pods')
      .query({ fieldSelector: 'spec.__proto__=x' });
    expectStatus(onPods, 400, 'BadRequest', 'field label not supported: spec.__proto__');
    for (const labelSelector of ['constructor', '__proto__', 'hasOwnProperty']) {
      const byLabel = await lab.request.get(CONFIGMAPS).query({ labelSelector });
      expect(byLabel.body.items, labelSelector).toEqual([]);
    }
  });

  it('grading field paths read own keys only', async () => {
    const check = (path: string, value: unknown) => ({
      id: `c${path.length}`,
      type: 'fieldEquals',
      points: 1,
      kind: 'ConfigMap',
      name: 'mine',
      path,
      value,
    });
    const labId = ((await lab.request.get('/cluster')).body as { lab: string }).lab;
    const res = await lab.request.post(`/labs/${labId}/checks`).send({
      checks: [
        check('metadata.constructor', {}),
        check('data["__proto__"]', {}),
        check('data.a', 'b'),
      ],
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.checks.map((c: { passed: boolean }) => c.passed)).toEqual([false, false, true]);
  });

  it.each([
    { name: 'PATCH /cluster', send: () => lab.request.patch('/cluster') },
    { name: 'POST /labs', send: () => lab.request.post('/labs') },
  ])('$name refuses a __proto__ field as an unknown field', async ({ send }) => {
    const res = await send()
      .set('Content-Type', 'application/json')
      .send('{"__proto__":{"polluted":1}}');
    expect(res.status).toBe(400);
  });
});
