// The kubeconfig a lab hands out and the ways a Kubernetes client picks its lab.
import { describe, expect, it } from 'vitest';
import { nodeOnly } from './support/app';
import { expectStatus, pod, PODS } from './support/manifests';
import type { Json } from './support/kubernetes-api-lab';
import { lab, useKubernetesApiLab } from './support/kubernetes-api-lab';

useKubernetesApiLab();

describe('kubeconfig and lab selection', () => {
  it('answers a kubeconfig whose server URL names the lab', async () => {
    const res = await lab.request.get('/kubeconfig').set('Host', 'lab.example:8787').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/yaml/);
    const id = /token: "lab:([^"]+)"/.exec(res.text)?.[1];
    expect(id).toBeDefined();
    expect(res.text).toContain(`server: "http://lab.example:8787/k8s/${id}"`);
    expect(res.text).toContain('insecure-skip-tls-verify: true');
    expect(res.text).toContain(`current-context: "${id}"`);
    expect(res.text).toContain('namespace: default');
    const proxied = await lab.request
      .get('/kubeconfig')
      .set('X-Forwarded-Proto', 'https')
      .set('X-Forwarded-Host', 'labs.example.com')
      .expect(200);
    expect(proxied.text).toContain(`server: "https://labs.example.com/k8s/${id}"`);
    expect(proxied.text).not.toContain('insecure-skip-tls-verify');
    expectStatus(
      await lab.request.get('/kubeconfig').set('X-Lab-Id', 'nope'),
      404,
      'NotFound',
      'lab "nope" not found',
    );
  });

  nodeOnly('the Worker run’s agent sends X-Lab-Id, which a token does not override')(
    'acts in the lab a /k8s/<lab> path or a `Bearer lab:<id>` token names',
    async () => {
      const created = await lab.request.post('/labs').send({}).expect(201);
      const id = created.body.id as string;
      await lab.request
        .post(`/k8s/${id}/api/v1/namespaces/default/pods`)
        .send(pod('only-here'))
        .expect(201);
      const inLab = await lab.request.get(`/k8s/${id}/api/v1/namespaces/default/pods`).expect(200);
      expect(inLab.body.items.map((p: Json) => p.metadata.name)).toEqual(['only-here']);
      const byToken = await lab.request
        .get(PODS)
        .set('Authorization', `Bearer lab:${id}`)
        .expect(200);
      expect(byToken.body.items).toHaveLength(1);
      const elsewhere = await lab.request.get(PODS).set('X-Lab-Id', 'default').expect(200);
      expect(elsewhere.body.items).toEqual([]);
      const missing = await lab.request.get('/k8s/nope/api/v1/namespaces/default/pods');
      expect(missing.status).toBe(404);
    },
  );
});
