// Where a connection from outside lands, per dialled address and port: kube-proxy programs
// KUBE-SERVICES and KUBE-NODEPORTS when services change, so what an address:port leads to (the
// node, the service port and its reported mapping, the forward plans) is fixed by the state. A
// request then does two map lookups of its lab instead of walking services and their ports:
// spread over 1,000 labs, every object a request reads is a cache miss, so fewer objects is faster.
import type { Service } from '../../schema/kube/service';
import { programmedOf, type ProgrammedRules } from './programmed-rules';
import type { ForwardPlans } from './route-forward';
import { externalPolicy, findTcpPort, opensNodePorts, portMatch } from './service-facts';
import type { NodeInfo, ServiceEntry, ServicePortMatch, TrafficView } from './types';

/** The address table kube-proxy answers from (KUBE-SERVICES, KUBE-NODEPORTS), built by addressTable. */
export interface AddressTable {
  nodes: Map<string, NodeInfo>;
  /** External address -> the services that own it (externalIPs, or load-balancer ingress). */
  externals: Map<string, { service: Service; via: ServiceEntry }[]>;
  nodePorts: Map<number, ExternalHit>;
  podIps: Set<string>;
}

/** What a programmed state keeps of its entries (its ProgrammedRules' `entryPlans`). */
interface EntryTables {
  addresses: AddressTable | undefined;
  /** Routes from outside, per dialled address and port, where they reach a service. */
  entries: Map<string, Map<number, EntryPlan>>;
}

function tablesOf(program: ProgrammedRules): EntryTables {
  program.entryPlans ??= { addresses: undefined, entries: new Map() };
  return program.entryPlans as EntryTables;
}

/** The entries a programmed state keeps, per address and port (for tests). */
export function keptEntries(program: ProgrammedRules): ReadonlyMap<string, Map<number, EntryPlan>> {
  return tablesOf(program).entries;
}

/** A service port a dialled address reaches. */
export interface ExternalHit {
  service: Service;
  via: ServiceEntry;
  portIndex: number;
  /** The service's externalTrafficPolicy, as kube-proxy applies it. */
  policy: 'Cluster' | 'Local';
}

/** What `ip:port` reaches in a state: the node it names, the service address owning it. */
export interface EntryPlan {
  readonly ip: string;
  readonly port: number;
  readonly node: NodeInfo | undefined;
  /** The external address's service port (or, without one, its first owner for the message). */
  readonly external: { hit?: ExternalHit; owner?: Service };
  /** The nodePort `port` opens, when `ip` is a node's and no external address matched first. */
  readonly nodePort: ExternalHit | undefined;
  /** `ip:port`, the virtual server kube-proxy matched. */
  readonly virtualServer: string;
  /** The port mappings the two hits report, on first use (entryMatch). */
  externalMatch?: ServicePortMatch;
  nodePortMatch?: ServicePortMatch;
  /** Forward plans of the route without a pinned node (entries kept per state only). */
  readonly plans: ForwardPlans | undefined;
  /** The last client address seen here and what it is (clientKind). */
  lastClient?: string;
  lastClientKind?: number;
}

/** clientKind bits: the client address is a pod's, a node's. */
export const FROM_POD = 1;
export const FROM_NODE = 2;

/** Whether `ip` is a pod's or a node's address (a lab's clients rarely vary: the last is kept). */
export function clientKind(view: TrafficView, entry: EntryPlan, ip: string): number {
  if (entry.lastClient === ip) return entry.lastClientKind!;
  const table = addressTable(view);
  const kind = (table.podIps.has(ip) ? FROM_POD : 0) | (table.nodes.has(ip) ? FROM_NODE : 0);
  entry.lastClient = ip;
  entry.lastClientKind = kind;
  return kind;
}

/**
 * The addresses kube-proxy answers on, as it programs them when services change (KUBE-SERVICES,
 * KUBE-NODEPORTS) rather than searching every service per packet. Built once per programmed state
 * (programmed-rules.ts); every list keeps the view's service order, so the first match is the one
 * a scan would find.
 */
