// NodePort Lab's own routes: apply manifests, hits, cluster settings, health and these docs.
import type { JsonSchema } from './components';
import {
  type Examples,
  failures,
  jsonResponse,
  media,
  pathParam,
  queryParam,
  textContent,
  type RouteDoc,
} from './operations';
import { tutorialExamples } from './tutorial-manifests';

function jsonBody(ex: Examples, schema: string, example: unknown): JsonSchema {
  return { required: true, content: { 'application/json': media(ex, schema, { example }) } };
}

function manifests(ex: Examples): RouteDoc {
  return {
    method: 'post',
    path: '/manifests',
    operation: {
      tags: ['Manifests'],
      operationId: 'applyManifests',
      summary: 'Apply manifests (kubectl apply -f)',
      description:
        'Creates or updates every object of a YAML stream (or JSON: one object, an array or a List), ' +
        'atomically: if one document fails, nothing is stored. `Accept: text/plain` answers the lines ' +
        'kubectl prints (`service/nginx-nodeport-service created`).',
      parameters: [
        queryParam('dryRun', '`All` validates and answers without storing anything.', {
          type: 'string',
          enum: ['All'],
        }),
        queryParam('namespace', 'The namespace of documents that name none (default `default`).', {
          type: 'string',
        }),
      ],
      requestBody: {
        required: true,
        description: 'One or more manifests: a YAML stream separated by `---`, or JSON.',
        content: {
          'application/yaml': { schema: { type: 'string' }, examples: tutorialExamples(ex) },
          'application/json': media(ex, {
            anyOf: [
              { $ref: '#/components/schemas/KubernetesObject' },
              { type: 'array', items: { $ref: '#/components/schemas/KubernetesObject' } },
            ],
          }),
        },
      },
      responses: {
        '200': {
          description: 'Every object was unchanged or configured.',
          content: {
            'application/json': media(ex, 'ApplyResult'),
            ...textContent(ex, 'kubectl lines.'),
          },
        },
        '201': {
          description: 'At least one object was created.',
          content: {
            'application/json': media(ex, 'ApplyResult', { examples: ['apply-nginx-pod'] }),
            ...textContent(ex, 'kubectl lines.', ['apply-nginx-service-text']),
          },
        },
        ...failures(
          ex,
          [400, 404, 405, 409, 413, 415, 422, 500],
          [
            'malformed-yaml',
            'unknown-kind',
            'unsupported-media-type',
            'invalid-nodeport-80',
            'nodeport-taken',
          ],
        ),
      },
    },
  };
}

const svcParams = [
  pathParam('namespace', "The Service's namespace.", 'default'),
  pathParam('service', "The Service's name.", 'nginx-nodeport-service'),
];

function hits(ex: Examples): RouteDoc[] {
  const reset = (summary: string, id: string, path: string, params: JsonSchema[]): RouteDoc => ({
    method: 'delete',
    path,
    operation: {
      tags: ['Hits'],
      operationId: id,
      summary,
      ...(params.length ? { parameters: params } : {}),
      responses: { '200': jsonResponse(ex, 'Deleted.', 'SuccessMessage', ['hits-reset']) },
    },
  });
  return [
    {
      method: 'get',
      path: '/hits',
      operation: {
        tags: ['Hits'],
        operationId: 'listHits',
        summary: 'Hit distribution of every service',
        description:
          'Every service that answered, with its total, per pod, per pod node and per entry node ' +
          '(the node the connections entered). `Accept: text/plain` answers a kubectl-style table.',
        responses: {
          '200': {
            description: 'The hits.',
            content: {
              'application/json': media(ex, 'HitsOverview', { examples: ['hits'] }),
              ...textContent(ex, 'One row per service and pod.', ['hits-table']),
            },
          },
        },
      },
    },
    reset('Reset all hits', 'deleteHits', '/hits', []),
    {
      method: 'get',
      path: '/hits/{namespace}/{service}',
      operation: {
        tags: ['Hits'],
        operationId: 'readServiceHits',
        summary: 'Hit distribution of one service',
        description:
          "Per pod and per node, plus `evenSplit`: Pearson's chi-square test against an even split " +
          'over the current endpoints (a low p-value means the split is not even).',
        parameters: svcParams,
        responses: {
          '200': jsonResponse(ex, 'The hits.', 'ServiceHits', ['service-hits']),
          ...failures(ex, [404]),
        },
      },
    },
    reset(
      'Reset the hits of one service',
      'deleteServiceHits',
      '/hits/{namespace}/{service}',
      svcParams,
    ),
  ];
}

