// The nodes a new lab boots with: the tutorials' shape by count, or a list a grader writes.
import type { NodeSpecSetting } from './cluster-state';
import { duplicate, invalid, type FieldError } from './field-errors';
import { parseIP } from './ip-address';
import { nodeIdentity } from './kubelet-ids';
import { validateObjectName } from './names';
import type { KubeObject } from './objects';
import { isDNS1123Label } from './string-formats';

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

/** Every problem with a node list: names, IPv4 addresses, uniqueness, role names. */
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
    if (!ip || n.ip.includes(':') || n.ip !== ip.slice(-4).join('.')) {
      errors.push(invalid(`${at}.ip`, n.ip, 'must be a valid IPv4 address, e.g. 192.168.1.3'));
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
