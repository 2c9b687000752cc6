import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { strategicMergePatch, type FieldPatchMeta } from './strategic-merge-patch';

/** The patch metadata Kubernetes declares for the fields these cases touch. */
const META: Record<string, FieldPatchMeta> = {
  'spec.ports': { strategy: 'merge', mergeKey: 'port' },
  'spec.containers': { strategy: 'merge', mergeKey: 'name' },
  'spec.containers.ports': { strategy: 'merge', mergeKey: 'containerPort' },
  'spec.containers.env': { strategy: 'merge', mergeKey: 'name' },
  'spec.volumes': { strategy: 'merge,retainKeys', mergeKey: 'name' },
  'spec.strategy': { strategy: 'retainKeys' },
  'metadata.finalizers': { strategy: 'merge' },
};
const lookup = (path: readonly string[]) => META[path.join('.')];

const service = {
  metadata: { name: 'web', labels: { app: 'web', tier: 'front' } },
  spec: {
    type: 'NodePort',
    ports: [
      { name: 'http', port: 80, targetPort: 80, nodePort: 31110, protocol: 'TCP' },
      { name: 'https', port: 443, targetPort: 443, nodePort: 30443, protocol: 'TCP' },
    ],
    externalIPs: ['1.2.3.4', '1.2.3.5'],
  },
};

const pod = {
  spec: {
    containers: [
      {
        name: 'nginx',
        image: 'nginx',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
      },
      { name: 'sidecar', image: 'busybox' },
    ],
    volumes: [{ name: 'config', configMap: { name: 'cm' } }],
  },
};

describe('strategicMergePatch', () => {
  it.each([
    {
      name: 'merges service ports by port, keeping fields the patch leaves out',
      original: service,
      patch: { spec: { ports: [{ port: 80, nodePort: 31111 }] } },
      expected: {
        ...service,
        spec: {
          ...service.spec,
          ports: [{ ...service.spec.ports[0], nodePort: 31111 }, service.spec.ports[1]],
        },
      },
    },
    {
      name: 'appends a list item whose key is new',
      original: service,
      patch: { spec: { ports: [{ name: 'metrics', port: 9090 }] } },
      expected: {
        ...service,
        spec: { ...service.spec, ports: [...service.spec.ports, { name: 'metrics', port: 9090 }] },
      },
    },
    {
      name: 'deletes a list item with $patch: delete',
      original: service,
      patch: { spec: { ports: [{ $patch: 'delete', port: 443 }] } },
      expected: { ...service, spec: { ...service.spec, ports: [service.spec.ports[0]] } },
    },
    {
      name: 'replaces a whole list with a {$patch: replace} item',
      original: service,
      patch: { spec: { ports: [{ $patch: 'replace' }, { port: 8080 }] } },
      expected: { ...service, spec: { ...service.spec, ports: [{ port: 8080 }] } },
    },
    {
      name: 'replaces a list without a patch strategy (externalIPs)',
      original: service,
      patch: { spec: { externalIPs: ['9.9.9.9'] } },
      expected: { ...service, spec: { ...service.spec, externalIPs: ['9.9.9.9'] } },
    },
    {
      name: 'deletes a map key with null and merges the rest of the map',
      original: service,
      patch: { metadata: { labels: { tier: null, env: 'lab' } } },
      expected: { ...service, metadata: { name: 'web', labels: { app: 'web', env: 'lab' } } },
    },
    {
      name: 'replaces a map with $patch: replace',
      original: service,
      patch: { metadata: { labels: { $patch: 'replace', only: 'this' } } },
      expected: { ...service, metadata: { name: 'web', labels: { only: 'this' } } },
    },
    {
      name: 'deletes a map with $patch: delete',
      original: service,
      patch: { metadata: { labels: { $patch: 'delete' } } },
      expected: { ...service, metadata: { name: 'web' } },
    },
    {
      name: 'orders a merged list by $setElementOrder',
      original: service,
      patch: {
        spec: {
          '$setElementOrder/ports': [{ port: 443 }, { port: 80 }],
        },
      },
      expected: {
        ...service,
        spec: { ...service.spec, ports: [service.spec.ports[1], service.spec.ports[0]] },
      },
    },
    {
      name: 'merges nested lists: containers by name, their ports by containerPort, env by name',
      original: pod,
      patch: {
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.27',
              ports: [{ containerPort: 8080 }],
              env: [
                { name: 'B', value: '3' },
                { $patch: 'delete', name: 'A' },
              ],
            },
          ],
        },
      },
      expected: {
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.27',
              ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 8080 }],
              env: [{ name: 'B', value: '3' }],
            },
            { name: 'sidecar', image: 'busybox' },
          ],
          volumes: pod.spec.volumes,
        },
      },
    },
    {
      name: 'keeps only $retainKeys in a retainKeys field',
      original: { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } },
      patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
      expected: { spec: { strategy: { type: 'Recreate' } } },
    },
    {
      name: 'merges a primitive list as a set and deletes with $deleteFromPrimitiveList',
      original: { metadata: { finalizers: ['a', 'b'] } },
      patch: { metadata: { finalizers: ['b', 'c'], '$deleteFromPrimitiveList/finalizers': ['a'] } },
      expected: { metadata: { finalizers: ['b', 'c'] } },
    },
    {
      name: 'strips directives from values the original did not have',
      original: {},
      patch: {
        spec: { ports: [{ port: 80, $patch: 'merge' }], '$setElementOrder/ports': [{ port: 80 }] },
      },
      expected: { spec: { ports: [{ port: 80 }] } },
    },
    {
      name: 'leaves an object unchanged under an empty patch',
      original: service,
      patch: {},
      expected: service,
    },
  ])('$name', ({ original, patch, expected }) => {
    const before = structuredClone(original);
    const cleaned = JSON.parse(JSON.stringify(patch)) as unknown;
    expect(strategicMergePatch(original, cleaned, lookup)).toEqual(expected);
    expect(original).toEqual(before);
  });

  it.each([
    {
      name: 'a list item without its merge key',
      patch: { spec: { ports: [{ nodePort: 30001 }] } },
      message: 'map: {"nodePort":30001} does not contain declared merge key: port',
    },
    {
      name: 'an unknown $patch directive',
      patch: { spec: { $patch: 'explode' } },
      message: 'unknown patch type: "explode" in map: {"$patch":"explode"}',
    },
    {
      name: 'a patch that is not an object',
      patch: [1, 2],
      message: 'a strategic merge patch must be a JSON object',
    },
  ])('refuses $name with a 400', ({ patch, message }) => {
    let error: unknown;
    try {
      strategicMergePatch(service, patch, lookup);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe(400);
    expect((error as ApiError).message).toBe(message);
  });
});