export function addressTable(view: TrafficView): AddressTable {
  const program = programmedOf(view);
  const tables = program && tablesOf(program);
  if (tables?.addresses) return tables.addresses;
  const table: AddressTable = {
    nodes: new Map(),
    externals: new Map(),
    nodePorts: new Map(),
    podIps: new Set(),
  };
  for (const n of view.nodes) if (!table.nodes.has(n.ip)) table.nodes.set(n.ip, n);
  for (const service of view.services) {
    const owned = new Map<string, ServiceEntry>();
    for (const ip of service.spec?.externalIPs ?? []) owned.set(ip, 'externalIP');
    if (service.spec?.type === 'LoadBalancer') {
      for (const i of service.status?.loadBalancer?.ingress ?? []) {
        if (i.ip !== undefined && !owned.has(i.ip)) owned.set(i.ip, 'loadBalancer');
      }
    }
    for (const [ip, via] of owned) {
      const list = table.externals.get(ip) ?? [];
      list.push({ service, via });
      table.externals.set(ip, list);
    }
    if (!opensNodePorts(service)) continue;
    for (const [portIndex, p] of (service.spec?.ports ?? []).entries()) {
      const tcp = (p.protocol ?? 'TCP') === 'TCP';
      if (tcp && p.nodePort !== undefined && !table.nodePorts.has(p.nodePort)) {
        const policy = externalPolicy(service);
        table.nodePorts.set(p.nodePort, { service, via: 'nodePort', portIndex, policy });
      }
    }
  }
  for (const p of view.pods) if (p.status?.podIP) table.podIps.add(p.status.podIP);
  if (tables) tables.addresses = table;
  return table;
}

function findExternal(
  view: TrafficView,
  ip: string,
  port: number,
): { hit?: ExternalHit; owner?: Service } {
  const owners = addressTable(view).externals.get(ip);
  if (!owners) return {};
  for (const { service, via } of owners) {
    const portIndex = findTcpPort(service, (p) => p.port === port);
    const hit = { service, via, portIndex, policy: externalPolicy(service) };
    if (portIndex >= 0) return { hit, owner: owners[0]!.service };
  }
  return { owner: owners[0]!.service };
}

/**
 * What `ip:port` reaches in `view`. Kept per programmed state where it reaches a service port
 * (bounded by the state's nodes, addresses and ports); any other address is worked out per call,
 * so a scan of addresses and ports cannot grow the memo.
 */
export function entryPlan(view: TrafficView, ip: string, port: number): EntryPlan {
  const program = programmedOf(view);
  // A lab's requests mostly dial one address: the last entry, kept on the program itself (one
  // object fewer to fetch than the tables), is checked before the tables.
  const last = program?.lastEntry as EntryPlan | undefined;
  if (last && last.port === port && last.ip === ip) return last;
  const tables = program && tablesOf(program);
  const known = tables?.entries.get(ip)?.get(port);
  if (known) return (program!.lastEntry = known);
  const table = addressTable(view);
  const node = table.nodes.get(ip);
  const external = findExternal(view, ip, port);
  const nodePort = node && !external.hit ? table.nodePorts.get(port) : undefined;
  const kept = tables !== undefined && (external.hit !== undefined || nodePort !== undefined);
  const plan: EntryPlan = {
    ip,
    port,
    node,
    external,
    nodePort,
    virtualServer: `${ip}:${port}`,
    plans: kept ? [] : undefined,
  };
  if (kept) {
    let byPort = tables.entries.get(ip);
    if (!byPort) tables.entries.set(ip, (byPort = new Map()));
    byPort.set(port, plan);
    program!.lastEntry = plan;
  }
  return plan;
}

/** The port mapping `hit` (one of the entry's) reports, kept on the entry. */
export function entryMatch(
  view: TrafficView,
  entry: EntryPlan,
  hit: ExternalHit,
): ServicePortMatch {
  if (hit === entry.external.hit) return (entry.externalMatch ??= matchOf(view, hit));
  if (hit === entry.nodePort) return (entry.nodePortMatch ??= matchOf(view, hit));
  return matchOf(view, hit);
}

function matchOf(view: TrafficView, hit: ExternalHit): ServicePortMatch {
  return portMatch(view, hit.service, hit.portIndex, hit.via);
}
