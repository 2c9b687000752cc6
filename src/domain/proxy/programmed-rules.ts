// kube-proxy's programmed rules: what it writes into iptables, nftables or ipvs on a sync, built
// once per committed cluster state and proxy mode and shared by every connection routed through
// that state, as kube-proxy programs its rules when services or endpoints change rather than per
// packet. Everything handed out here is a shared part: frozen, and (src/http/json.ts) serialised
// once. Measured on the request route: building these per connection cost about a third of it.
import type { ConfigMap, Namespace, Node } from '../../schema/kube/core';
import type { NetworkPolicy } from '../../schema/kube/networking';
import type { Pod } from '../../schema/kube/pod';
import type { Service } from '../../schema/kube/service';
import type { ClusterState } from '../lab/cluster-state';
import { endpointTargets } from '../controllers/endpoints';
import type { ServicePortId } from './chain-names';
import type {
  EndpointTarget,
  NodeInfo,
  ProxyDecision,
  ProxyRule,
  ServicePortMatch,
  StateUpdates,
  TrafficView,
} from './types';

// A shared part is frozen and lives as long as the state it came from, so its JSON can be written
// once (src/http/codecs/json.ts) and its identity stands for its content. It carries the slot of
// that JSON itself, under a non-enumerable symbol (JSON, spreads and equality never see it): a
// process-wide weak table of parts was a cache miss per lookup once 1,000 labs' parts were in it.
const SHARED = Symbol('shared part');

/** A shared part's JSON, and what a codec keeps with it (src/http/codecs/json.ts's runs). */
export interface JsonSlot {
  text?: string;
  run?: unknown;
}

type Slotted = { [SHARED]?: JsonSlot };

/** Freezes `part` and marks it shared: read-only, reused by every connection of its state. */
export function sharePart<T extends object>(part: T): Readonly<T> {
  if (Object.isExtensible(part)) Object.defineProperty(part, SHARED, { value: {} });
  return Object.freeze(part);
}

/** The JSON slot of a shared part; undefined for anything else. */
export function sharedSlot(value: object): JsonSlot | undefined {
  return (value as Slotted)[SHARED];
}

/** JSON.stringify of a shared part, written once; undefined for anything else. */
export function sharedJson(value: object): string | undefined {
  const slot = (value as Slotted)[SHARED];
  return slot && (slot.text ??= JSON.stringify(value));
}

/** The service a candidate list was first balanced for; its rules are reused only for that one. */
export interface RuleOwner {
  mode: string;
  protocol: string;
  affinityTimeoutSeconds?: number;
  service: ServicePortId;
}

/**
 * A state's programmed rules and the view routing reads. The tables are filled as connections
 * first need them and dropped with the state; the lists and endpoints it handed out are the only
 * keys it caches under, so a list built per connection (a traffic policy's filter) is never kept.
 */
export class ProgrammedRules implements TrafficView {
  readonly nodes: NodeInfo[];
  readonly services: Service[];
  readonly pods: Pod[];
  readonly configMaps: ConfigMap[];
  readonly networkPolicies: NetworkPolicy[];
  readonly namespaces: Namespace[];
  readonly proxyMode: ClusterState['settings']['proxyMode'];
  /**
   * The route plans of this state, each typed and built by its module (so this one imports
   * neither): entry-plans.ts's address table and entries per dialled ip:port, endpoint-plans.ts's
   * plans per programmed endpoint and per reported target.
   */
  entryPlans: unknown = undefined;
  endpointPlans: unknown = undefined;
  /** The entry plan last dialled (entry-plans.ts), on this object: one fetch fewer per request. */
  lastEntry: unknown = undefined;
  /** Rules written per candidate list (kube-proxy.ts). */
  readonly rules = new Map<
    readonly EndpointTarget[],
    { owner: RuleOwner; rules: Map<string, ProxyRule> }
  >();
  /** Decisions that came out alike, per rule (route-forward.ts). */
  readonly decisions = new Map<ProxyRule, Map<string, ProxyDecision>>();
  /** `{ hit }` of a connection to an endpoint, where nothing else is remembered (route-forward.ts). */
  readonly hitUpdates = new Map<EndpointTarget, StateUpdates>();
  /** Port mappings as reported, per service (service-facts.ts). */
  readonly portMatches = new Map<Service, Map<string, ServicePortMatch>>();
  private readonly endpointLists = new Map<Service, EndpointTarget[][]>();
  private readonly handedOut = new Set<object>();
  private remembering: boolean | undefined;

