// JSON Patch, merge and strategic merge patches and apply patches for the hostile suite: the
// issue's attack pointers, directives, and focused patches of the seeded objects.
import fc from 'fast-check';
import type { HostileRequest } from './hostile-answers';
import { hostileJsonText, hostileKey, objectText } from './hostile-values';

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });

/** JSON pointers: the issue's attack paths, paths into real fields, and random ones. */
const pointer = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '/__proto__/polluted',
      '/metadata/labels/__proto__/x',
      '/metadata/__proto__/polluted',
      '/constructor',
      '/constructor/prototype/polluted',
      '/data/__proto__',
      '/metadata/labels/__proto__',
      '/spec/ports/0/__proto__/x',
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '/data/a',
      '/metadata/labels/app',
      '/spec/ports/0/port',
      '/spec/ports/-',
    ),
  },
  {
    weight: 2,
    arbitrary: fc
      .array(
        fc.oneof(
          fc.constantFrom('__proto__', 'constructor', 'prototype', 'metadata', 'labels', 'data'),
          fc.constantFrom(
            'spec',
            'ports',
            'annotations',
            '0',
            '-',
            '99999999999',
            '~0',
            '~1',
            '',
            'a~2',
          ),
          hostileKey.map((k) => k.replace(/~/g, '~0').replace(/\//g, '~1')),
        ),
        { maxLength: 5 },
      )
      .map((parts) => parts.map((p) => `/${p}`).join('')),
  },
);

const jsonPatch = fc
  .array(
    fc.record({
      op: fc.constantFrom('add', 'add', 'add', 'remove', 'replace', 'move', 'copy', 'test', 'nope'),
      path: pointer,
      from: maybe(pointer),
      value: maybe(hostileJsonText),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map(
    (ops) =>
      `[${ops
        .map((o) => {
          const from = o.from === undefined ? '' : `,"from":${JSON.stringify(o.from)}`;
          const value = o.value === undefined ? '' : `,"value":${o.value}`;
          return `{"op":${JSON.stringify(o.op)},"path":${JSON.stringify(o.path)}${from}${value}}`;
        })
        .join(',')}]`,
  );

const DIRECTIVES = [
  '{"spec":{"ports":[{"$patch":"delete","port":80}]}}',
  '{"$patch":"replace","metadata":{"name":"seed"}}',
  '{"$patch":"delete"}',
  '{"spec":{"$setElementOrder/ports":[{"port":81},{"port":80}],"ports":[{"port":81}]}}',
  '{"spec":{"$retainKeys":["ports","__proto__"],"ports":[]}}',
  '{"metadata":{"$deleteFromPrimitiveList/finalizers":["x"],"finalizers":["y"]}}',
  '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","$patch":"replace"}]}}}}',
];

/** A merge-style patch: a hostile value under a field a student would patch. */
const mergePatch = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('metadata.labels', 'metadata.annotations', 'data', 'spec', 'metadata', ''),
      hostileJsonText,
    )
    .map(([at, v]) =>
      at
        .split('.')
        .filter(Boolean)
        .reduceRight((inner, key) => `{${JSON.stringify(key)}:${inner}}`, v),
    ),
  objectText(false),
  fc.constantFrom(...DIRECTIVES),
);

export const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
  'application/json',
  'text/plain',
];

export const patchBody = (type: string, resource: string, name: string) =>
  type === 'application/json-patch+json'
    ? fc.oneof({ weight: 4, arbitrary: jsonPatch }, { weight: 1, arbitrary: mergePatch })
    : type === 'application/apply-patch+yaml'
      ? objectText(true, resource, name)
      : mergePatch;

/** Seeded objects to patch, by path. */
const PATCHABLE = [
  '/api/v1/namespaces/default/configmaps/fuzz-conf',
  '/api/v1/namespaces/default/services/seed',
  '/api/v1/namespaces/default/pods/fuzz-nginx',
  '/apis/apps/v1/namespaces/default/deployments/seed',
];

/** One well-formed patch of a seeded object, carrying one hostile key or path. */
export const focusedPatch: fc.Arbitrary<HostileRequest> = fc
  .record({
    path: fc.constantFrom(...PATCHABLE),
    op: fc.constantFrom('add', 'replace', 'copy', 'move'),
    pointer,
    from: pointer,
    value: hostileJsonText,
    type: fc.constantFrom(...PATCH_TYPES.slice(0, 3)),
    merge: mergePatch,
  })
  .map((r) => ({
    method: 'PATCH' as const,
    path: r.path,
    headers: { 'Content-Type': r.type },
    body:
      r.type === 'application/json-patch+json'
        ? `[{"op":"${r.op}","path":${JSON.stringify(r.pointer)},"from":${JSON.stringify(r.from)},"value":${r.value}}]`
        : r.merge,
  }));
