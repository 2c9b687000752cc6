// Bad input through the API: each gets a clear 4xx Status, the server stays up, and the stored
// state is exactly as before. Multi-document requests are atomic. The cases are in test/fixtures/.
import { describe, expect, it } from 'vitest';
import { applyJson, expectStatus, service, snapshot } from './support/manifests';
import { type BadCase, lab, useBadInputLab, yaml, yamlDoc } from './support/bad-input-lab';
import { BAD_DOCUMENTS } from './fixtures/bad-documents';
import { BAD_REQUESTS } from './fixtures/bad-requests';

useBadInputLab();

const cases: BadCase[] = [...BAD_DOCUMENTS, ...BAD_REQUESTS];

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