function cluster(ex: Examples): RouteDoc[] {
  return [
    {
      method: 'get',
      path: '/cluster',
      operation: {
        tags: ['Cluster'],
        operationId: 'readCluster',
        summary: "The lab's nodes, kube-proxy mode, seed, nodePort range and clock",
        responses: { '200': jsonResponse(ex, 'The settings.', 'ClusterInfo', ['cluster']) },
      },
    },
    {
      method: 'patch',
      path: '/cluster',
      operation: {
        tags: ['Cluster'],
        operationId: 'patchCluster',
        summary: 'Change the kube-proxy mode or the seed',
        requestBody: jsonBody(ex, 'ClusterPatch', { proxyMode: 'ipvs' }),
        responses: {
          '200': jsonResponse(ex, 'The new settings.', 'ClusterPatchResult', ['cluster-patched']),
          ...failures(ex, [400], ['cluster-patch-invalid']),
        },
      },
    },
    {
      method: 'get',
      path: '/cluster/changes',
      operation: {
        tags: ['Cluster'],
        operationId: 'streamClusterChanges',
        summary: "A stream that tells when the lab's objects or hits moved",
        description:
          'One JSON object per line: `{"revision":12,"hits":0}` at once, then a line within 200 ms of every write (the revision, the lab\'s resourceVersion, moves), settings change or hit (the hit total moves), and `"heartbeat":true` lines every 15 s. The stream ends after `timeoutSeconds` (at most and by default 300); reconnect then. A client that must send `Authorization` (a browser: EventSource cannot) reads it with a streamed `fetch()`. At most 8 open streams per lab per server process (Worker isolate): 429 past that.',
        parameters: [
          {
            ...queryParam('timeoutSeconds', 'End the stream after this many seconds (1 to 300).', {
              type: 'integer',
              minimum: 1,
              maximum: 300,
              default: 300,
            }),
            // Postman sends it: a one-second stream, not a five-minute wait.
            example: 1,
          },
        ],
        responses: {
          '200': {
            description: 'The lines, as they come.',
            content: {
              'application/x-ndjson': {
                schema: {
                  type: 'object',
                  required: ['revision', 'hits'],
                  properties: {
                    revision: { type: 'integer', minimum: 0 },
                    hits: { type: 'integer', minimum: 0 },
                    heartbeat: { type: 'boolean', enum: [true] },
                  },
                },
                example: { revision: 12, hits: 60 },
              },
            },
          },
          ...failures(ex, [429]),
        },
      },
    },
    {
      method: 'post',
      path: '/cluster/clock',
      operation: {
        tags: ['Cluster'],
        operationId: 'advanceClock',
        summary: "Move the lab's clock forward",
        description:
          'Session-affinity timeouts and AGE columns follow the lab clock; nobody waits. At most ten years a step and 100 years ahead of wall time in all (422 past that).',
        requestBody: jsonBody(ex, 'ClockAdvance', { advanceSeconds: 10800 }),
        responses: {
          '200': jsonResponse(ex, 'The new clock.', 'ClockResult', ['clock-advanced']),
          ...failures(ex, [400, 422]),
        },
      },
    },
  ];
}

function service(ex: Examples): RouteDoc[] {
  const text = (type: string, description: string) => ({
    description,
    content: { [type]: { schema: { type: 'string' } } },
  });
  const docs = (path: string, id: string, summary: string, response: JsonSchema): RouteDoc => ({
    method: 'get',
    path,
    operation: {
      tags: ['API docs'],
      operationId: id,
      summary,
      security: [],
      responses: { '200': response },
    },
  });
  return [
    {
      method: 'get',
      path: '/healthz',
      operation: {
        tags: ['Health'],
        operationId: 'health',
        summary: 'Ready once the database answers',
        security: [],
        responses: { '200': jsonResponse(ex, 'Healthy.', 'Health', ['health']) },
      },
    },
    docs('/openapi.json', 'openApiJson', 'This OpenAPI document, as JSON', {
      description: 'OpenAPI 3.1.',
      content: { 'application/json': { schema: { type: 'object' } } },
    }),
    docs(
      '/openapi.yaml',
      'openApiYaml',
      'This OpenAPI document, as YAML',
      text('application/yaml', 'OpenAPI 3.1.'),
    ),
    docs(
      '/docs',
      'apiReference',
      'Interactive API reference (Scalar)',
      text('text/html', 'The page.'),
    ),
    docs(
      '/docs/scalar.js',
      'apiReferenceScript',
      "Scalar's script for /docs, served locally (Node with devDependencies installed)",
      text('text/javascript', "@scalar/api-reference's standalone bundle."),
    ),
    ...pageRoutes(),
  ];
}

/** The web page's shell (GET / answers it too when the client asks for text/html). */
function pageRoutes(): RouteDoc[] {
  const html = (description: string) => ({
    description,
    content: { 'text/html': { schema: { type: 'string' } } },
  });
  const page = (path: string, id: string, summary: string, parameters: JsonSchema[] = []) => ({
    method: 'get' as const,
    path,
    operation: {
      tags: ['Web page'],
      operationId: id,
      summary,
      security: [],
      ...(parameters.length ? { parameters } : {}),
      responses: {
        '200': html('The page; its script reads the lab through this API.'),
        '503': html('The client is not built (`npm run build:ui`).'),
      },
    },
  });
  return [
    page('/ui', 'webPage', "The lab's web page (the default lab, or the token's)"),
    page('/ui/labs/{id}', 'webPageOfLab', 'The web page of lab `id`', [
      pathParam('id', 'The lab the page shows (sent as X-Lab-Id).', 'default'),
    ]),
  ];
}

/** NodePort Lab's own routes, in the order the document lists them. */
export function coreRoutes(ex: Examples): RouteDoc[] {
  return [manifests(ex), ...hits(ex), ...cluster(ex), ...service(ex)];
}
