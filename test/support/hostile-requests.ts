// One request generator per route family of the lab API, for the hostile suite. Each mixes
// requests a student would send with mutated ones, so they get past the first 400.
import fc from 'fast-check';
import type { HostileRequest } from './hostile-answers';
import { hostileString, NAMES, objectText, usually } from './hostile-values';
import { focusedPatch, PATCH_TYPES, patchBody } from './hostile-patches';
import { jsonManifests, yamlStream } from './hostile-yaml';

/** Percent-encodes any string (a lone surrogate too) for a path segment or query value. */
export function enc(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return [...Buffer.from(text)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  }
}

const segment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NAMES) },
  { weight: 2, arbitrary: hostileString.map(enc) },
  { weight: 1, arbitrary: fc.constantFrom('%zz', '%E0%A4%A', '%2F', '..', '.', '%00') },
);

const query = (entries: [string, string | undefined][]) => {
  const parts = entries.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${enc(v!)}`);
  return parts.length ? `?${parts.join('&')}` : '';
};
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });

const ACCEPT = [
  'application/json',
  'text/plain',
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
  'application/vnd.kubernetes.protobuf',
  'text/html',
  '*/*',
  'garbage/;;;',
];
const accept = maybe(fc.constantFrom(...ACCEPT));
const headersOf = (entries: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;

export const manifestRequest: fc.Arbitrary<HostileRequest> = fc
  .record({
    yaml: fc.boolean(),
    type: maybe(
      fc.constantFrom('application/yaml', 'text/x-yaml', 'application/json', 'text/plain'),
    ),
    dryRun: fc.boolean(),
    namespace: maybe(segment),
    accept,
  })
  .chain((r) =>
    (r.yaml ? yamlStream : jsonManifests).map((body) => ({
      method: 'POST' as const,
      path: `/manifests${query([
        ['dryRun', r.dryRun ? 'All' : undefined],
        ['namespace', r.namespace],
      ])}`,
      headers: headersOf({
        'Content-Type': r.type ?? (r.yaml ? 'application/yaml' : 'application/json'),
        Accept: r.accept,
      }),
      body,
      ...(r.dryRun ? { changes: 'never' as const } : {}),
    })),
  );

/** The served resources (and some that are not), with the path prefix of their group. */
const RESOURCES: [prefix: string, resource: string, namespaced: boolean][] = [
  ['/api/v1', 'pods', true],
  ['/api/v1', 'services', true],
  ['/api/v1', 'configmaps', true],
  ['/api/v1', 'endpoints', true],
  ['/api/v1', 'events', true],
  ['/api/v1', 'namespaces', false],
  ['/api/v1', 'nodes', false],
  ['/apis/apps/v1', 'deployments', true],
  ['/apis/apps/v1', 'replicasets', true],
  ['/apis/discovery.k8s.io/v1', 'endpointslices', true],
  ['/api/v1', 'secrets', true],
  ['/apis/apps/v1', '__proto__', true],
  ['/api/v1', 'constructor', false],
];

const collectionPath = fc
  .record({
    r: usually(fc.constantFrom(...RESOURCES.slice(0, 10)), fc.constantFrom(...RESOURCES), 4),
    ns: usually(fc.constantFrom('default', 'default', 'default', 'kube-system'), segment, 6),
    /** An item or a create without its namespace is a 404; a list across namespaces is not. */
    allNamespaces: usually(fc.constant(false), fc.constant(true), 6),
  })
  .map(({ r: [prefix, resource, namespaced], ns, allNamespaces }) => ({
    resource,
    collection:
      namespaced && !allNamespaces
        ? `${prefix}/namespaces/${ns}/${resource}`
        : `${prefix}/${resource}`,
    all: `${prefix}/${resource}`,
  }));

/** An object of each resource that the seed made, so GET, PUT, PATCH and DELETE find one. */
const EXISTING: Record<string, string> = {
  pods: 'fuzz-nginx',
  services: 'seed',
  configmaps: 'fuzz-conf',
  deployments: 'seed',
  namespaces: 'default',
  nodes: 'node01',
  endpoints: 'seed',
};

/** Random bytes after the protobuf envelope's magic number. */
const protobufBody = fc
  .uint8Array({ maxLength: 200 })
  .map((bytes) => Buffer.concat([Buffer.from('k8s\0'), Buffer.from(bytes)]));

type WriteBody = { type: string; body: string | Buffer };
const writeBody = (resource: string, name?: string): fc.Arbitrary<WriteBody> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: objectText(false, resource, name).map((body) => ({
        type: 'application/json',
        body,
      })),
    },
    {
      weight: 2,
      arbitrary: objectText(true, resource, name).map((body) => ({
        type: 'application/yaml',
        body,
      })),
    },
    {
      weight: 1,
      arbitrary: protobufBody.map((body) => ({
        type: 'application/vnd.kubernetes.protobuf',
        body: body as string | Buffer,
      })),
    },
  );

const verb = fc.constantFrom(
  'GET',
  'LIST',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'PATCH',
  'PATCH',
  'DELETE',
);

const anyResourceRequest: fc.Arbitrary<HostileRequest> = fc
  .record({
    verb,
    collection: collectionPath,
    name: usually(fc.constant(undefined), segment, 4),
    sub: usually(fc.constant(undefined), fc.constantFrom('status', 'scale', 'log', '__proto__'), 6),
    dryRun: fc.boolean(),
    fieldValidation: maybe(fc.constantFrom('Strict', 'Warn', 'Ignore', 'nope')),
    fieldManager: maybe(hostileString),
    accept,
    patchType: fc.constantFrom(PATCH_TYPES[0]!, PATCH_TYPES[0]!, ...PATCH_TYPES),
  })
  .chain((r): fc.Arbitrary<HostileRequest> => {
    const { resource, collection, all } = r.collection;
    const name = r.name ?? (Object.hasOwn(EXISTING, resource) ? EXISTING[resource]! : 'seed');
    const item = `${collection}/${name}${r.sub ? `/${r.sub}` : ''}`;
    const q = query([
      ['dryRun', r.dryRun ? 'All' : undefined],
      ['fieldValidation', r.fieldValidation],
      ['fieldManager', r.fieldManager],
    ]);
    const base = { headers: headersOf({ Accept: r.accept }) };
    if (r.verb === 'GET' || r.verb === 'HEAD' || r.verb === 'LIST') {
      const method = r.verb === 'HEAD' ? ('HEAD' as const) : ('GET' as const);
      const path = r.verb === 'LIST' ? all : item;
      return fc.constant({ ...base, method, path, changes: 'never' as const });
    }
    const never = r.dryRun ? { changes: 'never' as const } : {};
    if (r.verb === 'DELETE') {
      return fc.constant({ ...base, ...never, method: 'DELETE' as const, path: `${item}${q}` });
    }
    if (r.verb === 'PATCH') {
      return patchBody(r.patchType, resource, name).map((body) => ({
        ...never,
        method: 'PATCH' as const,
        path: `${item}${q}`,
        headers: { ...base.headers, 'Content-Type': r.patchType },
        body,
      }));
    }
    return writeBody(resource, r.verb === 'PUT' ? name : undefined).map(({ type, body }) => ({
      ...never,
      method: r.verb as 'POST' | 'PUT',
      path: `${r.verb === 'POST' ? collection : item}${q}`,
      headers: { ...base.headers, 'Content-Type': type },
      body,
    }));
  });

export const resourceRequest: fc.Arbitrary<HostileRequest> = fc.oneof(
  { weight: 4, arbitrary: anyResourceRequest },
  { weight: 1, arbitrary: focusedPatch },
);
