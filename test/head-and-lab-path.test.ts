// HEAD answers as GET does, without a body, on every route (tables in text/plain included), and
// a percent-encoded lab segment in /k8s/<lab>/... names the same lab as the plain one.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apply, startLab, type TestLab } from './support/app';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

interface ApiResource {
  name: string;
  namespaced: boolean;
  verbs: string[];
}

/** Every list and get path the discovery documents name, namespaced ones in `default`. */
async function tablePaths(): Promise<string[]> {
  const groups = (await lab.request.get('/apis')).body as {
    groups: { preferredVersion: { groupVersion: string } }[];
  };
  const prefixes = [
    '/api/v1',
    ...groups.groups.map((g) => `/apis/${g.preferredVersion.groupVersion}`),
  ];
  const paths = ['/api/v1/namespaces/default', '/api/v1/namespaces/default/configmaps/seed'];
  for (const prefix of prefixes) {
    const { resources } = (await lab.request.get(prefix)).body as { resources: ApiResource[] };
    for (const r of resources) {
      if (r.name.includes('/') || !r.verbs.includes('list')) continue;
      paths.push(`${prefix}/${r.name}`);
      if (r.namespaced) paths.push(`${prefix}/namespaces/default/${r.name}`);
    }
  }
  return paths;
}

const ACCEPTS = [
  'text/plain',
  'application/json',
  'application/json;as=Table;v=v1;g=meta.k8s.io',
  '*/*',
];

describe('HEAD', () => {
  it('answers every table route as GET does, without a body, whatever it accepts', async () => {
    await apply(lab, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: seed}\ndata: {a: b}\n');
    const paths = await tablePaths();
    expect(paths.length).toBeGreaterThan(10);
    for (const path of paths) {
      for (const accept of ACCEPTS) {
        const get = await lab.request.get(path).set('Accept', accept);
        const head = await lab.request.head(path).set('Accept', accept);
        expect(`${head.status} ${path} ${accept}`).toBe(`${get.status} ${path} ${accept}`);
        expect(head.status).toBe(200);
        expect(head.headers['content-type']).toBe(get.headers['content-type']);
        expect(head.text ?? '').toBe('');
      }
    }
  });

  it.each(['/healthz', '/version', '/openapi.yaml', '/no/such/route'])(
    'answers %s as GET does',
    async (path) => {
      const get = await lab.request.get(path).set('Accept', 'text/plain');
      const head = await lab.request.head(path).set('Accept', 'text/plain');
      expect(head.status).toBe(get.status);
      expect(head.headers['content-type']).toBe(get.headers['content-type']);
    },
  );
});

describe('the /k8s/<lab> path', () => {
  it.each(['%64efault', '%64%65%66%61%75%6c%74', 'defaul%74'])(
    '/k8s/%s/... is lab "default", with the rest of the path as sent',
    async (segment) => {
      const plain = await lab.request.get('/k8s/default/api/v1/namespaces/default');
      const encoded = await lab.request.get(`/k8s/${segment}/api/v1/namespaces/default`);
      expect(encoded.status).toBe(200);
      expect(encoded.body).toEqual(plain.body);
      const rest = await lab.request.get(`/k8s/${segment}/api/v1/namespaces/%64efault`);
      expect(rest.status).toBe(200);
      expect(rest.body.metadata.name).toBe('default');
    },
  );

  it('an encoded segment naming no lab is a 404 for that lab', async () => {
    const res = await lab.request.get('/k8s/%6eo-such-lab/api/v1/namespaces');
    expect(res.status).toBe(404);
    expect(res.body.message).toContain('no-such-lab');
  });
});
