// The API root, the services/<id>/proxy and pods/<id>/proxy subresources and pods/<id>/portforward
// (src/http/kube-api/): the URLs `kubectl cluster-info` prints, `kubectl proxy`'s and
// `kubectl port-forward`'s.
import type { JsonSchema } from './components';
import { METHODS, type Examples, failures, pathParam, type RouteDoc } from './operations';

const TAGS = ['Kubernetes discovery'];

const PROXIED = {
  description:
    "The pod's own answer (status, body, a viewable Content-Type), under a sandboxing " +
    'Content-Security-Policy, every other header renamed `X-Simulated-<name>`. Counted as a hit.',
  content: { 'text/plain': { schema: { type: 'string' } } },
};

const NOT_ALLOWED = {
  description:
    "The pod's own `405 Not Allowed` (nginx serving static files allows only GET and HEAD), " +
    'passed through as the 200 is.',
  content: { 'text/plain': { schema: { type: 'string' } } },
};

function proxyOperation(
  ex: Examples,
  method: string,
  withPath: boolean,
  kind: 'Service' | 'Pod',
): JsonSchema {
  const service = kind === 'Service';
  return {
    tags: TAGS,
    operationId: `${method}${kind}Proxy${withPath ? 'WithPath' : ''}`,
    summary: `${method.toUpperCase()} through a ${kind}'s proxy subresource`,
    description: service
      ? 'Sent straight to one ready endpoint address (drawn as kube-apiserver draws it), past ' +
        'kube-proxy. 400 for an id that is not `name`, `name:port` or `scheme:name:port`, 404 ' +
        'without the Service, 503 when no port or endpoint fits or the dial fails. kube-dns ' +
        'speaks DNS, not HTTP: `error trying to reach service: EOF`. GET without a path: 301 to `proxy/`.'
      : 'Sent to the pod IP on the port the id names, else its first containerPort, else 80. ' +
        '400 `address not allowed` for a pod without an IP, 404 without the pod, 503 when the ' +
        'dial fails. GET without a path: 301 to `proxy/`.',
    parameters: [
      pathParam('ns', 'The namespace.', service ? 'kube-system' : 'default'),
      pathParam(
        'name',
        `The ${kind}, \`name[:port]\` or \`scheme:name:port\`.`,
        service ? 'kube-dns:dns' : 'nginx-pod',
      ),
      ...(withPath ? [pathParam('path', 'The path to request from the pod.', 'index.html')] : []),
    ],
    responses: {
      '200': PROXIED,
      ...(withPath ? {} : { '301': { description: 'GET without a path: to `proxy/`.' } }),
      // The pod answers with its own status: nginx serving files allows only GET and HEAD.
      ...(method === 'get' ? {} : { '405': NOT_ALLOWED }),
      ...failures(ex, [400, 404, 503]),
    },
  };
}

function portForwardOperation(ex: Examples, method: 'get' | 'post'): JsonSchema {
  return {
    tags: TAGS,
    operationId: `${method}PodPortForward`,
    summary:
      method === 'get'
        ? 'kubectl port-forward: a WebSocket tunnelling SPDY/3.1 (SPDY/3.1+portforward.k8s.io)'
        : 'kubectl port-forward over plain SPDY (kubectl before 1.31): refused with the reason',
    description:
      'kubectl opens an error and a data stream per forwarded connection (headers streamType, ' +
      'port, requestID); HTTP requests on the data stream are answered by the pod and counted ' +
      'as hits; a closed port is reported on the error stream in the kubelet words.',
    parameters: [
      pathParam('ns', 'The namespace.', 'default'),
      pathParam('name', 'The pod.', 'nginx-pod'),
    ],
    responses: {
      ...(method === 'get' ? { '101': { description: 'Switching to the WebSocket.' } } : {}),
      ...failures(ex, [400, 403, 404]),
    },
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
    ...(['Service', 'Pod'] as const).flatMap((kind) => {
      const at = kind === 'Service' ? base : '/api/v1/namespaces/{ns}/pods/{name}/proxy';
      return METHODS.flatMap((method) => [
        { method, path: at, operation: proxyOperation(ex, method, false, kind) },
        { method, path: `${at}/{path}`, operation: proxyOperation(ex, method, true, kind) },
      ]);
    }),
    ...(['get', 'post'] as const).map((method) => ({
      method,
      path: '/api/v1/namespaces/{ns}/pods/{name}/portforward',
      operation: portForwardOperation(ex, method),
    })),
  ];
}
