// The part of routing shared by every entry (nodePort, externalIP, load balancer, ClusterIP): apply
// the traffic policy, let kube-proxy pick an endpoint, DNAT to the pod and let its container answer.
import type { Service } from '../../schema/kube/service';
import { deliverToPod, type Delivery } from './pod-delivery';
import { curlRefused, curlTimeout } from './curl-errors';
import { selectEndpoint, type BalancerContext } from './kube-proxy';
import { programmedOf, sharePart, type ProgrammedRules } from './programmed-rules';
import { affinityTimeout, serviceRef } from './service-facts';
import type {
  EndpointTarget,
  HitUpdate,
  NodeInfo,
  ProxyDecision,
  ProxyRule,
  RouteDecision,
  ServicePortMatch,
  StateUpdates,
} from './types';

/** Everything decided before kube-proxy balances: which service port, where, and who the client is. */
export interface ForwardInput extends Delivery {
  service: Service;
  portIndex: number;
  match: ServicePortMatch;
  node: NodeInfo;
  policy: 'Cluster' | 'Local';
  policyField: 'externalTrafficPolicy' | 'internalTrafficPolicy';
  /** Source address kube-proxy sees (the affinity key). */
  clientIp: string;
  masqueraded: boolean;
  /** The `ip:port` kube-proxy matched (node IP:nodePort, external IP:port, ClusterIP:port). */
  virtualServer: string;
}

function failure(
  input: ForwardInput,
  outcome: 'connection_refused' | 'timeout',
  message: string,
): RouteDecision {
  const { host, port } = input.dialed;
  const curlError = outcome === 'timeout' ? curlTimeout(host, port) : curlRefused(host, port);
  return {
    outcome,
    message,
    curlError,
    receivingNode: input.node,
    service: input.match,
    updates: {},
  };
}

function balancerContext(input: ForwardInput, candidates: EndpointTarget[]): BalancerContext {
  const { match } = input;
  const service: BalancerContext['service'] = { namespace: match.namespace, name: match.name };
  if (match.portName) service.portName = match.portName;
  const { virtualServer } = input;
  const ctx: BalancerContext = {
    mode: input.view.proxyMode,
    service,
    protocol: match.protocol,
    policy: input.policy,
    candidates,
    virtualServer,
  };
  const timeout = affinityTimeout(input.service);
  if (timeout !== undefined) ctx.affinityTimeoutSeconds = timeout;
  const programmed = programmedOf(input.view);
  if (programmed) ctx.programmed = programmed;
  return ctx;
}

/** Keys of the per-node state kube-proxy keeps: the ClientIP affinity entry and the IPVS scheduler. */
export function stateKeys(
  input: ForwardInput,
  ctx: BalancerContext,
): { affinity: string; rr: string } {
  const { match, node } = input;
  const portId = `${match.namespace}/${match.name}:${match.portName ?? match.port}/${match.protocol}`;
  return {
    affinity: `affinity/${node.name}/${portId}/${input.clientIp}`,
    rr: `rr/${node.name}/${ctx.virtualServer}/${match.protocol}`,
  };
}

/** kube-proxy's choice among `candidates`, with the state writes it implies. */
function balance(input: ForwardInput, candidates: EndpointTarget[]) {
  const { draws } = input;
  const ctx = balancerContext(input, candidates);
  const sticky = ctx.affinityTimeoutSeconds !== undefined;
  // The keys are only built where kube-proxy keeps memory: ipvs and ClientIP affinity.
  const keys = sticky || ctx.mode === 'ipvs' ? stateKeys(input, ctx) : undefined;
  const selection = selectEndpoint(ctx, {
    random: draws.random,
    rrCounter: keys && ctx.mode === 'ipvs' ? draws.rrCounter(keys.rr) : 0,
    previous: keys && sticky ? draws.affinity(keys.affinity) : undefined,
    now: draws.now,
  });
  const updates: StateUpdates = {};
  if (keys && selection.affinity) {
    updates.affinity = { key: keys.affinity, record: selection.affinity };
  }
  if (keys && selection.usedRoundRobin) updates.rrCounterKey = keys.rr;
  return { selection, updates, virtualServer: ctx.virtualServer };
}

