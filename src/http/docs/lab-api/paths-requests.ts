// The request routes: "curl" a node (or, from inside the cluster, a Service) and see what kube-proxy
// and the pod did. They accept any method; the document lists the five a client sends.
import type { JsonSchema } from './components';
import {
  METHODS,
  type Examples,
  failures,
  media,
  pathParam,
  queryParam,
  type RouteDoc,
} from './operations';

const count = queryParam(
  'count',
  'Send N connections in one call (1 to 10,000) and answer the distribution of the batch.',
  { type: 'integer', minimum: 1, maximum: 10000, default: 1 },
);
const raw = queryParam(
  'raw',
  '`1` or `true`: answer what curl would print (as `Accept: text/plain` does).',
  { type: 'string', enum: ['1', 'true'] },
);
const restOfPath = pathParam(
  'path',
  'The path the pod sees, slashes included (`healthz`, `api/v1/items`); `/` when absent.',
  'healthz',
);

const RAW =
  "With `?raw=1` or `Accept: text/plain` (or `text/html`): what curl prints, the pod's body with the " +
  "pod's own Content-Type (nginx: text/html), or curl's error line.";

interface Target {
  base: string;
  scope: 'Node' | 'Cluster';
  params: JsonSchema[];
  examples: { ok: string[]; batch: string[]; failed: string[] };
}

const TARGETS: Target[] = [
  {
    base: '/nodes/{ip}/{port}/request',
    scope: 'Node',
    params: [
      pathParam(
        'ip',
        "A node's InternalIP, or a Service's externalIP or LoadBalancer IP.",
        '192.168.1.3',
      ),
      pathParam('port', 'The nodePort (or, on a service IP, the service port).', '31110'),
      queryParam('clientIp', 'The client address (default 192.168.1.10, the laptop).', {
        type: 'string',
      }),
      {
        name: 'X-Client-IP',
        in: 'header',
        required: false,
        description: 'The client address, when `clientIp` is not given.',
        schema: { type: 'string' },
      },
      count,
      raw,
    ],
    examples: {
      ok: ['node-request'],
      batch: ['node-request-batch'],
      failed: ['connection-refused'],
    },
  },
  {
    base: '/cluster/{host}/{port}/request',
    scope: 'Cluster',
    params: [
      pathParam(
        'host',
        'A ClusterIP, a Service name (`web`, `web.default`, `web.default.svc.cluster.local`) or a pod IP.',
        'nginx-nodeport-service',
      ),
      pathParam('port', 'The service port (or the container port of a pod IP).', '80'),
      queryParam('clientPodIp', 'The IP of the pod that sends the request.', { type: 'string' }),
      queryParam('namespace', 'The namespace short Service names resolve in.', { type: 'string' }),
      queryParam('sourceNode', 'The node the request leaves from.', { type: 'string' }),
      count,
      raw,
    ],
    examples: { ok: ['cluster-request'], batch: [], failed: [] },
  },
];

function operation(ex: Examples, t: Target, method: string, withPath: boolean): JsonSchema {
  const answer = `${t.scope}RouteAnswer`;
  const batch = `${t.scope}BatchAnswer`;
  const schema = {
    oneOf: [{ $ref: `#/components/schemas/${answer}` }, { $ref: `#/components/schemas/${batch}` }],
  };
  const decision = (examples: string[]) => ({
    'application/json': media(ex, schema, { examples }),
    'text/plain': media(ex, { type: 'string', description: RAW }),
    'text/html': media(ex, { type: 'string', description: RAW }),
  });
  const from = t.scope === 'Node' ? 'a client outside the cluster' : 'a pod';
  return {
    tags: ['Traffic'],
    operationId: `${method}${t.scope}Request${withPath ? 'Path' : ''}`,
    summary:
      t.scope === 'Node'
        ? `${method.toUpperCase()} a node on a nodePort${withPath ? ', with a path' : ''}`
        : `${method.toUpperCase()} a Service from inside the cluster${withPath ? ', with a path' : ''}`,
    description:
      `Simulates ${from} sending this ${method.toUpperCase()} request: kube-proxy on the receiving node picks an endpoint, ` +
      "the pod's container answers, and the hit is counted. Any method works (HEAD and OPTIONS too); " +
      'headers other than X-Lab-Id, X-Client-IP and Authorization reach the pod. With `Accept: text/plain` or ' +
      "`text/html`, or `?raw=1`, the answer is what curl prints: the pod's body or curl's error line.",
    parameters: [...t.params.slice(0, 2), ...(withPath ? [restOfPath] : []), ...t.params.slice(2)],
    ...(method === 'get' || method === 'delete'
      ? {}
      : {
          requestBody: {
            required: false,
            description: 'Forwarded to the pod as the request body.',
            content: { '*/*': { schema: { type: 'string' } } },
          },
        }),
    responses: {
      '200': {
        description: 'The pod answered 200 (or a batch ran).',
        content: decision(withPath ? [] : [...t.examples.ok, ...t.examples.batch]),
      },
      ...failures(ex, [400]),
      '502': {
        description: 'Connection refused, or no route to the address: nothing answered.',
        content: decision(withPath ? [] : t.examples.failed),
      },
      '504': {
        description:
          'The client timed out (externalTrafficPolicy: Local, no endpoint on the node).',
        content: decision([]),
      },
      default: {
        description: "The pod answered with this status (nginx's 404, for example).",
        content: decision([]),
      },
    },
  };
}

/** GET, POST, PUT, PATCH and DELETE on the four request paths. */
export function trafficRoutes(ex: Examples): RouteDoc[] {
  return TARGETS.flatMap((t) =>
    [false, true].flatMap((withPath) =>
      METHODS.map((method) => ({
        method,
        path: withPath ? `${t.base}/{path}` : t.base,
        operation: operation(ex, t, method, withPath),
      })),
    ),
  );
}
