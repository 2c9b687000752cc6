// Input the API accepts: dry runs (?dryRun=All) validate and allocate but store nothing, and input
// that only looks odd (JSON arrays and Lists, null fields, exactly 500 documents) is applied.
import { describe, expect, it } from 'vitest';
import { apply } from './support/app';
import {
  applyJson,
  configMap,
  CONFIGMAPS,
  expectStatus,
  names,
  SERVICES,
  snapshot,
} from './support/manifests';
import { lab, useBadInputLab, yaml, yamlDoc } from './support/bad-input-lab';

useBadInputLab();

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
