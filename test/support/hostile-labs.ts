// Request generators for the hostile suite's lab routes: checks and grading of the suite's own
// lab, and POST /labs with what may follow it (reset, delete, rotate, grade).
import fc from 'fast-check';
import type { HostileRequest } from './hostile-answers';
import { enc } from './hostile-requests';
import { numberish, query } from './hostile-routes';
import {
  deepText,
  hostileJsonText,
  hostileKey,
  hostileString,
  NAMES,
  usually,
} from './hostile-values';

const FIELD_PATHS_CHECK = [
  'spec.ports[0].nodePort',
  'metadata.labels["__proto__"]',
  'metadata.__proto__.x',
  'metadata.constructor.name',
  'spec.ports[99999999999]',
  'data["constructor"]',
  'metadata.labels["a"',
  '[0]',
  '..',
];
const checkParam = fc.oneof(
  fc
    .constantFrom('kind', 'namespace', 'name', 'service', 'min', 'address', 'port')
    .chain((k) =>
      fc
        .constantFrom(
          '"Service"',
          '"Pod"',
          '"ConfigMap"',
          '"seed"',
          '"default"',
          '"192.168.1.3"',
          '30080',
          '1',
          '20000',
          '20001',
        )
        .map((v) => `"${k}":${v}`),
    ),
  fc.constantFrom(...FIELD_PATHS_CHECK).map((p) => `"path":${JSON.stringify(p)}`),
  fc.oneof(hostileJsonText, deepText).map((v) => `"value":${v}`),
  fc
    .constantFrom('requests', 'tolerance', 'points')
    .chain((k) => numberish.map((v) => `"${k}":${v}`)),
  fc.tuple(hostileKey, hostileJsonText).map(([k, v]) => `${JSON.stringify(k)}:${v}`),
);
const str = (values: string[]) => fc.constantFrom(...values.map((v) => JSON.stringify(v)));
const num = (values: number[]) => fc.constantFrom(...values.map(String));
const svc = str(['seed', 'fuzz', 'kubernetes']);
const target = {
  address: str(['192.168.1.3', '192.168.1.2', '10.96.0.1', 'seed']),
  port: num([30080, 30090, 80]),
  from: str(['outside', 'cluster']),
};
/** Valid parameters per check type; a third get a hostile parameter on top. */
const VALID_PARAMS: Record<string, Record<string, fc.Arbitrary<string>>> = {
  objectExists: { kind: str(['Service', 'Pod', 'ConfigMap', 'Endpoints']), name: str(NAMES) },
  fieldEquals: {
    kind: str(['Service', 'ConfigMap', 'Deployment']),
    name: str(NAMES),
    path: fc.constantFrom(...FIELD_PATHS_CHECK).map((p) => JSON.stringify(p)),
    value: fc.oneof(num([30080, 2]), hostileJsonText),
  },
  serviceExposes: { service: svc, serviceType: str(['NodePort']), nodePort: num([30080]) },
  readyEndpoints: { service: svc, min: num([1, 2]) },
  reachable: { ...target, bodyContains: str(['Hello', '$request_uri', '']) },
  distinctPods: { ...target, requests: num([10, 600, 5000]), min: num([1, 2]) },
  evenDistribution: { service: svc, tolerance: num([0.1, 0.5]), requests: num([100, 600]) },
};
const check = fc
  .record({
    id: usually(
      fc.constantFrom('c', 'check.1', 'c_2'),
      hostileString.map((s) => s.slice(0, 80)),
      10,
    ),
    type: usually(fc.constantFrom(...Object.keys(VALID_PARAMS)), hostileString, 10),
    hostile: usually(
      fc.constant<string[]>([]),
      fc.array(checkParam, { minLength: 1, maxLength: 2 }),
      6,
    ),
  })
  .chain(({ id, type, hostile }) =>
    fc
      .record(Object.hasOwn(VALID_PARAMS, type) ? VALID_PARAMS[type]! : {})
      .map((params) =>
        [
          `"id":${JSON.stringify(id)}`,
          `"type":${JSON.stringify(type)}`,
          '"points":1',
          ...Object.entries(params).map(([k, v]) => `"${k}":${v}`),
          ...hostile,
        ].join(','),
      ),
  )
  .map((body) => `{${body}}`);

