// Kubernetes' own API documentation in the OpenAPI documents kubectl explain reads: generated from
// kubernetes-models at build time (scripts/generate-k8s-docs.ts), committed, and laid over the
// lab's schemas. The generated module must be what the generator writes today.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedModule, OUTPUT } from '../scripts/k8s-docs';
import { startLab, target, type TestLab } from './support/app';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe.skipIf(target === 'worker')('generated Kubernetes docs', () => {
  it('src/http/docs/kube-api/field-docs.generated.ts is what the generator writes', async () => {
    const committed = readFileSync(OUTPUT, 'utf8');
    expect(
      committed === (await generatedModule()),
      `${OUTPUT} is out of date: run \`npx tsx scripts/generate-k8s-docs.ts\` and commit it`,
    ).toBe(true);
  }, 60_000);
});

describe('Kubernetes descriptions in /openapi/v3 and /openapi/v2', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await startLab();
  });
  afterAll(() => lab.close());

  const v3 = async (path: string) =>
    JSON.parse((await lab.request.get(`/openapi/v3/${path}`).expect(200)).text).components
      .schemas as Json;

  it('documents ServicePort as Kubernetes does: descriptions, enum, IntOrString, required', async () => {
    const schemas = await v3('api/v1');
    const port = schemas['io.k8s.api.core.v1.ServicePort'];
    expect(port.description).toBe("ServicePort contains information on service's port.");
    expect(port.required).toEqual(['port']);
    expect(port.properties.port.description).toBe('The port that will be exposed by this service.');
    expect(port.properties.protocol.enum).toEqual(['SCTP', 'TCP', 'UDP']);
    expect(port.properties.targetPort).toMatchObject({
      allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString' }],
    });
    expect(port.properties.targetPort.description).toMatch(/^Number or name of the port/);
    expect(schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toMatchObject({
      oneOf: [{ type: 'integer' }, { type: 'string' }],
    });
    const spec = schemas['io.k8s.api.core.v1.ServiceSpec'];
    expect(spec.properties.type.enum).toEqual([
      'ClusterIP',
      'ExternalName',
      'LoadBalancer',
      'NodePort',
    ]);
    expect(spec.properties.ipFamilies.items.enum).toEqual(['', 'IPv4', 'IPv6']);
  });

  it("marks no kind's apiVersion or kind required (Event alone its metadata), and describes every field", async () => {
    for (const path of [
      'api/v1',
      'apis/apps/v1',
      'apis/networking.k8s.io/v1',
      'apis/coordination.k8s.io/v1',
      'apis/discovery.k8s.io/v1',
    ]) {
      const schemas = await v3(path);
      for (const [name, schema] of Object.entries(schemas as Record<string, Json>)) {
        if (name.endsWith('List')) continue;
        if (schema['x-kubernetes-group-version-kind'] && !name.endsWith('.Event')) {
          expect(schema.required ?? [], name).not.toContain('metadata');
        }
        if (schema['x-kubernetes-group-version-kind']) {
          // OwnerReference does require its own, and core/v1 Event its metadata, as in Kubernetes.
          for (const field of ['apiVersion', 'kind']) {
            expect(schema.required ?? [], name).not.toContain(field);
          }
        }
        for (const [field, child] of Object.entries((schema.properties ?? {}) as Json)) {
          expect((child as Json).description, `${name}.${field}`).toEqual(expect.any(String));
        }
      }
    }
  });

  it('says which fields the lab accepts and drops, after the Kubernetes text', async () => {
    const schemas = await v3('api/v1');
    const lifecycle = schemas['io.k8s.api.core.v1.Container'].properties.lifecycle.description;
    expect(lifecycle).toMatch(/^Actions that the management system should take/);
    expect(lifecycle).toMatch(/NodePort Lab accepts this field and drops it/);
    // Primitive fields it drops keep Kubernetes' type, so explain prints <boolean>, not <Object>.
    const podSpec = schemas['io.k8s.api.core.v1.PodSpec'].properties;
    expect(podSpec.hostNetwork).toMatchObject({ type: 'boolean' });
    expect(podSpec.preemptionPolicy).toMatchObject({
      type: 'string',
      enum: ['Never', 'PreemptLowerPriority'],
    });
  });

  it('serves IntOrString in v2 as a string of format int-or-string, as Kubernetes does', async () => {
    const doc = JSON.parse((await lab.request.get('/openapi/v2').expect(200)).text) as Json;
    const targetPort = doc.definitions['io.k8s.api.core.v1.ServicePort'].properties.targetPort;
    expect(targetPort.$ref).toBe('#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString');
    expect(doc.definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toMatchObject({
      type: 'string',
      format: 'int-or-string',
    });
  });
});
