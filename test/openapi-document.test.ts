// The committed openapi.yaml, the JSON module the app serves and the Postman files are what the
// code generates (npm run openapi), and the app serves them and the interactive docs.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import document from '../src/http/docs/lab-api/openapi.generated.json';
import { SCALAR_CDN, SCALAR_VERSION } from '../src/http/docs/lab-api/routes';
import { generateOpenApi, JSON_PATH, YAML_PATH } from '../scripts/openapi';
import { COLLECTION_PATH, ENVIRONMENT_PATH } from '../scripts/postman';
import { startLab, target, type TestLab } from './support/app';
import { departures } from './support/openapi-validator';

const committed = (path: string) => readFileSync(path, 'utf8');
const REGENERATE = 'out of date: run `npm run openapi` and commit the result';

describe.skipIf(target === 'worker')('generated files', () => {
  let generated: Awaited<ReturnType<typeof generateOpenApi>>;
  beforeAll(async () => {
    generated = await generateOpenApi();
  });

  it('openapi.yaml is what the code generates', () => {
    expect(committed(YAML_PATH) === generated.yaml, `openapi.yaml ${REGENERATE}`).toBe(true);
  });

  it('the JSON module the app serves is what the code generates', () => {
    expect(committed(JSON_PATH) === generated.json, `${JSON_PATH} ${REGENERATE}`).toBe(true);
  });

  it('the Postman collection and environment are what the code generates', () => {
    const { collection, environment } = generated.postman;
    expect(committed(COLLECTION_PATH) === collection, `collection ${REGENERATE}`).toBe(true);
    expect(committed(ENVIRONMENT_PATH) === environment, `environment ${REGENERATE}`).toBe(true);
  });

  it('pins the Scalar bundle the installed @scalar/api-reference provides', () => {
    const pkg = JSON.parse(
      committed(
        new URL('../node_modules/@scalar/api-reference/package.json', import.meta.url).pathname,
      ),
    ) as { version: string };
    expect(SCALAR_VERSION).toBe(pkg.version);
  });
});

describe('the document and the docs, served', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await startLab();
  });
  afterAll(() => lab.close());

  it('GET /openapi.json answers the document', async () => {
    const res = await lab.request.get('/openapi.json').expect(200);
    expect(res.body).toEqual(document);
  });

  it('GET /openapi.yaml answers openapi.yaml as committed', async () => {
    const res = await lab.request.get('/openapi.yaml').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/yaml/);
    expect(res.text === committed(YAML_PATH)).toBe(true);
  });

  it('GET /docs renders Scalar on the document, offline on Node and from the CDN on the Worker', async () => {
    const res = await lab.request.get('/docs').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('"url": "/openapi.json"');
    expect(res.text).toContain('Scalar.createApiReference');
    const script = target === 'node' ? '/docs/scalar.js' : SCALAR_CDN;
    expect(res.text).toContain(`<script src="${script}">`);
    expect(res.text).not.toContain('fonts.scalar.com');
  });

  it.skipIf(target === 'worker')(
    'GET /docs/scalar.js serves the bundle from node_modules',
    async () => {
      const res = await lab.request.get('/docs/scalar.js').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/javascript/);
      expect(res.text.length).toBeGreaterThan(1_000_000);
      expect(res.text).toContain('createApiReference');
    },
  );
});

describe('the validator the response tests rely on', () => {
  const json = (status: number, body: unknown) => ({
    status,
    headers: { 'content-type': 'application/json' },
    text: JSON.stringify(body),
  });
  const status404 = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'services "x" not found',
    reason: 'NotFound',
    code: 404,
  };
  const path = '/api/v1/namespaces/default/services/x';

  it('accepts a documented answer', () => {
    expect(departures('GET', path, json(404, status404))).toEqual([]);
  });

  it('reports a missing field, an undocumented field, status and content type', () => {
    const { code: _c, ...noCode } = status404;
    expect(departures('GET', path, json(404, noCode)).join()).toMatch(/required property 'code'/);
    expect(departures('GET', path, json(404, { ...status404, extra: 1 })).join()).toMatch(
      /additional properties/,
    );
    expect(departures('GET', path, json(418, status404))).toEqual([
      'GET /api/v1/namespaces/{ns}/services/{name} documents no 418 answer',
    ]);
    expect(
      departures('GET', path, { status: 404, headers: { 'content-type': 'text/csv' }, text: '' }),
    ).toHaveLength(1);
  });

  it('reports a path the document does not have', () => {
    expect(departures('GET', '/nope', json(200, {}))).toEqual(['no documented path matches /nope']);
  });
});
