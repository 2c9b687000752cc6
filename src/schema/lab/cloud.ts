// The cloud network around a lab's nodes, as settings: the firewall in front of the nodes (a cloud
// security group or VPC firewall) and the address pool the cloud's load balancers draw from.
import { z } from 'zod';
import { parseCidr } from '../../domain/apimachinery/cidr';
import { parseIP } from '../../domain/apimachinery/ip-address';

/** At most this many addresses in a pool, so expanding it is bounded work. */
export const MAX_POOL_ADDRESSES = 256;

const cidr = z
  .string()
  .max(64)
  .refine((v) => parseCidr(v) !== null, {
    message: 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
  });

const portRange = z
  .union([
    z.number().int().min(1).max(65535),
    z.string().regex(/^[0-9]{1,5}(-[0-9]{1,5})?$/, 'must be a port (80) or a range (30000-32767)'),
  ])
  .refine(
    (v) => {
      const [lo, hi = lo] = String(v).split('-').map(Number);
      return lo! >= 1 && hi! <= 65535 && lo! <= hi!;
    },
    { message: 'ports must be within 1-65535, a range low-high' },
  );

export const FirewallRule = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a lowercase name (a-z, 0-9, -)'),
    direction: z.literal('Ingress').default('Ingress'),
    action: z.literal('Allow').default('Allow'),
    protocol: z.enum(['TCP', 'UDP', 'all']).default('TCP'),
    /** Absent: every port of the protocol. */
    ports: z.array(portRange).min(1).max(32).optional(),
    sourceRanges: z.array(cidr).min(1).max(32),
    description: z.string().max(256).optional(),
  })
  .meta({
    description:
      'One allow rule: connections from sourceRanges to the nodes on these ports pass. A firewall denies whatever no rule allows, as a cloud does.',
  });
export type FirewallRule = z.infer<typeof FirewallRule>;

export const Firewall = z
  .strictObject({
    name: z.string().min(1).max(63).default('lab-firewall'),
    rules: z.array(FirewallRule).max(64),
    /** Lessons that teach firewalls let students change the rules; others keep them fixed. */
    studentsMayEdit: z.boolean().default(true),
  })
  .meta({
    description:
      'The firewall in front of the nodes (a security group). null or absent: no firewall, every port open.',
  });
export type Firewall = z.infer<typeof Firewall>;

/** `203.0.113.10`, `203.0.113.16/29` or `203.0.113.20-203.0.113.29` (IPv4). */
const poolEntry = z
  .string()
  .max(64)
  .refine(
    (v) => {
      if (v.includes('/')) return parseCidr(v)?.v4 === true;
      const parts = v.split('-');
      return parts.length <= 2 && parts.every((p) => parseIP(p) !== null && !p.includes(':'));
    },
    { message: 'must be an IPv4 address, a CIDR (203.0.113.16/29) or a range (a.b.c.d-a.b.c.e)' },
  );

export const LoadBalancerPool = z
  .array(poolEntry)
  .max(16)
  .meta({
    description: `Addresses the lab's cloud gives LoadBalancer Services (at most ${MAX_POOL_ADDRESSES} in all). Empty or absent: Services stay <pending>.`,
  });
