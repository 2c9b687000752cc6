// kube-proxy's endpoint choice for one new connection: iptables/nftables uniform random, ipvs round
// robin, ClientIP session affinity on top. Pure: the random draw, the counter and the clock come in.
import {
  iptablesEndpointChain,
  iptablesServiceChain,
  nftEndpointChain,
  nftServiceChain,
  type ServicePortId,
} from './chain-names';
import { sharePart, type ProgrammedRules, type RuleOwner } from './programmed-rules';
import type { AffinityRecord, EndpointTarget, ProxyMode, ProxyRule } from './types';

/** What kube-proxy on the receiving node knows about the service port it is balancing. */
export interface BalancerContext {
  mode: ProxyMode;
  service: ServicePortId;
  protocol: string;
  policy: 'Cluster' | 'Local';
  /** Endpoints left after the traffic policy, in kube-proxy's stable order; never empty. */
  candidates: EndpointTarget[];
  /** The address the client dialled, `ip:port` (the IPVS virtual server). */
  virtualServer: string;
  /** sessionAffinity ClientIP timeout; absent when sessionAffinity is None. */
  affinityTimeoutSeconds?: number;
  /** The state's programmed rules, where the rules written for its candidate lists are kept. */
  programmed?: ProgrammedRules;
  /**
   * The rules written for this context, per candidate index (plain and sticky), when the context
   * itself is kept for a route (forward-plans.ts): its fields never change, so neither do they.
   */
  writtenPlain?: ProxyRule[];
  writtenSticky?: ProxyRule[];
}

/** The injected inputs of one choice. */
export interface SelectionDraws {
  random: number;
  rrCounter: number;
  previous: AffinityRecord | undefined;
  now: Date;
}

/** The chosen endpoint and why. */
export interface EndpointSelection {
  endpoint: EndpointTarget;
  index: number;
  rule: ProxyRule;
  affinityHit: boolean;
  usedRoundRobin: boolean;
  affinity?: AffinityRecord;
}

const epString = (ep: EndpointTarget): string => `${ep.podIP}:${ep.port}`;
const comment = (ctx: BalancerContext, ep: EndpointTarget): string =>
  `-m comment --comment "${ctx.service.namespace}/${ctx.service.name}${ctx.service.portName ? `:${ctx.service.portName}` : ''} -> ${epString(ep)}"`;

/** `1/n` as kube-proxy writes it for `-m statistic --probability` (10 decimals). */
export function iptablesProbability(n: number): string {
  return (1 / n).toFixed(10);
}

// Rules are built field by field: object spread is measurably slow on the request hot path.
function iptablesRule(ctx: BalancerContext, index: number, sticky: boolean): ProxyRule {
  const of = ctx.candidates.length;
  const ep = ctx.candidates[index] as EndpointTarget;
  const prefix = ctx.policy === 'Local' ? 'KUBE-SVL-' : 'KUBE-SVC-';
  const chain = iptablesServiceChain(prefix, ctx.service, ctx.protocol);
  const endpointChain = iptablesEndpointChain(ctx.service, ctx.protocol, epString(ep));
  const head = `-A ${chain} ${comment(ctx, ep)}`;
  if (sticky) {
    const seconds = ctx.affinityTimeoutSeconds ?? 0;
    const text = `${head} -m recent --name ${endpointChain} --rcheck --seconds ${seconds} --reap -j ${endpointChain}`;
    return { kind: 'iptables-recent', chain, endpointChain, index, of, text };
  }
  if (index === of - 1) {
    return {
      kind: 'iptables-statistic',
      chain,
      endpointChain,
      index,
      of,
      probability: 1,
      text: `${head} -j ${endpointChain}`,
    };
  }
  const probabilityText = iptablesProbability(of - index);
  const text = `${head} -m statistic --mode random --probability ${probabilityText} -j ${endpointChain}`;
  const probability = 1 / (of - index);
  return {
    kind: 'iptables-statistic',
    chain,
    endpointChain,
    index,
    of,
    probability,
    probabilityText,
    text,
  };
}

function nftRule(ctx: BalancerContext, index: number, sticky: boolean): ProxyRule {
  const of = ctx.candidates.length;
  const chain = nftServiceChain(
    ctx.policy === 'Local' ? 'local-' : 'service-',
    ctx.service,
    ctx.protocol,
  );
  const epChains = ctx.candidates.map((ep) =>
    nftEndpointChain(ctx.service, ctx.protocol, ep.podIP, ep.port),
  );
  const endpointChain = epChains[index] as string;
  if (sticky) {
    const text = `ip saddr @${endpointChain.replace(/^endpoint-/, 'affinity-')} goto ${endpointChain}`;
    return { kind: 'nft-affinity', chain, endpointChain, index, of, text };
  }
  const vmap = epChains.map((c, i) => `${i} : goto ${c}`).join(', ');
  const text = `numgen random mod ${of} vmap { ${vmap} }`;
  return { kind: 'nft-numgen', chain, endpointChain, index, of, probability: 1 / of, text };
}

