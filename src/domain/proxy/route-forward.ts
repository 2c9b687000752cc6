// The part of routing shared by every entry (nodePort, externalIP, load balancer, ClusterIP): apply
// the traffic policy, let kube-proxy pick an endpoint, DNAT to the pod and let its container answer.
import type { Service } from '../../schema/kube/service';
import { endpointPlan, type EndpointPlan } from './endpoint-plans';
import { deliverToPod, type Delivery } from './pod-delivery';
import { curlRefused, curlTimeout } from './curl-errors';
import { selectEndpoint, uniformIndex, type BalancerContext } from './kube-proxy';
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
  /**
   * Where to keep this route's plans, when the caller keeps one slot per route whose service port,
   * receiving node and virtual server the state fixes (route.ts's entry plans); else per call.
   */
  plans?: ForwardPlans;
}

/** One route's forward plans, per traffic policy and masquerading (see planSlot). */
export type ForwardPlans = (ForwardPlan | undefined)[];

/**
 * What kube-proxy's rules fix for one route: the endpoints the policy admits and the balancer's
 * context, then per candidate what reaching it means. A kept plan lives as long as the programmed
 * state; a connection then reads these few objects instead of the services, pods and rule tables.
 */
interface ForwardPlan {
  /** Undefined when kube-proxy refuses (no endpoints, none local): built per connection then. */
  readonly admitted: ProxyDecision | undefined;
  readonly ctx: BalancerContext | undefined;
  readonly kept: boolean;
  /**
   * A kept plan whose kube-proxy draws uniformly (iptables or nftables, no ClientIP affinity):
   * its candidates' count, else 0. Such a draw writes no state, so a step's decision, once made,
   * is the decision of every connection the draw sends there.
   */
  readonly uniform: number;
  readonly steps: (ForwardStep | undefined)[];
}

/** A candidate of a plan: the message of forwarding to it, where it leads, its shared parts. */
interface ForwardStep {
  readonly ep: EndpointTarget;
  readonly message: string;
  readonly endpoint: EndpointPlan;
  /** The last decision made for it, and the rule and affinity hit that fixed it (read here). */
  proxy?: ProxyDecision;
  rule?: ProxyRule;
  affinityHit?: boolean;
  hit?: StateUpdates;
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
function balance(input: ForwardInput, ctx: BalancerContext) {
  const { draws } = input;
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
  return { selection, updates };
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

const planSlot = (input: ForwardInput): number =>
  (input.policy === 'Local' ? 2 : 0) + (input.masqueraded ? 1 : 0);

function forwardPlan(input: ForwardInput): ForwardPlan {
  const slot = input.plans;
  const known = slot?.[planSlot(input)];
  if (known) return known;
  const admitted = admit(input);
  const proxy = 'outcome' in admitted ? undefined : admitted;
  const ctx = proxy && balancerContext(input, proxy.candidates);
  if (ctx && slot) {
    ctx.writtenPlain = [];
    ctx.writtenSticky = [];
  }
  const uniform =
    slot && ctx && ctx.mode !== 'ipvs' && ctx.affinityTimeoutSeconds === undefined
      ? ctx.candidates.length
      : 0;
  const plan: ForwardPlan = { admitted: proxy, ctx, kept: slot !== undefined, uniform, steps: [] };
  if (slot) slot[planSlot(input)] = plan;
  return plan;
}

function forwardStep(
  plan: ForwardPlan,
  input: ForwardInput,
  index: number,
  ep: EndpointTarget,
): ForwardStep {
  const known = plan.steps[index];
  if (known?.ep === ep) return known;
  const { node, virtualServer } = input;
  const message = `${node.name} forwarded ${virtualServer} to pod ${ep.podName} (${ep.podIP}:${ep.port}) of service ${serviceRef(input.service)}`;
  const step: ForwardStep = { ep, message, endpoint: endpointPlan(input.view, ep) };
  if (plan.kept) plan.steps[index] = step;
  return step;
}

/** decided() for a kept plan: the step keeps its decision, one per rule and affinity hit. */
function stepDecision(
  step: ForwardStep,
  proxy: ProxyDecision,
  rule: ProxyRule,
  affinityHit: boolean,
): ProxyDecision {
  if (step.proxy && step.rule === rule && step.affinityHit === affinityHit) return step.proxy;
  step.rule = rule;
  step.affinityHit = affinityHit;
  return (step.proxy = sharePart({ ...proxy, rule, affinityHit }));
}

/** Routes a connection that matched service port `portIndex` on `node`, as kube-proxy there would. */
export function forwardToService(input: ForwardInput): RouteDecision {
  const plan = forwardPlan(input);
  if (!plan.admitted || !plan.ctx) return admit(input) as RouteDecision;
  // The step a uniform draw picks holds its decision once made: the balancer's context, its
  // candidates and rules are not read again (spread over 1,000 labs, each a cache miss).
  const drawn = plan.uniform
    ? plan.steps[uniformIndex(input.draws.random, plan.uniform)]
    : undefined;
  if (drawn?.proxy) return reach(plan, input, drawn, drawn.proxy, {});
  const { selection, updates } = balance(input, plan.ctx);
  const step = forwardStep(plan, input, selection.index, selection.endpoint);
  const { rule, affinityHit } = selection;
  const proxy = plan.kept
    ? stepDecision(step, plan.admitted, rule, affinityHit)
    : decided(programmedOf(input.view), plan.admitted, rule, affinityHit);
  return reach(plan, input, step, proxy, updates);
}

/** The connection DNATed to `step`'s endpoint as kube-proxy decided (`proxy`), and its hit. */
function reach(
  plan: ForwardPlan,
  input: ForwardInput,
  step: ForwardStep,
  proxy: ProxyDecision,
  updates: StateUpdates,
): RouteDecision {
  const { ep } = step;
  const { node, match } = input;
  const base: RouteDecision = {
    outcome: 'ok',
    message: step.message,
    receivingNode: node,
    service: match,
    proxy,
    updates,
  };
  const decision = deliverToPod(step.endpoint, ep, input, base);
  if (decision.outcome !== 'ok') return decision;
  if (updates.affinity || updates.rrCounterKey) updates.hit = hitOf(ep, match, node.name);
  else if (!plan.kept) decision.updates = hitOnly(programmedOf(input.view), ep, match, node.name);
  else decision.updates = step.hit ??= sharePart({ hit: sharePart(hitOf(ep, match, node.name)) });
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
