// Which failing answers the hostile suite lets pass: the 5xx that kube-apiserver itself answers,
// and the simulated answers of the request routes.

/** One generated request of the hostile suite. */
export interface HostileRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /**
   * 'never': the request must leave the lab as it was whatever it answers (reads, checks, dry
   * runs); 'maybe': it may change it though its method reads (a request route records hits).
   */
  changes?: 'never' | 'maybe';
  /** The answer may stream (a watch): cut after a while, not a failure. */
  streams?: boolean;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The body was still streaming when the harness cut it. */
  cut: boolean;
}

interface StatusBody {
  kind?: unknown;
  message?: unknown;
}

function statusBody(answer: Answer): StatusBody | undefined {
  if (!answer.text.startsWith('{')) return undefined;
  try {
    const body = JSON.parse(answer.text) as StatusBody;
    return body.kind === 'Status' ? body : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `path` is a request route (`/nodes/:ip/:port/request...`, `/cluster/...`). */
export function isRequestRoute(path: string): boolean {
  return REQUEST_ROUTE.test(path.replace(/^\/k8s\/[^/]+/, ''));
}

/**
 * The headers rule (docs/security.md): every answer says nosniff; a request route's raw answer
 * (the simulated pod's own body) runs under a sandboxing CSP and sets no real cookie.
 */
export function headerProblems(req: HostileRequest, answer: Answer): string[] {
  const problems: string[] = [];
  // Node answers a few requests before the app sees them, with no body: its HTTP parser (431
  // for a head over 16 KiB), @hono/node-server (400 text/plain for an empty Host). Nothing to
  // sniff or run there.
  if (answer.text === '') return problems;
  if (answer.headers['x-content-type-options'] !== 'nosniff') problems.push('no nosniff');
  if (
    isRequestRoute(req.path) &&
    answer.headers['content-type']?.includes('application/json') !== true
  ) {
    if (answer.headers['set-cookie'] !== undefined) problems.push('a simulated Set-Cookie was set');
    if (!/^sandbox;/.test(answer.headers['content-security-policy'] ?? '')) {
      problems.push('a raw simulated answer without the sandbox CSP');
    }
  }
  return problems;
}

/** Our own rejection (a Kubernetes Status), as opposed to a simulated pod's 4xx answer. */
export function isStatusAnswer(answer: Answer): boolean {
  return statusBody(answer) !== undefined;
}

const REQUEST_ROUTE = /^\/(nodes|cluster)\/[^/]+\/[^/]+\/request(\/|\?|$)/;

/**
 * The 5xx a request may get. Each is what kube-apiserver answers (shared/K8S_FACTS.md §3 and
 * K8S_FACTS_2.md §9, from pkg/registry/core/service/storage/alloc.go), or a simulation's answer.
 */
const ALLOWED_5XX: { why: string; message: RegExp }[] = [
  {
    why: 'a full nodePort range: kube-apiserver answers 500 InternalError',
    message: /^Internal error occurred: failed to allocate a nodePort: range is full$/,
  },
  {
    why: 'a full service CIDR: kube-apiserver answers 500 InternalError',
    message: /^Internal error occurred: failed to allocate a serviceIP: range is full$/,
  },
  {
    why: "an object over etcd's 1.5 MiB: kube-apiserver passes etcd's error on as a 500 (docs/limits.md)",
    message: /^etcdserver: request is too large$/,
  },
  {
    why: 'a taken healthCheckNodePort: kube-apiserver answers 500 InternalError',
    message:
      /^Internal error occurred: failed to allocate requested HealthCheck NodePort \d+: provided port is already allocated$/,
  },
  {
    why: "two ports sharing one nodePort on update: updateNodePorts' bare error, a 500 without a reason (docs/fidelity-services.md)",
    message: /^duplicate nodePort: \{(TCP|UDP|SCTP) \d+\}$/,
  },
];

/** True for a 5xx that is not a fault: see ALLOWED_5XX, plus the request routes' simulations. */
export function allowed5xx(req: HostileRequest, answer: Answer): boolean {
  const status = statusBody(answer);
  // A request route answers the simulated pod's status (nginx `return 500`), 502 for a refused
  // connection or no route, 504 for a timeout (docs/requests.md): these are not our errors.
  if (isRequestRoute(req.path)) return status === undefined;
  const message = typeof status?.message === 'string' ? status.message : '';
  return answer.status === 500 && ALLOWED_5XX.some((a) => a.message.test(message));
}