function ipvsRule(ctx: BalancerContext, index: number, sticky: boolean): ProxyRule {
  const ep = ctx.candidates[index] as EndpointTarget;
  const timeout = ctx.affinityTimeoutSeconds;
  const chain = `${ctx.protocol.toUpperCase()}  ${ctx.virtualServer} rr${timeout === undefined ? '' : ` persistent ${timeout}`}`;
  const text = `${chain}\n  -> ${epString(ep)}  Masq  1`;
  return {
    kind: sticky ? 'ipvs-persistent' : 'ipvs-rr',
    chain,
    index,
    of: ctx.candidates.length,
    text,
  };
}

function sameService(a: RuleOwner, b: BalancerContext): boolean {
  return (
    a.mode === b.mode &&
    a.protocol === b.protocol &&
    a.affinityTimeoutSeconds === b.affinityTimeoutSeconds &&
    a.service.namespace === b.service.namespace &&
    a.service.name === b.service.name &&
    a.service.portName === b.service.portName
  );
}

/** The rule that sends a connection to candidate `index`, written as kube-proxy would program it. */
export function describeRule(ctx: BalancerContext, index: number, sticky: boolean): ProxyRule {
  // Like kube-proxy, which programs its rules when services or endpoints change rather than per
  // packet: the rules of a candidate list the state programmed are written once and shared. A
  // list built for one connection (a traffic policy's filter) gets rules of its own.
  const written = sticky ? ctx.writtenSticky : ctx.writtenPlain;
  if (written) return (written[index] ??= sharePart(writeRule(ctx, index, sticky)));
  const program = ctx.programmed;
  if (!program?.owns(ctx.candidates)) return sharePart(writeRule(ctx, index, sticky));
  let table = program.rules.get(ctx.candidates);
  if (!table) program.rules.set(ctx.candidates, (table = { owner: ctx, rules: new Map() }));
  if (!sameService(table.owner, ctx)) return sharePart(writeRule(ctx, index, sticky));
  const key = `${index}${sticky ? '+' : '-'}${ctx.policy}${ctx.virtualServer}`;
  let rule = table.rules.get(key);
  if (!rule) table.rules.set(key, (rule = sharePart(writeRule(ctx, index, sticky))));
  return rule;
}

function writeRule(ctx: BalancerContext, index: number, sticky: boolean): ProxyRule {
  if (ctx.mode === 'ipvs') return ipvsRule(ctx, index, sticky);
  if (ctx.mode === 'nftables') return nftRule(ctx, index, sticky);
  return iptablesRule(ctx, index, sticky);
}

/** Index of the remembered pod while the client has been silent less than the timeout, else -1. */
export function stickyIndex(
  ctx: BalancerContext,
  previous: AffinityRecord | undefined,
  now: Date,
): number {
  if (ctx.affinityTimeoutSeconds === undefined || previous === undefined) return -1;
  const silentMs = now.getTime() - previous.lastSeen.getTime();
  if (silentMs >= ctx.affinityTimeoutSeconds * 1000) return -1;
  return ctx.candidates.findIndex((ep) => ep.podName === previous.podName);
}

/** Uniform index in [0, n) from one draw in [0, 1); equals matching iptables rule i with p = 1/(n-i). */
export function uniformIndex(random: number, n: number): number {
  const clamped = Math.min(Math.max(random, 0), 1 - Number.EPSILON);
  return Math.min(Math.floor(clamped * n), n - 1);
}

/** Picks the endpoint for a new connection; affinity (if on) wins, the timer restarts on every pick. */
export function selectEndpoint(ctx: BalancerContext, draws: SelectionDraws): EndpointSelection {
  const n = ctx.candidates.length;
  if (n === 0) throw new Error('selectEndpoint needs at least one candidate');
  const sticky = stickyIndex(ctx, draws.previous, draws.now);
  const usedRoundRobin = sticky < 0 && ctx.mode === 'ipvs';
  const rrIndex = ((draws.rrCounter % n) + n) % n;
  const index = sticky >= 0 ? sticky : usedRoundRobin ? rrIndex : uniformIndex(draws.random, n);
  const endpoint = ctx.candidates[index] as EndpointTarget;
  const selection: EndpointSelection = {
    endpoint,
    index,
    rule: describeRule(ctx, index, sticky >= 0),
    affinityHit: sticky >= 0,
    usedRoundRobin,
  };
  if (ctx.affinityTimeoutSeconds !== undefined) {
    selection.affinity = { podName: endpoint.podName, lastSeen: draws.now };
  }
  return selection;
}
