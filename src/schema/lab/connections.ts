// What the request routes and /hits answer: the account of each simulated connection (kube-proxy's
// decision, the pod's answer) and the hit distribution with its chi-square test.
import { z } from 'zod';
import { NodeInfo, ProxyMode } from './answers';

const int = () => z.number().int();
const dateTime = () => z.string().meta({ format: 'date-time' });

export const EndpointTarget = z.strictObject({
  podName: z.string(),
  podNamespace: z.string(),
  podIP: z.string(),
  nodeName: z.string(),
  port: int(),
  protocol: z.string(),
});

export const ServicePortMatch = z
  .strictObject({
    namespace: z.string(),
    name: z.string(),
    type: z.string(),
    via: z.enum(['nodePort', 'externalIP', 'loadBalancer', 'clusterIP']),
    portName: z.string().optional(),
    port: int(),
    nodePort: int().optional(),
    targetPort: z.union([int(), z.string()]),
    protocol: z.string(),
    clusterIP: z.string().optional(),
  })
  .meta({ description: 'The Service and the one port mapping the connection matched.' });

export const ProxyRule = z
  .strictObject({
    kind: z.enum([
      'iptables-statistic',
      'iptables-recent',
      'nft-numgen',
      'nft-affinity',
      'ipvs-rr',
      'ipvs-persistent',
    ]),
    chain: z.string(),
    endpointChain: z.string().optional(),
    index: int(),
    of: int(),
    probability: z.number().optional(),
    probabilityText: z.string().optional(),
    text: z.string(),
  })
  .meta({ description: 'The kube-proxy rule that sent the connection to its endpoint.' });

export const ProxyDecision = z.strictObject({
  mode: ProxyMode,
  trafficPolicy: z.enum(['Cluster', 'Local']),
  candidates: z.array(EndpointTarget),
  totalEndpoints: int(),
  rule: ProxyRule.optional(),
  affinityHit: z.boolean(),
  masqueraded: z.boolean(),
});

export const PodTarget = z.strictObject({
  name: z.string(),
  namespace: z.string(),
  ip: z.string(),
  node: z.string(),
  targetPort: int(),
});

export const PodResponse = z
  .strictObject({ status: int(), headers: z.record(z.string(), z.string()), body: z.string() })
  .meta({ description: 'What the container sent back.' });

const HitUpdate = z.strictObject({
  namespace: z.string(),
  service: z.string(),
  pod: z.string(),
  node: z.string().meta({ description: "The pod's node." }),
  entryNode: z
    .string()
    .meta({ description: 'The node the connection entered, whose kube-proxy forwarded it.' }),
});

const FirewallPassage = z
  .strictObject({ name: z.string(), allowed: z.boolean(), rule: z.string().optional() })
  .meta({ description: "The cloud firewall's verdict (present when the lab has a firewall)." });

const LoadBalancerPassage = z
  .strictObject({
    address: z.string(),
    node: z.string().meta({ description: 'The backend node the balancer sent the connection to.' }),
    healthyNodes: z.array(z.string()),
    failOpen: z.boolean().meta({ description: 'No node was healthy: the balancer used them all.' }),
    healthCheckNodePort: int().optional(),
  })
  .meta({
    description: 'How the cloud load balancer spread a connection to a LoadBalancer address.',
  });

const PolicySide = z.strictObject({
  policies: z
    .array(z.string())
    .meta({ description: '`namespace/name` of each policy that isolates the pod this way.' }),
  allowedBy: z.string().optional().meta({ description: 'The policy whose rule let it through.' }),
  fromOwnNode: z
    .boolean()
    .optional()
    .meta({ description: "Allowed because it came from the pod's own node." }),
});

const NetworkPolicyPassage = z
  .strictObject({
    allowed: z.boolean(),
    sourceIp: z.string().meta({
      description: "The source address the pod's policies judged, after kube-proxy's SNAT.",
    }),
    egress: PolicySide.optional().meta({ description: "The client pod's egress policies." }),
    ingress: PolicySide.optional().meta({ description: "The target pod's ingress policies." }),
    deniedBy: z.string().optional(),
    reason: z.string().optional(),
  })
  .meta({
    description:
      'The NetworkPolicy verdict, as a CNI enforces it (present when a policy isolates the client or the target pod).',
  });

