// Generators of hostile values for the hostile suite: keys that name prototypes, int32 edges,
// long and odd strings, deep nesting, and valid-looking Kubernetes objects with such mutations,
// as JSON or YAML text. Values are built as text (or with defineProperty), so the test process
// itself never assigns `__proto__`.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { configMap, deployment, pod, service } from './manifests';

type Json = Record<string, unknown>;

export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString'];

/** Mostly `valid`, sometimes `hostile`: enough valid requests get past the first 400. */
export function usually<T>(valid: fc.Arbitrary<T>, hostile: fc.Arbitrary<T>, weight = 3) {
  return fc.oneof({ weight, arbitrary: valid }, { weight: 1, arbitrary: hostile });
}

/** Names that collide with the seeded objects, so writes reach existing ones. */
export const NAMES = ['seed', 'web', 'fuzz', 'fuzz-conf', 'fuzz-nginx', 'a'];

const longString = fc
  .constantFrom(63, 64, 253, 254, 1024, 70_000)
  .chain((n) => fc.constantFrom('a', 'é', '🙂', '-', '.').map((c) => c.repeat(n)));

/** Strings a student (or a script) might send where a name, key or value goes. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...PROTO_KEYS, ...NAMES),
  fc.constantFrom('', ' ', '\u0000', '\ud800', '\u202e', 'a/b', '../..', '%2e%2e', '%00', '$x'),
  fc.constantFrom('${jndi:x}', '<script>alert(1)</script>', 'app.kubernetes.io/name', 'a=b,c'),
  fc.constantFrom('0120', 'yes', 'on', '0x1F', '1e3', 'true', 'null', '~', '2147483648'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  longString,
);

/** Keys for objects: mostly prototype names and label-like keys. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PROTO_KEYS) },
  { weight: 1, arbitrary: fc.constantFrom('app', 'a.b/c', 'x', 'spec', 'metadata', '$patch') },
  { weight: 1, arbitrary: hostileString },
);

const numberText = fc.constantFrom(
  '0',
  '-0',
  '-1',
  '1.5',
  '2147483647',
  '2147483648',
  '-2147483649',
  '4294967296',
  '9007199254740993',
  '1e308',
  '1e400',
  '-1e400',
  '65536',
  '30080',
);

/** Nesting far beyond any real manifest (the issue's stack overflows were at 4,000-5,000). */
export const deepText = fc
  .record({ depth: fc.constantFrom(10, 200, 3000, 6000), shape: fc.constantFrom('[', '{') })
  .map(({ depth, shape }) =>
    shape === '['
      ? `${'['.repeat(depth)}${']'.repeat(depth)}`
      : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
  );

/** Any JSON value, as text, with hostile keys and scalars, a few levels deep. */
export const hostileJsonText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    numberText,
    hostileString.map((s) => JSON.stringify(s)),
    fc.constantFrom('true', 'false', 'null', '{}', '[]'),
    fc
      .array(fc.tuple(hostileKey, tie('value')), { maxLength: 4 })
      .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
  ),
})).value;

/** A value for a mutation: mostly small hostile JSON, sometimes a deep one. */
export const mutationValue = fc.oneof(
  { weight: 8, arbitrary: hostileJsonText },
  { weight: 1, arbitrary: deepText },
);

const name = fc.constantFrom(...NAMES);
/** Valid-looking objects per resource, for writes whose body should match their URL. */
export const BASE_OBJECTS: Record<string, fc.Arbitrary<Json>> = {
  services: fc.oneof(
    name.map((n) => service(n, { type: 'NodePort' })),
    name.map((n) => service(n, { type: 'LoadBalancer', ports: [{ port: 80 }] })),
    name.map((n) => service(n, { type: 'ExternalName', externalName: 'x.y' })),
    name.map((n) =>
      service(n, {
        type: 'NodePort',
        ports: [
          { name: 'a', port: 80, nodePort: 30085 },
          { name: 'b', port: 81, nodePort: 30085 },
        ],
      }),
    ),
  ),
  pods: name.map((n) => pod(n)),
  deployments: name.map((n) => deployment(n, 2)),
  configmaps: name.map((n) => configMap(n, { 'default.conf': 'server { listen 80; }' })),
  namespaces: name.map((n) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n } })),
};