  constructor(objects: ClusterState['objects'], proxyMode: ClusterState['settings']['proxyMode']) {
    const of = <T>(kind: string) => objects.filter((o) => o.kind === kind) as unknown as T[];
    this.pods = of<Pod>('Pod');
    this.services = of<Service>('Service');
    this.configMaps = of<ConfigMap>('ConfigMap');
    this.networkPolicies = of<NetworkPolicy>('NetworkPolicy');
    this.namespaces = of<Namespace>('Namespace');
    this.proxyMode = proxyMode;
    this.nodes = of<Node>('Node').map((n) =>
      sharePart({
        name: n.metadata.name ?? '',
        ip: n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '',
      }),
    );
  }

  /** The endpoints kube-proxy programs for service port `portIndex`: one shared list per port. */
  endpoints(svc: Service, portIndex: number): EndpointTarget[] {
    let perPort = this.endpointLists.get(svc);
    if (!perPort) this.endpointLists.set(svc, (perPort = []));
    let list = perPort[portIndex];
    if (!list) {
      list = endpointTargets(svc, portIndex, this.pods).map((ep) => sharePart(ep));
      perPort[portIndex] = sharePart(list) as EndpointTarget[];
      for (const ep of list) this.handedOut.add(ep);
      this.handedOut.add(list);
    }
    return list;
  }

  /** Whether this state handed out `part` (an endpoint list or endpoint), so caching under it is safe. */
  owns(part: object): boolean {
    return this.handedOut.has(part);
  }

  /** Whether routing here reads kube-proxy memory (ipvs cursors, ClientIP affinity). */
  get remembers(): boolean {
    return (this.remembering ??=
      this.proxyMode === 'ipvs' ||
      this.services.some((s) => s.spec?.sessionAffinity === 'ClientIP'));
  }
}

/** Where the memo tables are: a view built by programRules, or none (a hand-made view). */
export function programmedOf(view: TrafficView): ProgrammedRules | undefined {
  return view instanceof ProgrammedRules ? view : undefined;
}

// One program per committed object list and proxy mode: the list is never mutated (a write makes
// a new one), so the program lives exactly as long as the state it was built from. The programs
// hang on the list itself, under a non-enumerable symbol (a frozen list falls back to a weak map):
// a process-wide WeakMap holding 1,000 labs' lists was a cache miss per request.
const PROGRAMS = Symbol('programmed rules');

/** One slot per proxy mode (a record of the three, not a Map: one read fewer per request). */
type Programs = Partial<Record<ClusterState['settings']['proxyMode'], ProgrammedRules>>;

const frozenLists = new WeakMap<object, Programs>();

function programsOf(objects: ClusterState['objects']): Programs {
  const slot = objects as { [PROGRAMS]?: Programs };
  let programs = slot[PROGRAMS] ?? frozenLists.get(objects);
  if (!programs) {
    programs = {};
    if (Object.isExtensible(objects)) Object.defineProperty(objects, PROGRAMS, { value: programs });
    else frozenLists.set(objects, programs);
  }
  return programs;
}

/** The rules kube-proxy programs for `state`, built on first use and shared from then on. */
export function programRules(state: Pick<ClusterState, 'objects' | 'settings'>): ProgrammedRules {
  const programs = programsOf(state.objects);
  const mode = state.settings.proxyMode;
  return (programs[mode] ??= new ProgrammedRules(state.objects, mode));
}
