// Request generators for the hostile suite's other families: selectors, watches, the request
// routes, cluster settings, labs and checks.
import fc from 'fast-check';
import type { HostileRequest } from './hostile-answers';
import { enc } from './hostile-requests';
import {
  deepText,
  hostileJsonText,
  hostileKey,
  hostileString,
  NAMES,
  usually,
} from './hostile-values';

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
const query = (entries: [string, string | undefined][]) => {
  const parts = entries.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${enc(v!)}`);
  return parts.length ? `?${parts.join('&')}` : '';
};
const LISTS = [
  '/api/v1/pods',
  '/api/v1/namespaces/default/services',
  '/api/v1/namespaces/default/configmaps',
  '/api/v1/endpoints',
  '/api/v1/nodes',
  '/api/v1/namespaces',
  '/apis/apps/v1/namespaces/default/deployments',
  '/apis/discovery.k8s.io/v1/endpointslices',
  '/api/v1/events',
];

const labelTerm = fc.oneof(
  hostileKey,
  hostileKey.map((k) => `!${k}`),
  fc
    .tuple(hostileKey, fc.constantFrom('=', '==', '!=', '>', '<'), hostileString)
    .map(([k, op, v]) => `${k}${op}${v}`),
  fc
    .tuple(
      hostileKey,
      fc.constantFrom(' in ', ' notin ', ' in'),
      fc.array(hostileString, { maxLength: 3 }),
    )
    .map(([k, op, vs]) => `${k}${op}(${vs.join(',')})`),
  fc.constantFrom('app=seed', 'app in (seed,web)', '(', ')', ',', '!', 'a,,b', '=x'),
);

const FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'spec.nodeName',
  'status.phase',
  'spec.type',
  'metadata.__proto__',
  'metadata.constructor',
  'metadata.labels.app',
  '__proto__',
];
const fieldTerm = fc.oneof(
  fc
    .tuple(
      fc.oneof(fc.constantFrom(...FIELD_PATHS), hostileKey),
      fc.constantFrom('=', '==', '!='),
      hostileString,
    )
    .map(([f, op, v]) => `${f}${op}${v}`),
  fc.constantFrom('metadata.name', '=', 'a=b=c', 'metadata.name=seed', '\\,'),
);
const selector = (term: fc.Arbitrary<string>) =>
  fc.array(term, { minLength: 1, maxLength: 4 }).map((t) => t.join(','));

export const selectorRequest: fc.Arbitrary<HostileRequest> = fc
  .record({
    list: fc.constantFrom(...LISTS),
    labels: maybe(selector(labelTerm)),
    fields: maybe(selector(fieldTerm)),
    head: fc.boolean(),
    text: fc.boolean(),
  })
  .map((r) => ({
    method: r.head ? ('HEAD' as const) : ('GET' as const),
    path: `${r.list}${query([
      ['labelSelector', r.labels],
      ['fieldSelector', r.fields],
    ])}`,
    headers: r.text ? { Accept: 'text/plain' } : {},
    changes: 'never' as const,
  }));

const watchValue = fc.constantFrom('true', '1', 'false', '0', 'TRUE', 'yes', '', '__proto__');
const versionValue = fc.oneof(
  fc.constantFrom('0', '', '1', '-1', '99999999999999999999', '1e3', 'abc', '__proto__'),
  hostileString,
);
const timeoutValue = fc.constantFrom('0', '1', '-1', '1.5', 'abc', '1e309', '9999999999', 'NaN');

export const watchRequest: fc.Arbitrary<HostileRequest> = fc
  .record({
    list: fc.constantFrom(...LISTS),
    watch: watchValue,
    resourceVersion: maybe(versionValue),
    timeoutSeconds: maybe(timeoutValue),
    allowWatchBookmarks: maybe(watchValue),
    labels: maybe(selector(labelTerm)),
    table: fc.boolean(),
  })
  .map((r) => ({
    method: 'GET' as const,
    path: `${r.list}${query([
      ['watch', r.watch],
      ['resourceVersion', r.resourceVersion],
      ['timeoutSeconds', r.timeoutSeconds],
      ['allowWatchBookmarks', r.allowWatchBookmarks],
      ['labelSelector', r.labels],
    ])}`,
    headers: r.table ? { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } : {},
    changes: 'never' as const,
    streams: true,
  }));

/** Header names and values the HTTP client can send (visible ASCII, some Latin-1). */
const headerName = fc.oneof(
  fc.constantFrom('Accept', 'Content-Type', 'X-Client-IP', 'Host', 'Cookie', 'X-Forwarded-For'),
  fc.constantFrom('User-Agent', 'Authorization', 'If-None-Match', 'Range', 'Origin', '__proto__'),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/),
);
const headerValue = fc.oneof(
  fc.constantFrom('text/plain', 'text/html', 'application/json', '192.168.1.10', '10.96.0.1'),
  fc.constantFrom('Bearer nope', 'Basic eDp5', '', '0.0.0.0', '300.1.1.1', '*/*', 'a=b; c=d'),
  fc.stringMatching(/^[\x20-\x7e]{0,60}$/),
);
const NODE_IPS = ['192.168.1.2', '192.168.1.3', '192.168.1.4'];
const PORTS = ['30080', '30090', '30007', '80', '31000', '0', '65536', '-1', 'abc', '1e3', '%33'];
const ipLike = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...NODE_IPS) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('0.0.0.0', '256.1.1.1', '192.168.1.010', '::1', '1.2.3.110'),
  },
  { weight: 1, arbitrary: hostileString.map(enc) },
);
const hostLike = fc.oneof(
  fc.constantFrom(
    'seed',
    'seed.default',
    'fuzz.default.svc.cluster.local',
    'kubernetes',
    '10.96.0.1',
  ),
  fc.constantFrom('10.244.1.2', 'kube-dns.kube-system', 'seed.__proto__', 'seed.default.svc'),
  hostileString.map(enc),
);
const tailPath = fc.oneof(
  fc.constant(''),
  fc.constantFrom('/', '/healthz', '/%3Cscript%3E', '/..%2F..', '/a?b', '/%ff', '//x'),
  fc.array(hostileString.map(enc), { maxLength: 3 }).map((p) => `/${p.join('/')}`),
);

export const trafficRequest: fc.Arbitrary<HostileRequest> = fc
  .record({
    inCluster: fc.boolean(),
    ip: ipLike,
    host: hostLike,
    port: usually(
      fc.constantFrom('30080', '30090', '80'),
      fc.oneof(fc.constantFrom(...PORTS), fc.nat(70000).map(String)),
    ),
    tail: usually(fc.constantFrom('', '/', '/a'), tailPath, 2),
    count: usually(
      fc.constantFrom(undefined, '1', '2', '50', '10000'),
      fc.constantFrom('10001', '0', '-1', 'abc', '1e3', ' 5', '01'),
    ),
    clientIp: usually(
      fc.constantFrom(undefined, '10.0.0.1', '192.168.1.3'),
      fc.oneof(fc.constantFrom('0.0.0.0', '1.2.3.04'), hostileString),
    ),
    raw: maybe(fc.constantFrom('1', 'true', '0', 'yes', '')),
    method: fc.constantFrom('GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'),
    headers: fc.dictionary(headerName, headerValue, { maxKeys: 4, noNullPrototype: false }),
    body: maybe(fc.oneof(hostileJsonText, hostileString)),
  })
  .map((r) => {
    const where = r.inCluster ? `/cluster/${r.host}` : `/nodes/${r.ip}`;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.headers)) if (k !== '__proto__') headers[k] = v;
    const hasBody = r.body !== undefined && !['GET', 'HEAD', 'OPTIONS'].includes(r.method);
    return {
      method: r.method as HostileRequest['method'],
      path: `${where}/${r.port}/request${r.tail}${query([
        ['count', r.count],
        ['clientIp', r.clientIp],
        ['raw', r.raw],
      ])}`,
      headers,
      ...(hasBody && r.body !== undefined ? { body: r.body } : {}),
      changes: 'maybe' as const,
    };
  });

const jsonOr = (a: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 3, arbitrary: a }, { weight: 1, arbitrary: hostileJsonText });
const numberish = fc.constantFrom(
  '0',
  '7',
  '-1',
  '1.5',
  '4294967295',
  '4294967296',
  '1e308',
  '"7"',
  'null',
  '315360000',
  '315360001',
);

export const clusterRequest: fc.Arbitrary<HostileRequest> = fc.oneof(
  fc
    .record({
      proxyMode: maybe(
        fc.constantFrom('"ipvs"', '"iptables"', '"nftables"', '"userspace"', '1', '"__proto__"'),
      ),
      seed: maybe(numberish),
      extra: maybe(fc.tuple(hostileKey, hostileJsonText)),
    })
    .map((r) => {
      const entries = [
        ...(r.proxyMode ? [`"proxyMode":${r.proxyMode}`] : []),
        ...(r.seed ? [`"seed":${r.seed}`] : []),
        ...(r.extra ? [`${JSON.stringify(r.extra[0])}:${r.extra[1]}`] : []),
      ];
      return `{${entries.join(',')}}`;
    })
    .chain((b) => jsonOr(fc.constant(b)))
    .map((body) => ({
      method: 'PATCH' as const,
      path: '/cluster',
      headers: { 'Content-Type': 'application/json' },
      body,
    })),
  jsonOr(numberish.map((n) => `{"advanceSeconds":${n}}`)).map((body) => ({
    method: 'POST' as const,
    path: '/cluster/clock',
    headers: { 'Content-Type': 'application/json' },
    body,
  })),
  fc.constant({ method: 'GET' as const, path: '/cluster', headers: {}, changes: 'never' as const }),
);

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

/** A POST /labs body: plausible settings with hostile values mixed in. */
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

export { NAMES };