export const RouteOutcome = z.enum([
  'ok',
  'connection_refused',
  'timeout',
  'no_route',
  'unknown_host',
]);

export const RouteDecision = z
  .strictObject({
    outcome: RouteOutcome,
    message: z.string(),
    curlError: z.string().optional(),
    receivingNode: NodeInfo.optional(),
    service: ServicePortMatch.optional(),
    proxy: ProxyDecision.optional(),
    pod: PodTarget.optional(),
    remoteAddr: z.string().optional(),
    response: PodResponse.optional(),
    firewall: FirewallPassage.optional(),
    networkPolicy: NetworkPolicyPassage.optional(),
    loadBalancer: LoadBalancerPassage.optional(),
    updates: z.strictObject({
      hit: HitUpdate.optional(),
      affinity: z
        .strictObject({
          key: z.string(),
          record: z.strictObject({ podName: z.string(), lastSeen: dateTime() }),
        })
        .optional(),
      rrCounterKey: z.string().optional(),
    }),
  })
  .meta({ description: 'The full account of one simulated connection.' });

export const NodeRequestEcho = z.strictObject({
  ip: z.string(),
  port: int(),
  clientIp: z.string(),
  method: z.string(),
  path: z.string(),
});

export const ClusterRequestEcho = z.strictObject({
  host: z.string(),
  port: int(),
  method: z.string(),
  path: z.string(),
});

export const NodeRouteAnswer = RouteDecision.extend({ request: NodeRequestEcho });
export const ClusterRouteAnswer = RouteDecision.extend({ request: ClusterRequestEcho });

export const PodHits = z.strictObject({
  pod: z.string(),
  node: z.string(),
  podIP: z.string().optional(),
  hits: int(),
  share: z.number().min(0).max(1),
});

export const NodeHits = z.strictObject({
  node: z.string(),
  hits: int(),
  share: z.number().min(0).max(1),
});

export const Distribution = z
  .strictObject({
    total: int(),
    pods: z.array(PodHits),
    nodes: z.array(NodeHits).meta({ description: 'Hits per node the answering pods run on.' }),
    entryNodes: z.array(NodeHits).meta({
      description:
        'Hits per node the connections entered (the node a client sent them to): NodePort does not balance across nodes, the client picks the node.',
    }),
  })
  .meta({ description: 'Hits per pod and per node; the shares sum to 1 when total > 0.' });

const batchAnswer = <T extends z.ZodType>(request: T) =>
  z.strictObject({
    request,
    count: int().min(2),
    outcomes: z.partialRecord(RouteOutcome, int()),
    distribution: Distribution,
    first: RouteDecision,
  });

export const NodeBatchAnswer = batchAnswer(NodeRequestEcho).meta({
  description: '`?count=N` (N > 1): the outcome counts and the per-pod distribution of the batch.',
});
export const ClusterBatchAnswer = batchAnswer(ClusterRequestEcho).meta({
  description: '`?count=N` (N > 1): the outcome counts and the per-pod distribution of the batch.',
});

export const ServiceHitsSummary = Distribution.extend({
  namespace: z.string(),
  service: z.string(),
});

export const HitsOverview = z.strictObject({
  total: int(),
  services: z.array(ServiceHitsSummary),
});
export type HitsOverview = z.infer<typeof HitsOverview>;

export const ServiceHits = ServiceHitsSummary.extend({
  endpoints: z.array(z.string()),
  evenSplit: z
    .strictObject({
      statistic: z.number(),
      degreesOfFreedom: int(),
      pValue: z.number().min(0).max(1),
      observed: z.array(int()),
    })
    .meta({
      description: "Pearson's chi-square test of the endpoints' hits against an even split.",
    }),
});
export type ServiceHits = z.infer<typeof ServiceHits>;
