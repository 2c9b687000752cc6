// What kubectl and client libraries read besides the resources: /version, API discovery, the
// Kubernetes OpenAPI documents, a kubeconfig, and every route again under /k8s/<lab id>.
import { RESOURCE_TYPES } from '../../../domain/apimachinery/resources';
import type { JsonSchema } from './components';
import {
  METHODS,
  type Examples,
  failures,
  jsonResponse,
  media,
  pathParam,
  queryParam,
  type RouteDoc,
} from './operations';
import { groupPrefix } from './paths-kubernetes';
import { podLogRoutes } from './paths-pod-log';
import { proxyRoutes } from './paths-proxy';

const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const PROTOBUF_V2 = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';

/** The served group versions, core first: `{ group: '', version: 'v1' }`, apps/v1... */
function groupVersions(): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const t of RESOURCE_TYPES) seen.set(`${t.group}/${t.version}`, t);
  return [...seen.values()].map(({ group, version }) => ({ group, version }));
}

/** `discovery.k8s.io` -> `DiscoveryK8sIo`, for operation ids. */
const pascal = (s: string) =>
  s
    .split(/[.-]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

function get(path: string, operation: JsonSchema): RouteDoc {
  return { method: 'get', path, operation: { tags: ['Kubernetes discovery'], ...operation } };
}

function discovery(ex: Examples, legacy: string, summary: string, id: string): JsonSchema {
  return {
    operationId: id,
    summary,
    description:
      'With `Accept: ' +
      AGGREGATED +
      '` the aggregated discovery document kubectl 1.30+ asks for first.',
    responses: {
      '200': {
        description: 'The discovery document.',
        content: {
          'application/json': media(ex, legacy),
          [AGGREGATED]: media(ex, 'APIGroupDiscoveryList'),
        },
      },
    },
  };
}

function groupRoutes(ex: Examples): RouteDoc[] {
  return groupVersions().flatMap(({ group, version }) => {
    const resources = get(groupPrefix({ group, version }), {
      operationId: `getResources${group ? pascal(group) : 'Core'}${pascal(version)}`,
      summary: `The resources of ${group ? `${group}/${version}` : version}`,
      responses: {
        '200': jsonResponse(
          ex,
          'Its APIResourceList.',
          'APIResourceList',
          group ? [] : ['core-resources'],
        ),
      },
    });
    if (!group) return [resources];
    const groupDoc = get(`/apis/${group}`, {
      operationId: `getGroup${pascal(group)}`,
      summary: `The ${group} API group`,
      responses: { '200': jsonResponse(ex, 'Its APIGroup.', 'APIGroup') },
    });
    return [resources, groupDoc];
  });
}

function openApi(ex: Examples): RouteDoc[] {
  const specs = groupVersions().map((gv) => groupPrefix(gv).slice(1));
  const publicDoc = { security: [] };
  return [
    get('/openapi/v2', {
      ...publicDoc,
      operationId: 'getKubernetesOpenApiV2',
      summary: 'The Kubernetes OpenAPI v2 (Swagger) document kubectl validates with',
      responses: {
        '200': {
          description: 'Swagger 2.0, as JSON or as the protobuf kubectl asks for.',
          content: {
            'application/json': { schema: { type: 'object' } },
            [PROTOBUF_V2]: { schema: { type: 'string', format: 'binary' } },
          },
        },
      },
    }),
    get('/openapi/v3', {
      ...publicDoc,
      operationId: 'getKubernetesOpenApiV3Index',
      summary: 'The index of the Kubernetes OpenAPI v3 documents',
      responses: { '200': jsonResponse(ex, 'One entry per group version.', 'OpenAPIV3Index') },
    }),
    get('/openapi/v3/{path}', {
      ...publicDoc,
      operationId: 'getKubernetesOpenApiV3',
      summary: 'The Kubernetes OpenAPI v3 document of one group version',
      description: 'Kubernetes-style (`io.k8s.api...` schemas); `kubectl explain` reads it.',
      parameters: [
        { ...pathParam('path', 'The group version.', specs[0]), schema: { enum: specs } },
        queryParam('hash', 'The hash the index gave: the answer may be cached for good.', {
          type: 'string',
        }),
      ],
      responses: {
        '200': {
          description: 'OpenAPI 3.0.',
          content: { 'application/json': { schema: { type: 'object' } } },
        },
        ...failures(ex, [404]),
      },
    }),
  ];
}

function labPrefix(): RouteDoc[] {
  return METHODS.map((method) => ({
    method,
    path: '/k8s/{labId}/{path}',
    operation: {
      tags: ['Kubernetes discovery'],
      operationId: `${method}InLab`,
      summary: `${method.toUpperCase()} any route of this document, in lab {labId}`,
      description:
        'The path after `/k8s/{labId}` is served exactly as documented here, acting in lab ' +
        "{labId}: a kubeconfig's server URL (`/k8s/<lab id>`) names the lab, since kubectl sends no " +
        'token to an http:// server.',
      parameters: [
        pathParam('labId', 'The lab.', 'default'),
        pathParam('path', 'Any documented path, without its leading slash.', 'api/v1/nodes'),
      ],
      responses: {
        default: {
          description: 'What the route after the prefix answers.',
          content: { 'application/json': { schema: {} }, 'text/plain': { schema: {} } },
        },
      },
    },
  }));
}

/** Discovery, the Kubernetes OpenAPI documents, the kubeconfig and the /k8s/<lab> prefix. */
export function kubectlRoutes(ex: Examples): RouteDoc[] {
  return [
    get('/version', {
      security: [],
      operationId: 'getVersion',
      summary: 'The Kubernetes version (kubectl version)',
      responses: { '200': jsonResponse(ex, 'The version.', 'VersionInfo', ['version']) },
    }),
    get('/api', discovery(ex, 'APIVersions', 'The core API versions', 'getCoreApiVersions')),
    get('/apis', discovery(ex, 'APIGroupList', 'The API groups', 'getApiGroups')),
    ...groupRoutes(ex),
    ...openApi(ex),
    ...proxyRoutes(ex),
    ...podLogRoutes(ex),
    get('/kubeconfig', {
      operationId: 'getKubeconfig',
      summary: 'A kubeconfig for your lab',
      description:
        '`curl -o lab.yaml .../kubeconfig` then `kubectl --kubeconfig lab.yaml get svc`: the server ' +
        'is this server as you reached it, under `/k8s/<lab id>`.',
      responses: {
        '200': {
          description: 'The kubeconfig.',
          content: { 'application/yaml': { schema: { type: 'string' } } },
        },
        ...failures(ex, [404]),
      },
    }),
    ...labPrefix(),
  ];
}
