// The lab's cluster settings: GET/PATCH /cluster (kube-proxy mode, seed), the change stream the
// web page listens to, and POST /cluster/clock.
import {
  type Examples,
  failures,
  jsonBody,
  jsonResponse,
  queryParam,
  type RouteDoc,
} from './operations';

export function clusterRoutes(ex: Examples): RouteDoc[] {
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
