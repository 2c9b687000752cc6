// The Service debugger's routes (src/http/lab-api/debug.ts).
import {
  type Examples,
  failures,
  jsonResponse,
  pathParam,
  queryParam,
  type RouteDoc,
} from './operations';

const TAGS = ['Traffic'];
const CLIENT = queryParam(
  'clientIp',
  "The client's address (default 192.168.1.10), for the firewall and source ranges.",
  {
    type: 'string',
    format: 'ipv4',
  },
);
const STEPS =
  "Each step of Kubernetes' \"Debug Services\" checklist, `passed`, `failed` or `skipped`, with the evidence the lab's state shows and a hint where it failed: the address, the Service in that namespace, its selector (and the labels that almost match), Ready pods, endpoints, targetPort against what the containers listen on, protocol, nodePort, Local's nodes with endpoints, the cloud firewall, loadBalancerSourceRanges. `firstFailure` is where to look first.";

/** GET /debug/services/{ns}/{name} and GET /debug/connections/{ip}/{port}. */
export function debugRoutes(ex: Examples): RouteDoc[] {
  return [
    {
      method: 'get',
      path: '/debug/services/{namespace}/{name}',
      operation: {
        tags: TAGS,
        operationId: 'debugService',
        summary: 'Walk the "Debug Services" checklist for a Service',
        description: `${STEPS} With \`ip\` and \`port\` it also judges that address (a node, an external or load-balancer IP, or a ClusterIP from outside).`,
        parameters: [
          pathParam('namespace', 'The namespace.', 'default'),
          pathParam('name', 'The Service.', 'nginx-nodeport-service'),
          queryParam('ip', 'The address the client dials.', { type: 'string', format: 'ipv4' }),
          queryParam('port', 'The port the client dials.', {
            type: 'integer',
            minimum: 1,
            maximum: 65535,
          }),
          CLIENT,
        ],
        responses: {
          '200': jsonResponse(ex, 'The checklist.', 'DebugReport', ['debug-service']),
          ...failures(ex, [400]),
        },
      },
    },
    {
      method: 'get',
      path: '/debug/connections/{ip}/{port}',
      operation: {
        tags: TAGS,
        operationId: 'debugConnection',
        summary: 'Walk the checklist for a connection to ip:port',
        description: `The Service a client reaches at ip:port (a node and a nodePort, an external or load-balancer address and a service port), then the checklist for it. ${STEPS}`,
        parameters: [
          pathParam('ip', 'The address the client dials.', '192.168.1.3'),
          pathParam('port', 'The port.', '30999'),
          CLIENT,
        ],
        responses: {
          '200': jsonResponse(ex, 'The checklist.', 'DebugReport', ['debug-connection']),
          ...failures(ex, [400]),
        },
      },
    },
  ];
}
