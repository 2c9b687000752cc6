// The nodes a new lab boots with: the tutorials' shape by count, or a list a grader writes.
import type { NodeSpecSetting } from './cluster-state';
import { duplicate, invalid, type FieldError } from '../apimachinery/field-errors';
import { DEFAULT_SERVICE_CIDR } from '../registry/service/ip-allocator';
import { parseIP } from '../apimachinery/ip-address';
import { nodeIdentity } from '../kubelet/runtime-ids';
import { validateObjectName } from '../apimachinery/names';
import type { KubeObject } from '../apimachinery/objects';
import { isDNS1123Label } from '../apimachinery/string-formats';

/** At most this many nodes per lab (pod CIDRs are 10.244.<index>.0/24). */
export const MAX_LAB_NODES = 16;

/**
 * `count` nodes laid out like the default lab: `controlplane` at 192.168.1.2, then node01,
 * node02... at .3, .4... A single node is one schedulable worker, node01 at 192.168.1.3.
 */
export function nodesByCount(count: number): NodeSpecSetting[] {
  if (count === 1) return [{ name: 'node01', ip: '192.168.1.3', roles: [] }];
  return Array.from({ length: count }, (_, i) =>
    i === 0
      ? { name: 'controlplane', ip: '192.168.1.2', roles: ['control-plane'] }
      : { name: `node${String(i).padStart(2, '0')}`, ip: `192.168.1.${i + 2}`, roles: [] },
  );
}

/** The cluster's pod network: node i gets 10.244.i.0/24 (see bootstrap.ts). */
export const POD_CIDR = '10.244.0.0/16';

type Octets = readonly number[];

const inCidr = (ip: Octets, cidr: string): boolean => {
  const [base = '', bits = '32'] = cidr.split('/');
  const toInt = (o: Octets) => o.reduce((n, b) => n * 256 + b, 0);
  const size = 2 ** (32 - Number(bits));
  return Math.floor(toInt(ip) / size) === Math.floor(toInt(base.split('.').map(Number)) / size);
};

/**
 * Addresses a node cannot have: those the kubelet refuses for --node-ip (unspecified, loopback,
 * link-local, multicast), the rest of 0/8 and the reserved 240/4 with the broadcast address, and
 * the cluster's own service and pod networks, where packets to the node would be taken for a
 * clusterIP or a pod.
 */
const UNUSABLE: [cidr: string, why: string][] = [
  [
    '0.0.0.0/8',
    'may not be in 0.0.0.0/8 (0.0.0.0 is the unspecified address, the rest "this network")',
  ],
  ['127.0.0.0/8', 'may not be a loopback address (127.0.0.0/8)'],
  ['169.254.0.0/16', 'may not be a link-local address (169.254.0.0/16)'],
  ['224.0.0.0/4', 'may not be a multicast address (224.0.0.0/4)'],
  [
    '240.0.0.0/4',
    'may not be in the reserved range 240.0.0.0/4 (255.255.255.255 is the broadcast address)',
  ],
  [
    DEFAULT_SERVICE_CIDR,
    `may not be inside the service CIDR ${DEFAULT_SERVICE_CIDR}, where clusterIPs are allocated`,
  ],
  [POD_CIDR, `may not be inside the pod CIDR ${POD_CIDR}, where pod IPs are allocated`],
];

/** Why `ip` cannot be a node's address, or undefined. */
export function unusableNodeIp(ip: Octets): string | undefined {
  return UNUSABLE.find(([cidr]) => inCidr(ip, cidr))?.[1];
}

/** Every problem with a node list: names, usable IPv4 addresses, uniqueness, role names. */
export function validateNodes(nodes: readonly NodeSpecSetting[]): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  const ips = new Set<string>();
  nodes.forEach((n, i) => {
    const at = `nodes[${i}]`;
    errors.push(...validateObjectName(n.name, `${at}.name`, 'dns1123subdomain'));
    if (names.has(n.name)) errors.push(duplicate(`${at}.name`, n.name));
    names.add(n.name);
    const ip = parseIP(n.ip);
    const unusable = ip && unusableNodeIp(ip.slice(-4));
    if (!ip || n.ip.includes(':') || n.ip !== ip.slice(-4).join('.')) {
      errors.push(invalid(`${at}.ip`, n.ip, 'must be a valid IPv4 address, e.g. 192.168.1.3'));
    } else if (unusable) {
      errors.push(invalid(`${at}.ip`, n.ip, unusable));
    } else if (ips.has(n.ip)) errors.push(duplicate(`${at}.ip`, n.ip));
    ips.add(n.ip);
    n.roles.forEach((r, j) => {
      for (const msg of isDNS1123Label(r)) errors.push(invalid(`${at}.roles[${j}]`, r, msg));
    });
  });
  return errors;
}

function pressureCondition(type: string, reason: string, message: string, now: string) {
  const at = { lastHeartbeatTime: now, lastTransitionTime: now };
  return { type, status: 'False', ...at, reason, message };
}

/**
 * What a kubelet posts about its node beyond name and address: boot, machine and system IDs
 * (drawn from the lab seed and the node name), the pressure conditions before Ready, hugepages
 * and ephemeral storage, and the kubelet's port. Fields already set are kept.
 */
export function withKubeletNodeStatus(node: KubeObject, seed: number, now: string): KubeObject {
  const status = (node.status ?? {}) as Record<string, unknown>;
  const info = (status.nodeInfo ?? {}) as Record<string, unknown>;
  const conditions = (status.conditions ?? []) as { type: string }[];
  const pressure = [
    pressureCondition(
      'MemoryPressure',
      'KubeletHasSufficientMemory',
      'kubelet has sufficient memory available',
      now,
    ),
    pressureCondition(
      'DiskPressure',
      'KubeletHasNoDiskPressure',
      'kubelet has no disk pressure',
      now,
    ),
    pressureCondition(
      'PIDPressure',
      'KubeletHasSufficientPID',
      'kubelet has sufficient PID available',
      now,
    ),
  ].filter((p) => !conditions.some((c) => c.type === p.type));
  const resources = (r: unknown, storage: string) => ({
    'ephemeral-storage': storage,
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    ...(r as Record<string, string>),
  });
  return {
    ...node,
    status: {
      ...status,
      conditions: [...pressure, ...conditions],
      capacity: resources(status.capacity, '101430960Ki'),
      allocatable: resources(status.allocatable, '93478772582'),
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: { ...nodeIdentity(seed, node.metadata.name), ...info },
    },
  };
}