/** The seeded kinds and the others the API serves or not, in valid-looking shape. */
export const baseObject: fc.Arbitrary<Json> = fc.oneof(
  ...Object.values(BASE_OBJECTS),
  fc
    .constantFrom('Endpoints', 'Node', 'ReplicaSet', 'EndpointSlice', 'Event', 'Secret', 'List')
    .map((kind) => ({
      apiVersion: kind === 'ReplicaSet' ? 'apps/v1' : 'v1',
      kind,
      metadata: { name: 'x' },
    })),
);

/** One change to an object: set a value, add a key (any, `__proto__` included) or drop one. */
export interface Mutation {
  at: number;
  op: 'set' | 'add' | 'drop';
  key: string;
  value: string;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('set', 'add', 'add', 'drop'),
  key: hostileKey,
  value: mutationValue,
});

/** None (a third of the objects are valid), one, or a few. */
const mutations: fc.Arbitrary<Mutation[]> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<Mutation[]>([]) },
  { weight: 1, arbitrary: mutation.map((m) => [m]) },
  { weight: 1, arbitrary: fc.array(mutation, { minLength: 2, maxLength: 4 }) },
);

/** Every container (object or array) in `value`, outermost first. */
function containers(value: unknown, out: object[] = []): object[] {
  if (value === null || typeof value !== 'object') return out;
  out.push(value);
  for (const v of Object.values(value)) containers(v, out);
  return out;
}

const placeholder = (i: number) => `@@H${i}@@`;
const PLACEHOLDER = /["']?@@H(\d+)@@["']?/g;

function defineOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Applies the mutations to a copy of `base`; values stand as placeholders until rendered. */
function mutated(base: Json, mutations: Mutation[]): { object: Json; values: string[] } {
  const object = structuredClone(base);
  const values: string[] = [];
  for (const m of mutations) {
    const all = containers(object);
    const target = all[m.at % all.length]!;
    const keys = Object.keys(target);
    const key = m.op === 'add' || keys.length === 0 ? m.key : keys[m.at % keys.length]!;
    if (m.op === 'drop') Reflect.deleteProperty(target, key);
    else {
      values.push(m.value);
      defineOwn(
        target,
        Array.isArray(target) && m.op === 'add' ? String(target.length) : key,
        placeholder(values.length - 1),
      );
    }
  }
  return { object, values };
}

const render = (text: string, values: string[]) =>
  text.replace(PLACEHOLDER, (_m, i: string) => values[Number(i)] ?? 'null');

/** A valid-looking object with 0-3 mutations, as JSON text. */
export const objectJson: fc.Arbitrary<string> = fc
  .tuple(baseObject, mutations)
  .map(([base, ms]) => {
    const { object, values } = mutated(base, ms);
    return render(JSON.stringify(object), values);
  });

/** The same as YAML (block style; mutation values in JSON flow style, valid YAML too). */
export const objectYaml: fc.Arbitrary<string> = fc
  .tuple(baseObject, mutations)
  .map(([base, ms]) => {
    const { object, values } = mutated(base, ms);
    return render(stringify(object, { lineWidth: 0 }), values);
  });

function renamed(object: Json, name: string): Json {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    // a name the URL cannot carry stays as it is
  }
  return { ...object, metadata: { ...(object.metadata as Json), name: decoded } };
}

/** Object text as JSON or YAML, per content type; of the resource's kind when it has one. */
export function objectText(yaml: boolean, resource?: string, name?: string): fc.Arbitrary<string> {
  const base =
    resource && Object.hasOwn(BASE_OBJECTS, resource) ? BASE_OBJECTS[resource]! : baseObject;
  // Named as on the URL (a PUT of another name is a 400 before anything interesting).
  const named = name === undefined ? base : base.map((o) => renamed(o, name));
  return fc.tuple(usually(named, baseObject), mutations).map(([b, ms]) => {
    const { object, values } = mutated(b, ms);
    return render(yaml ? stringify(object, { lineWidth: 0 }) : JSON.stringify(object), values);
  });
}
