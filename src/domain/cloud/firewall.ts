// The firewall in front of the nodes, as a cloud's security group or VPC firewall judges a new
// connection: allow rules only, the first that matches protocol, port and source lets it pass,
// and whatever no rule allows is dropped silently (the client's SYN goes unanswered: a timeout).
import type { Firewall, FirewallRule } from '../../schema/lab/cloud';
import { cidrContains } from '../apimachinery/cidr';

export interface Connection {
  protocol: 'TCP' | 'UDP';
  port: number;
  sourceIp: string;
}

export type FirewallVerdict =
  { allowed: true; rule?: string } | { allowed: false; firewall: string; reason: string };

function portsMatch(rule: FirewallRule, port: number): boolean {
  if (rule.ports === undefined) return true;
  return rule.ports.some((p) => {
    const [lo, hi = lo] = String(p).split('-').map(Number);
    return port >= lo! && port <= hi!;
  });
}

const ruleMatches = (rule: FirewallRule, c: Connection) =>
  (rule.protocol === 'all' || rule.protocol === c.protocol) &&
  portsMatch(rule, c.port) &&
  rule.sourceRanges.some((cidr) => cidrContains(cidr, c.sourceIp));

/** How a rule reads in explanations: `allow-web (TCP 30000-32767 from 0.0.0.0/0)`. */
export function describeRule(rule: FirewallRule): string {
  const ports = rule.ports ? ` ${rule.ports.join(',')}` : ' all ports';
  return `${rule.name} (${rule.protocol}${ports} from ${rule.sourceRanges.join(',')})`;
}

/** Judges one new connection to a node; no firewall at all lets everything through. */
export function judgeConnection(
  firewall: Firewall | null | undefined,
  c: Connection,
): FirewallVerdict {
  if (!firewall) return { allowed: true };
  const rule = firewall.rules.find((r) => ruleMatches(r, c));
  if (rule) return { allowed: true, rule: rule.name };
  const rules = firewall.rules.length ? firewall.rules.map(describeRule).join('; ') : 'none';
  return {
    allowed: false,
    firewall: firewall.name,
    reason:
      `the cloud firewall ${firewall.name} dropped ${c.protocol} port ${c.port} from ${c.sourceIp}: ` +
      `no rule allows it (rules: ${rules})`,
  };
}
