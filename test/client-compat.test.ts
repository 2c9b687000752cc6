// What the official clients send that kubectl does not: `watch=True`, typed objects without kind
// and apiVersion, discovery paths with a trailing slash. Each is answered as kube-apiserver does.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLab, type TestLab } from './support/app';
import { DEPLOYMENTS, PODS, SERVICES, deployment, pod, service } from './support/manifests';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

/** The raw body of a GET that may stream (a watch ends after its timeoutSeconds). */
function getText(path: string) {
  return lab.request
    .get(path)
    .buffer(true)
    .parse((res, done) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => done(null, text));
    })
    .then((r) => ({ status: r.status, text: r.body as string }));
}

describe('the watch parameter, read as apimachinery reads a bool', () => {
  beforeEach(async () => {
    await lab.request.post(PODS).send(pod('web')).expect(201);
  });

  it.each(['true', 'True', 'TRUE', '1', 'yes', 'y', '', 'false,true'])(
    'watch=%s starts a watch',
    async (value) => {
      const res = await getText(`${PODS}?watch=${value}&timeoutSeconds=1`);
      expect(res.status).toBe(200);
      const [first] = res.text.trim().split('\n');
      expect(JSON.parse(first!)).toMatchObject({
        type: 'ADDED',
        object: { metadata: { name: 'web' } },
      });
    },
  );

  it('a bare ?watch starts a watch too', async () => {
    const res = await getText(`${PODS}?watch&timeoutSeconds=1`);
    expect(JSON.parse(res.text.trim().split('\n')[0]!).type).toBe('ADDED');
  });

  it.each(['false', 'False', 'FALSE', '0'])('watch=%s lists', async (value) => {
    const res = await lab.request.get(`${PODS}?watch=${value}`);
    expect(res.body).toMatchObject({ kind: 'PodList', items: [{ metadata: { name: 'web' } }] });
  });

  it('the first value decides', async () => {
    const res = await lab.request.get(`${PODS}?watch=0&watch=true`);
    expect(res.body.kind).toBe('PodList');
  });
});

describe('kind and apiVersion default to the endpoint’s', () => {
  function untyped(obj: Record<string, unknown>, drop: ('kind' | 'apiVersion')[]) {
    const copy = { ...obj };
    for (const key of drop) delete copy[key];
    return copy;
  }

  it.each([[['kind', 'apiVersion']], [['kind']], [['apiVersion']]] as (
    'kind' | 'apiVersion'
  )[][][])('a Service created without %j', async (drop) => {
    const res = await lab.request.post(SERVICES).send(untyped(service('web'), drop));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
    });
    const stored = await lab.request.get(`${SERVICES}/web`);
    expect(stored.body).toMatchObject({ apiVersion: 'v1', kind: 'Service' });
  });

  it('a Deployment created and replaced without them', async () => {
    const created = await lab.request
      .post(DEPLOYMENTS)
      .send(untyped(deployment('web', 1), ['kind', 'apiVersion']));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment' });
    const replaced = await lab.request
      .put(`${DEPLOYMENTS}/web`)
      .send(untyped(deployment('web', 2), ['kind', 'apiVersion']));
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ kind: 'Deployment', spec: { replicas: 2 } });
  });

  it('null and empty values are defaulted too, a wrong kind is still refused', async () => {
    const nulls = await lab.request
      .post(SERVICES)
      .send({ ...service('a'), kind: null, apiVersion: '' });
    expect(nulls.status).toBe(201);
    const wrong = await lab.request.post(SERVICES).send(untyped(pod('p'), ['apiVersion']));
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toContain('do not match the request path (services)');
    const wrongVersion = await lab.request
      .post(DEPLOYMENTS)
      .send({ ...untyped(deployment('d'), ['kind']), apiVersion: 'v1' });
    expect(wrongVersion.status).toBe(400);
  });
});

describe('discovery paths with a trailing slash', () => {
  it.each([
    ['/version/', 'gitVersion'],
    ['/api/', 'versions'],
    ['/apis/', 'groups'],
    ['/api/v1/', 'resources'],
    ['/apis/apps/v1/', 'resources'],
    ['/apis/apps/', 'preferredVersion'],
  ])('GET %s answers as without it', async (path, field) => {
    const slashed = await lab.request.get(path);
    expect(slashed.status).toBe(200);
    expect(slashed.body).toHaveProperty(field);
    const bare = await lab.request.get(path.slice(0, -1));
    // (serverAddressByClientCIDRs names the port, which supertest picks per request)
    expect(slashed.body[field]).toEqual(bare.body[field]);
    expect(slashed.body.kind).toEqual(bare.body.kind);
  });
});