/** Endpoints the traffic policy leaves on the receiving node, or the failure when there are none. */
function admit(input: ForwardInput): RouteDecision | ProxyDecision {
  const all = input.view.endpoints(input.service, input.portIndex);
  if (all.length === 0) {
    const hint = input.service.spec?.selector === undefined ? ' (it has no selector)' : '';
    const message = `service ${serviceRef(input.service)} has no endpoints${hint}`;
    return failure(input, 'connection_refused', message);
  }
  const here = input.node.name;
  const candidates = input.policy === 'Local' ? all.filter((ep) => ep.nodeName === here) : all;
  const proxy: ProxyDecision = {
    mode: input.view.proxyMode,
    trafficPolicy: input.policy,
    candidates,
    totalEndpoints: all.length,
    affinityHit: false,
    masqueraded: input.masqueraded,
  };
  if (candidates.length > 0) return proxy;
  const message = `no local endpoints on ${input.node.name} and ${input.policyField} is Local`;
  const decision = failure(input, 'timeout', message);
  decision.proxy = proxy;
  return decision;
}

/**
 * Decisions that came out the same, per rule (describeRule hands out one object per rule it
 * programmed): shared parts of the programmed state, like the rules, so that every connection
 * kube-proxy decided alike refers to one object (and the answer serialises it once).
 */
function decided(
  program: ProgrammedRules | undefined,
  proxy: ProxyDecision,
  rule: ProxyRule,
  affinityHit: boolean,
): ProxyDecision {
  if (!program) return sharePart({ ...proxy, rule, affinityHit });
  let byFields = program.decisions.get(rule);
  if (!byFields) program.decisions.set(rule, (byFields = new Map()));
  // The rule already fixes the mode, the policy and the candidates.
  const key = `${proxy.totalEndpoints}${proxy.masqueraded ? 'm' : ''}${affinityHit ? 'a' : ''}`;
  let shared = byFields.get(key);
  if (!shared) byFields.set(key, (shared = sharePart({ ...proxy, rule, affinityHit })));
  return shared;
}

/** Routes a connection that matched service port `portIndex` on `node`, as kube-proxy there would. */
export function forwardToService(input: ForwardInput): RouteDecision {
  const admitted = admit(input);
  if ('outcome' in admitted) return admitted;
  const { selection, updates, virtualServer } = balance(input, admitted.candidates);
  const program = programmedOf(input.view);
  const proxy = decided(program, admitted, selection.rule, selection.affinityHit);
  const { node, match } = input;
  const ep = selection.endpoint;
  const message = `${node.name} forwarded ${virtualServer} to pod ${ep.podName} (${ep.podIP}:${ep.port}) of service ${serviceRef(input.service)}`;
  const pod = input.view.pods.find(
    (p) =>
      p.metadata.name === ep.podName && (p.metadata.namespace ?? 'default') === ep.podNamespace,
  );
  const base: RouteDecision = {
    outcome: 'ok',
    message,
    receivingNode: node,
    service: match,
    proxy,
    updates,
  };
  const decision = deliverToPod(pod, ep, input, base);
  if (decision.outcome !== 'ok') return decision;
  if (updates.affinity || updates.rrCounterKey) updates.hit = hitOf(ep, match, node.name);
  else decision.updates = hitOnly(program, ep, match, node.name);
  return decision;
}

function hitOf(ep: EndpointTarget, match: ServicePortMatch, entryNode: string): HitUpdate {
  const { namespace, name: service } = match;
  return { namespace, service, pod: ep.podName, node: ep.nodeName, entryNode };
}

/** `{ hit }` for an endpoint the state programmed: one shared part per endpoint (see decided). */
function hitOnly(
  program: ProgrammedRules | undefined,
  ep: EndpointTarget,
  match: ServicePortMatch,
  entryNode: string,
): StateUpdates {
  if (!program?.owns(ep)) return { hit: hitOf(ep, match, entryNode) };
  let shared = program.hitUpdates.get(ep);
  const hit = shared?.hit;
  if (
    !hit ||
    hit.namespace !== match.namespace ||
    hit.service !== match.name ||
    hit.entryNode !== entryNode
  ) {
    const fresh = sharePart(hitOf(ep, match, entryNode));
    program.hitUpdates.set(ep, (shared = sharePart({ hit: fresh })));
  }
  return shared as StateUpdates;
}
