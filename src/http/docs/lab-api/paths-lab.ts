// NodePort Lab's own routes: apply manifests and hits here; cluster settings (paths-cluster.ts),
// health, these docs and the web page (paths-service.ts) beside.
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
import { clusterRoutes } from './paths-cluster';
import { serviceRoutes } from './paths-service';

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

/** NodePort Lab's own routes, in the order the document lists them. */
export function coreRoutes(ex: Examples): RouteDoc[] {
  return [manifests(ex), ...hits(ex), ...clusterRoutes(ex), ...serviceRoutes(ex)];
}
