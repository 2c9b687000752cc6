// The pods/{name}/log subresource (src/http/kube-api/pod-log.ts): `kubectl logs`.
import type { JsonSchema } from './components';
import { type Examples, failures, pathParam, queryParam, type RouteDoc } from './operations';

const bool = (name: string, description: string) =>
  queryParam(name, description, { type: 'boolean' });
const int = (name: string, description: string, minimum: number) =>
  queryParam(name, description, { type: 'integer', minimum });

const operation = (ex: Examples): JsonSchema => ({
  tags: ['Pods'],
  operationId: 'readPodLog',
  summary: "A container's log (kubectl logs)",
  description:
    "What the container printed: its image's start-up lines, then one access line per request " +
    "that reached it, in the image's format, with the source address the pod saw. Stored with " +
    'the lab, a ring of 1,000 lines per container run (a restart is a new run; `previous` reads ' +
    'the last one before it). `follow` streams new lines until the run ends (at most 30 minutes; ' +
    "at most 10 open per lab, else 429). The kubelet's refusals (a container waiting to start, " +
    'no previous run) answer 400; an unscheduled pod 204.',
  parameters: [
    pathParam('ns', 'The namespace.', 'default'),
    pathParam('name', 'The pod.', 'web'),
    queryParam('container', 'The container; required when the pod has several.', {
      type: 'string',
    }),
    bool('follow', 'Stream new lines as they are written.'),
    bool('previous', "The last terminated run's log."),
    bool('timestamps', 'Prefix each line with its RFC 3339 time (nine fraction digits).'),
    int('tailLines', 'Only the last lines.', 0),
    int('sinceSeconds', 'Only lines this recent (lab clock).', 1),
    queryParam('sinceTime', 'Only lines from this RFC 3339 time on.', {
      type: 'string',
      format: 'date-time',
    }),
    int('limitBytes', 'At most this many bytes (may end mid-line).', 1),
  ],
  responses: {
    '200': {
      description: 'The log, one line per line; chunked while following.',
      content: { 'text/plain': { schema: { type: 'string' } } },
    },
    '204': { description: 'The pod is not scheduled yet: no log.' },
    ...failures(ex, [400, 404, 422, 429]),
  },
});

/** GET /api/v1/namespaces/{ns}/pods/{name}/log. */
export function podLogRoutes(ex: Examples): RouteDoc[] {
  return [
    { method: 'get', path: '/api/v1/namespaces/{ns}/pods/{name}/log', operation: operation(ex) },
  ];
}
