// The slices of API answers the page reads (Kubernetes objects and NodePort Lab's own answers).

export interface Meta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  uid?: string;
  ownerReferences?: { kind: string; name: string }[];
  deletionTimestamp?: string;
}

export interface List<T> {
  items: T[];
  metadata?: { resourceVersion?: string };
}

export interface NodeObject {
  metadata: Meta;
  status?: { addresses?: { type: string; address: string }[] };
}

export interface ContainerStatus {
  name: string;
  ready: boolean;
  restartCount?: number;
  state?: { waiting?: { reason?: string; message?: string }; running?: unknown };
  lastState?: { terminated?: { reason?: string; message?: string } };
}

export interface Pod {
  metadata: Meta;
  spec?: {
    nodeName?: string;
    containers?: { name: string; ports?: { containerPort: number; name?: string }[] }[];
    volumes?: { name: string; configMap?: { name?: string } }[];
  };
  status?: {
    phase?: string;
    podIP?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: ContainerStatus[];
  };
}

export interface ServicePort {
  name?: string;
  port: number;
  nodePort?: number;
  targetPort?: number | string;
  protocol?: string;
}

export interface Service {
  metadata: Meta;
  spec?: {
    type?: string;
    clusterIP?: string;
    selector?: Record<string, string>;
    ports?: ServicePort[];
    externalIPs?: string[];
  };
  status?: { loadBalancer?: { ingress?: { ip?: string }[] } };
}

export interface Workload {
  metadata: Meta;
  spec?: { replicas?: number };
  status?: { readyReplicas?: number };
}

export interface Share {
  hits: number;
  share: number;
}

export interface ServiceHits {
  namespace: string;
  service: string;
  total: number;
  pods: ({ pod: string; node: string; podIP?: string } & Share)[];
  nodes: ({ node: string } & Share)[];
  /** Added by the traffic work: the node each request entered. */
  entryNodes?: ({ node: string } & Share)[];
  evenSplit?: { pValue: number; statistic: number; degreesOfFreedom: number };
}

export interface HitsOverview {
  total: number;
  services: ServiceHits[];
}

export interface ClusterInfo {
  lab: string;
  proxyMode: string;
  nodes: { name: string; ip: string; roles: string[] }[];
}

export interface RouteAnswer {
  outcome: 'ok' | 'connection_refused' | 'timeout' | 'no_route' | 'unknown_host';
  message: string;
  curlError?: string;
  receivingNode?: { name: string; ip: string };
  service?: {
    namespace: string;
    name: string;
    type: string;
    via: string;
    port: number;
    nodePort?: number;
    targetPort: number | string;
    protocol: string;
    clusterIP?: string;
  };
  proxy?: {
    mode: string;
    trafficPolicy: string;
    candidates: { podName: string; podIP: string; nodeName: string }[];
    totalEndpoints: number;
    rule?: { text: string; index: number; of: number };
    affinityHit: boolean;
    masqueraded: boolean;
  };
  pod?: { name: string; namespace: string; ip: string; node: string; targetPort: number };
  remoteAddr?: string;
  response?: { status: number; headers: Record<string, string>; body: string };
  firewall?: { name: string; allowed: boolean; rule?: string };
  loadBalancer?: { address: string; node: string; healthyNodes: string[]; failOpen: boolean };
  request: { ip: string; port: number; clientIp: string; method: string; path: string };
}

/** GET /debug/connections/:ip/:port: the "Debug Services" checklist (src/schema/lab/debug.ts). */
export interface DebugReport {
  service?: { namespace: string; name: string };
  steps: {
    step: string;
    title: string;
    result: 'passed' | 'failed' | 'skipped';
    evidence: string[];
    hint?: string;
  }[];
  firstFailure?: string;
}

export interface BatchAnswer {
  count: number;
  outcomes: Partial<Record<RouteAnswer['outcome'], number>>;
  distribution: {
    total: number;
    pods: ({ pod: string; node: string } & Share)[];
    entryNodes?: ({ node: string } & Share)[];
  };
  first: RouteAnswer;
}

export interface LabDetail {
  id: string;
  name: string;
  template: string | null;
  createdAt: string;
  expiresAt: string | null;
  /** The latest lesson grade the API kept; gradedAt is wall time. */
  latestScore: { points: number; maxPoints: number; gradedAt: string } | null;
  usage?: { objects: number; pods: number };
  quota?: { objects: number; pods: number; requestsPerBatch: number };
}

export interface Template {
  id: string;
  title: string;
  tutorial: string;
  description: string;
  maxScore: number;
  checks?: { id: string; type: string; points: number; hint?: string }[];
}

export interface Grade {
  score: number;
  maxScore: number;
  passed: boolean;
  checks: {
    id: string;
    type: string;
    passed: boolean;
    points: number;
    maxPoints: number;
    message: string;
    hint?: string;
  }[];
}
