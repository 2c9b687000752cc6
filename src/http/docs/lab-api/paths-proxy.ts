// The API root and the services/<id>/proxy subresource (src/http/kube-api/): the URLs
// `kubectl cluster-info` prints.
import type { JsonSchema } from './components';
import { METHODS, type Examples, failures, pathParam, type RouteDoc } from './operations';

const TAGS = ['Kubernetes discovery'];

function proxyOperation(ex: Examples, method: string, withPath: boolean): JsonSchema {
  return {
    tags: TAGS,
    operationId: `${method}ServiceProxy${withPath ? 'WithPath' : ''}`,
    summary: `${method.toUpperCase()} through a Service's proxy subresource`,
    description:
      'What kube-apiserver answers before it reaches an endpoint: 400 for an id that is not ' +
      '`name`, `name:port` or `scheme:name:port`, 404 without the Service, 503 when no port or ' +
      'endpoint fits. kube-dns speaks DNS, not HTTP: `error trying to reach service: EOF`. ' +
      'NodePort Lab does not forward to endpoints yet, and says so in a 503.',
    parameters: [
      pathParam('ns', 'The namespace.', 'kube-system'),
      pathParam('name', 'The Service, `name[:port]` or `scheme:name:port`.', 'kube-dns:dns'),
      ...(withPath ? [pathParam('path', 'The path to request from the endpoint.', 'metrics')] : []),
    ],
    responses: failures(ex, [400, 404, 503]),
  };
}

/** GET / and ALL /api/v1/namespaces/{ns}/services/{id}/proxy[/{path}]. */
export function proxyRoutes(ex: Examples): RouteDoc[] {
  const base = '/api/v1/namespaces/{ns}/services/{name}/proxy';
  return [
    {
      method: 'get',
      path: '/',
      operation: {
        tags: TAGS,
        operationId: 'getRootPaths',
        summary: 'The paths the API server serves (the control plane URL of kubectl cluster-info)',
        responses: {
          '200': {
            description: 'metav1.RootPaths.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['paths'],
                  properties: { paths: { type: 'array', items: { type: 'string' } } },
                },
              },
            },
          },
        },
      },
    },
    ...METHODS.flatMap((method) => [
      { method, path: base, operation: proxyOperation(ex, method, false) },
      { method, path: `${base}/{path}`, operation: proxyOperation(ex, method, true) },
    ]),
  ];
}
