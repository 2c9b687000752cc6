// Declarative checks a grader runs against a lab: what each type asks, as plain data.

interface CheckBase {
  /** Unique within one list; names the check in results and reports. */
  id: string;
  /** What the check is worth; a check scores all of it or nothing. */
  points: number;
  /** Shown to the student when the check fails. */
  hint?: string;
}

/** An object of `kind` named `name` exists (Endpoints are the derived ones). */
export interface ObjectExistsCheck extends CheckBase {
  type: 'objectExists';
  kind: string;
  namespace?: string;
  name: string;
}

/** The value at `path` (`spec.ports[0].nodePort`, `metadata.labels["app"]`) equals `value`. */
export interface FieldEqualsCheck extends CheckBase {
  type: 'fieldEquals';
  kind: string;
  namespace?: string;
  name: string;
  path: string;
  value: unknown;
}

/**
 * The Service exists and has a port with these numbers (each optional). `serviceType` is the
 * Service's `spec.type` (the check's own `type` field is taken by the check type).
 */
export interface ServiceExposesCheck extends CheckBase {
  type: 'serviceExposes';
  service: string;
  namespace?: string;
  serviceType?: string;
  port?: number;
  targetPort?: number | string;
  nodePort?: number;
}

/** The Service has at least `min` ready endpoint addresses. */
export interface ReadyEndpointsCheck extends CheckBase {
  type: 'readyEndpoints';
  service: string;
  namespace?: string;
  min: number;
}

/** Where simulated requests start: a client outside the cluster, or a node inside it. */
export type TrafficOrigin = 'outside' | 'cluster';

interface RequestTarget {
  /** A node or external IP from outside; from the cluster also a ClusterIP, pod IP or DNS name. */
  address: string;
  port: number;
  path?: string;
  from?: TrafficOrigin;
  clientIp?: string;
  /** The pod the request leaves from (`name` or `namespace/name`): from the cluster, with its IP. */
  fromPod?: string;
}

/** Where a configured client reads the address it dials: a key of a ConfigMap (a host or an IP). */
export interface AddressSource {
  configMap: string;
  namespace?: string;
  key: string;
}

/**
 * One simulated request to address:port gets an answer (with `status`, containing `bodyContains`).
 * With `addressFrom` instead of `address`, it dials what the ConfigMap says, as the client it
 * configures would; `fromNamespace` is the calling pod's namespace (its DNS search list). With
 * `requests`, every one of that many does.
 */
export interface ReachableCheck extends CheckBase, Omit<RequestTarget, 'address'> {
  type: 'reachable';
  address?: string;
  addressFrom?: AddressSource;
  fromNamespace?: string;
  bodyContains?: string;
  status?: number;
  requests?: number;
}

/** Every simulated request to address:port times out: a firewall rule or a NetworkPolicy drops it. */
export interface UnreachableCheck extends CheckBase, RequestTarget {
  type: 'unreachable';
  requests?: number;
}

/** Of `requests` simulated requests to address:port, at least `min` different pods answer. */
export interface DistinctPodsCheck extends CheckBase, RequestTarget {
  type: 'distinctPods';
  requests: number;
  min: number;
}

/**
 * Simulated in-cluster requests to the Service spread evenly over its endpoints: every pod's count
 * is within `tolerance` (a fraction, 0.2 = 20%) of an even share.
 */
export interface EvenDistributionCheck extends CheckBase {
  type: 'evenDistribution';
  service: string;
  namespace?: string;
  /** The service port to send to; default its first. */
  port?: number;
  requests?: number;
  tolerance: number;
}

/** The cloud firewall allows (or, with `allowed: false`, drops) a connection to a node's port. */
export interface FirewallAllowsCheck extends CheckBase {
  type: 'firewallAllows';
  port: number;
  protocol?: 'TCP' | 'UDP';
  clientIp?: string;
  allowed: boolean;
}

/**
 * The Service debugger's checklist passes for the Service (reached at `address:port` from
 * `clientIp` when given): no step fails, or, with `step`, that step passed.
 */
export interface ServiceDebugCheck extends CheckBase {
  type: 'serviceDebug';
  service: string;
  namespace?: string;
  address?: string;
  port?: number;
  clientIp?: string;
  step?: string;
}

export type Check =
  | ObjectExistsCheck
  | FieldEqualsCheck
  | ServiceExposesCheck
  | ReadyEndpointsCheck
  | ReachableCheck
  | UnreachableCheck
  | DistinctPodsCheck
  | EvenDistributionCheck
  | FirewallAllowsCheck
  | ServiceDebugCheck;

export type CheckType = Check['type'];

export const CHECK_TYPES: readonly CheckType[] = [
  'objectExists',
  'fieldEquals',
  'serviceExposes',
  'readyEndpoints',
  'reachable',
  'unreachable',
  'distinctPods',
  'evenDistribution',
  'firewallAllows',
  'serviceDebug',
];

/** The outcome of one check. */
export interface CheckResult {
  id: string;
  type: CheckType;
  passed: boolean;
  /** Points earned: all of the check's points or none. */
  points: number;
  maxPoints: number;
  /** What was expected and what was found. */
  message: string;
  /** The check's hint, given when it failed. */
  hint?: string;
}

export interface GradeResult {
  score: number;
  maxScore: number;
  /** Every check passed. */
  passed: boolean;
  checks: CheckResult[];
}