/** POST /labs/<lab>/checks or /grade on the suite's own lab; checks never change a lab. */
export function checksRequest(labId: string): fc.Arbitrary<HostileRequest> {
  return fc
    .record({
      checks: usually(
        fc.array(check, { minLength: 1, maxLength: 4 }),
        fc.constant<string[]>([]),
        8,
      ),
      bare: fc.boolean(),
      grade: usually(fc.constant(false), fc.constant(true), 6),
      format: usually(
        fc.constantFrom(undefined, 'json', 'gradescope', 'lti'),
        fc.constantFrom('junit', '__proto__', ''),
        8,
      ),
    })
    .map((r) => {
      // Ids made unique (a duplicate is a 400 of its own, generated often enough by hostile ids).
      const list = `[${r.checks.map((c, i) => c.replace(/^\{"id":"(c|check\.1|c_2)"/, `{"id":"$1-${i}"`)).join(',')}]`;
      return {
        method: 'POST' as const,
        path: `/labs/${enc(labId)}/${r.grade ? 'grade' : 'checks'}${query([['format', r.format]])}`,
        headers: { 'Content-Type': 'application/json' },
        body: r.bare ? list : `{"checks":${list}}`,
        changes: 'never' as const,
      };
    });
}

/** The `nodes` of a POST /labs body as a list. */
const nodeList = fc
  .array(
    fc.record({
      name: usually(fc.constantFrom('n1', 'n2', 'node01'), hostileString),
      ip: usually(
        fc.constantFrom('192.168.1.3', '192.168.1.5', '172.16.0.9'),
        fc.constantFrom('0.0.0.0', '10.96.0.5', '10.244.0.1', '300.1.1.1', '192.168.1.3'),
      ),
    }),
    { maxLength: 3 },
  )
  .map((ns) => JSON.stringify(ns));

/** A POST /labs body: plausible settings, each field sometimes hostile. */
export const labBody: fc.Arbitrary<string> = fc
  .record({
    name: usually(
      str(['alice', 'bob']),
      hostileString.map((s) => JSON.stringify(s)),
    ),
    nodes: usually(
      fc.constantFrom(undefined, '1', '3', '16'),
      fc.oneof(fc.constantFrom('17', '0', '-1', '1.5', '"3"'), nodeList),
    ),
    nodePortRange: usually(
      fc.constantFrom(undefined, '"30000-32767"', '"30000-30000"'),
      fc.constantFrom('"1-65535"', '"32767-30000"', '"x"', '"30000-30000-1"'),
    ),
    proxyMode: usually(fc.constantFrom(undefined, '"ipvs"'), fc.constantFrom('"nope"', '1')),
    seed: usually(fc.constantFrom(undefined, '7'), numberish),
    template: usually(
      fc.constantFrom(undefined, '"nodeport-basics"', '"echo-deployment"'),
      fc.constantFrom('"__proto__"', '"constructor"', '"x"'),
    ),
    ttlSeconds: usually(fc.constantFrom(undefined, '60', '3600'), numberish),
    extra: fc.option(fc.tuple(hostileKey, hostileJsonText), { nil: undefined, freq: 4 }),
  })
  .map((r) => {
    const entries = Object.entries(r)
      .filter(([k, v]) => k !== 'extra' && v !== undefined)
      .map(([k, v]) => `"${k}":${v as string}`);
    if (r.extra) entries.push(`${JSON.stringify(r.extra[0])}:${r.extra[1]}`);
    return `{${entries.join(',')}}`;
  })
  .chain((b) => usually(fc.constant(b), hostileJsonText, 6));

/** What to do next with a lab the suite created (or with an id that names none). */
export const labAction = fc.record({
  action: fc.constantFrom('GET', 'reset', 'DELETE', 'token', 'checks', 'grade'),
  real: fc.boolean(),
  garbage: fc.oneof(
    fc.constantFrom('default', 'lab-0000000000000000', '__proto__', 'constructor'),
    hostileString,
  ),
});
