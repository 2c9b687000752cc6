// Decoding hostile bodies: deep or self-referencing input is a 400 that says what is wrong, and
// huge YAML streams are cut off early with a 413 naming the limit. The server keeps answering, and
// nothing is stored.
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
