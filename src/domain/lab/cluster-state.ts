// A lab's whole cluster as the core sees it: settings, objects and the allocators' bitmaps.
import type { KubeObject } from '../apimachinery/objects';
import type { Firewall } from '../../schema/lab/cloud';
import type { ContainerLogWrite } from '../kubelet/logs/log-types';

export type ProxyMode = 'iptables' | 'ipvs' | 'nftables';

export interface NodeSpecSetting {
  name: string;
  ip: string;
  roles: string[];
}

export interface ClusterSettings {
  proxyMode: ProxyMode;
  /** Seeds every random choice of the lab (uids, pod names, allocations, load balancing). */
  seed: number;
  /** `--service-node-port-range`, e.g. `30000-32767`. */
  nodePortRange: string;
  serviceCIDR: string;
  /** Added to the wall clock; moved forward by POST /cluster/clock so lessons never sleep. */
  clockOffsetSeconds: number;
  /** The Kubernetes minor the lab says it runs (`1.33`); absent in labs stored before it existed. */
  kubernetesVersion?: string;
  /** The cloud firewall in front of the nodes; absent or null: none, every port open. */
  firewall?: Firewall | null;
  /** Addresses (IPs, ranges, CIDRs) the lab's cloud gives LoadBalancer Services; absent: none. */
  loadBalancerPool?: string[];
}

export interface Allocations {
  nodePorts: Set<number>;
  clusterIPs: Set<string>;
}

export interface ClusterState {
  labId: string;
  /** The lab's resourceVersion counter; each committed write increments it by one. */
  revision: number;
  settings: ClusterSettings;
  objects: KubeObject[];
  allocations: Allocations;
}

export const DEFAULT_SETTINGS: ClusterSettings = {
  proxyMode: 'iptables',
  seed: 1,
  nodePortRange: '30000-32767',
  serviceCIDR: '10.96.0.0/12',
  clockOffsetSeconds: 0,
  kubernetesVersion: '1.33',
};

/** What a mutation asks storage to commit atomically, guarded by `baseRevision`. */
export interface WritePlan {
  baseRevision: number;
  revision: number;
  upserts: KubeObject[];
  deletes: { kind: string; namespace: string; name: string }[];
  allocate: { kind: 'nodePort' | 'clusterIP'; value: string }[];
  release: { kind: 'nodePort' | 'clusterIP'; value: string }[];
  /** Container log lines the write produced (containers it started), stored with it. */
  logs?: ContainerLogWrite[];
}

/** A lab with no objects and nothing allocated, at `revision`. */
export function emptyState(
  labId: string,
  revision: number,
  settings: ClusterSettings,
): ClusterState {
  return {
    labId,
    revision,
    settings,
    objects: [],
    allocations: { nodePorts: new Set(), clusterIPs: new Set() },
  };
}

export function isEmptyPlan(plan: WritePlan): boolean {
  return (
    plan.upserts.length === 0 &&
    plan.deletes.length === 0 &&
    plan.allocate.length === 0 &&
    plan.release.length === 0 &&
    !plan.logs?.length
  );
}
