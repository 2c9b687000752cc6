// Request generators for the hostile suite's other families: selectors, watches, the request
// routes and cluster settings.
import fc from 'fast-check';
import type { HostileRequest } from './hostile-answers';
import { enc } from './hostile-requests';
import { hostileJsonText, hostileKey, hostileString, usually } from './hostile-values';

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
export const query = (entries: [string, string | undefined][]) => {
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
export const numberish = fc.constantFrom(
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
