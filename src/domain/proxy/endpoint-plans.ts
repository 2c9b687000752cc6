// What a connection to an endpoint reaches once DNATed: the pod, the target as reported, its
// containers' servers and the server whose access log it lands in. All of it is fixed by the
// committed state, so a programmed endpoint keeps one small record (on its ProgrammedRules) that
// delivery and the access log read, instead of each connection scanning the pod list and looking
// the pod up in process-wide caches: with requests spread over 1,000 labs those scans and lookups
// were cache misses costing several µs a request (a lab's state does not stay in the CPU caches).
import type { Pod } from '../../schema/kube/pod';
import { containerServers, serverOn, type ContainerServer } from '../kubelet/containers/answers';
import { currentRun } from '../kubelet/logs/container-log';
import { programmedOf, sharePart, type ProgrammedRules } from './programmed-rules';
import type { EndpointTarget, PodTarget, TrafficView } from './types';

/** The container credited with a connection's access line, and its current run (container ID). */
export interface LoggingServer {
  server: ContainerServer;
  run: string;
  /** Its last access line and what made it (typed by logs/line-formats.ts, which imports this module). */
  lastLine?: unknown;
}

/** One endpoint's destination: everything but the request that a delivery to it reads. */
export interface EndpointPlan {
  readonly pod: Pod | undefined;
  /** The pod as the decision reports it (a shared part when the endpoint was programmed). */
  readonly target: PodTarget;
  readonly configMaps: TrafficView['configMaps'];
  /** The programmed rules that keep this plan (none for a one-connection plan). */
  readonly program?: ProgrammedRules;
  /** containerServers(pod), looked up on first use. */
  servers?: ContainerServer[];
  /** The server listening on the target port (null: none), on first use. */
  listening?: ContainerServer | null;
  /** The server listening on the target port and its run, or null when none logs; on first use. */
  logging?: LoggingServer | null;
}

/** What a programmed state keeps (its ProgrammedRules' `endpointPlans`): plans by endpoint and by target. */
interface EndpointTables {
  byEndpoint: Map<EndpointTarget, EndpointPlan>;
}

/**
 * A programmed target's way back to its plan: read from the target the decision carries, where
 * a table per program cost a cache miss or two per access line spread over 1,000 labs.
 */
const PLAN = Symbol('endpoint plan');
type Planned = { [PLAN]?: EndpointPlan };

function tablesOf(program: ProgrammedRules): EndpointTables {
  program.endpointPlans ??= { byEndpoint: new Map() };
  return program.endpointPlans as EndpointTables;
}

function targetOf(ep: EndpointTarget): PodTarget {
  return {
    name: ep.podName,
    namespace: ep.podNamespace,
    ip: ep.podIP,
    node: ep.nodeName,
    targetPort: ep.port,
  };
}

/** The pod an endpoint names (kube-proxy's endpoints carry the pod's namespace and name). */
function podOf(view: TrafficView, ep: EndpointTarget): Pod | undefined {
  return view.pods.find(
    (p) =>
      p.metadata.name === ep.podName && (p.metadata.namespace ?? 'default') === ep.podNamespace,
  );
}

/**
 * The plan of a connection to `ep`. An endpoint the state programmed gets one plan for the state's
 * lifetime; any other (a copy made for one connection) gets a fresh one.
 */
export function endpointPlan(view: TrafficView, ep: EndpointTarget): EndpointPlan {
  const program = programmedOf(view);
  if (!program?.owns(ep)) return reaching(view, ep, podOf(view, ep));
  const tables = tablesOf(program);
  let plan = tables.byEndpoint.get(ep);
  if (!plan) {
    const target = targetOf(ep);
    plan = { pod: podOf(view, ep), target, configMaps: view.configMaps, program };
    // The target leads back to its plan (planOfTarget), under a key JSON and spreads never see.
    Object.defineProperty(target, PLAN, { value: plan });
    sharePart(target);
    tables.byEndpoint.set(ep, plan);
  }
  return plan;
}

/** A one-connection plan of `ep` reaching `pod` (found by the caller; undefined: it is gone). */
export function reaching(
  view: TrafficView,
  ep: EndpointTarget,
  pod: Pod | undefined,
): EndpointPlan {
  return { pod, target: targetOf(ep), configMaps: view.configMaps };
}

/** The pod's servers, in container order (undefined when the pod no longer exists). */
export function planServers(plan: EndpointPlan): ContainerServer[] | undefined {
  if (!plan.pod) return undefined;
  return (plan.servers ??= containerServers(plan.pod, plan.configMaps));
}

/** The running server a connection to `port` of the pod reaches (kept for the target port). */
export function planServer(plan: EndpointPlan, port: number): ContainerServer | undefined {
  if (port !== plan.target.targetPort) {
    const servers = planServers(plan);
    return servers && serverOn(servers, port);
  }
  if (plan.listening === undefined) {
    const servers = planServers(plan);
    plan.listening = (servers && serverOn(servers, port)) ?? null;
  }
  return plan.listening ?? undefined;
}

/** `server` of `pod` with its current run, or undefined when either is missing. */
export function loggingOn(
  pod: Pod | undefined,
  server: ContainerServer | undefined,
): LoggingServer | undefined {
  const run = pod && server && currentRun(pod, server.container);
  return server && run ? { server, run } : undefined;
}

/** The server that logs a connection to the target port and its run (undefined: none does). */
export function planLogging(plan: EndpointPlan): LoggingServer | undefined {
  if (plan.logging === undefined) {
    plan.logging = loggingOn(plan.pod, planServer(plan, plan.target.targetPort)) ?? null;
  }
  return plan.logging ?? undefined;
}

/** The plan a reported target came from, if `view` programmed it (see endpointPlan). */
export function planOfTarget(view: TrafficView, target: PodTarget): EndpointPlan | undefined {
  const planned = (target as Planned)[PLAN];
  return planned && planned.program === programmedOf(view) ? planned : undefined;
}
