// Checklist steps about the way in: is the address one a client outside can reach, does the
// cloud firewall let the client through, does loadBalancerSourceRanges hold its address.
import type { Service } from '../../schema/kube/service';
import { judgeConnection } from '../cloud/firewall';
import { clusterIPs, loadBalancerIps, opensNodePorts, serviceRef } from '../proxy/service-facts';
import { sourceRangeDrop, sourceRangesOf } from '../proxy/source-ranges';
import type { DebugContext, DebugInput, DebugStep } from './types';

/** What the dialled address is, and whether a client outside the cluster reaches the Service there. */
export function addressStep(
  input: DebugInput,
  ctx: DebugContext,
  svc: Service | undefined,
): DebugStep {
  const title = 'Is the address one a client outside the cluster can reach?';
  const ip = ctx.ip ?? '';
  const node = input.view.nodes.find((n) => n.ip === ip);
  if (node) {
    return {
      step: 'address',
      title,
      result: 'passed',
      evidence: [`${ip} is node ${node.name}'s InternalIP`],
    };
  }
  if (svc && (svc.spec?.externalIPs ?? []).includes(ip)) {
    return {
      step: 'address',
      title,
      result: 'passed',
      evidence: [`${ip} is an externalIP of service ${serviceRef(svc)}`],
    };
  }
  if (svc && loadBalancerIps(svc).includes(ip)) {
    return {
      step: 'address',
      title,
      result: 'passed',
      evidence: [`${ip} is the load-balancer address of service ${serviceRef(svc)}`],
    };
  }
  const owner = input.view.services.find((s) => clusterIPs(s).includes(ip));
  const evidence = owner
    ? [
        `${ip} is the ClusterIP of service ${serviceRef(owner)}: it exists only inside the cluster (kube-proxy's rules on each node), no packet from outside reaches it`,
      ]
    : [`${ip} is not a node's address, nor an external or load-balancer address of any service`];
  const nodes = input.view.nodes.map((n) => `${n.name} ${n.ip}`).join(', ');
  return {
    step: 'address',
    title,
    result: 'failed',
    evidence: [...evidence, `the nodes are: ${nodes}`],
    hint:
      owner && opensNodePorts(owner)
        ? `from outside, use a node's address and the nodePort (${(owner.spec?.ports ?? []).map((p) => p.nodePort).join(', ')})`
        : "from outside, use a node's address and a NodePort Service",
  };
}

/** The cloud firewall's verdict on the client's connections to the Service's nodePorts. */
export function firewallStep(input: DebugInput, ctx: DebugContext, svc: Service): DebugStep {
  const title = 'Does the cloud firewall let the client reach the nodePort?';
  if (!input.firewall) {
    return {
      step: 'firewall',
      title,
      result: 'skipped',
      evidence: ['the lab has no firewall in front of its nodes: every port is open'],
    };
  }
  const onNode = ctx.ip !== undefined && input.view.nodes.some((n) => n.ip === ctx.ip);
  const asked = onNode && ctx.port !== undefined ? [ctx.port] : [];
  const candidates = asked.length
    ? asked
    : (svc.spec?.ports ?? []).flatMap((p) => (p.nodePort ? [p.nodePort] : []));
  if (candidates.length === 0) {
    return {
      step: 'firewall',
      title,
      result: 'skipped',
      evidence: ['the Service has no nodePort'],
    };
  }
  const evidence: string[] = [];
  let failed = false;
  for (const port of candidates) {
    const verdict = judgeConnection(input.firewall, {
      protocol: 'TCP',
      port,
      sourceIp: ctx.clientIp,
    });
    if (verdict.allowed)
      evidence.push(`TCP ${port} from ${ctx.clientIp}: allowed by rule ${verdict.rule}`);
    else {
      failed = true;
      evidence.push(verdict.reason);
    }
  }
  if (!failed) return { step: 'firewall', title, result: 'passed', evidence };
  return {
    step: 'firewall',
    title,
    result: 'failed',
    evidence,
    hint: `add a rule to ${input.firewall.name} allowing TCP ${candidates.join(',')} from the client's address (or range)`,
  };
}

export function sourceRangesStep(input: DebugInput, ctx: DebugContext, svc: Service): DebugStep {
  const title = "Does loadBalancerSourceRanges allow the client's address?";
  const ranges = sourceRangesOf(svc);
  if (svc.spec?.type !== 'LoadBalancer' || ranges.length === 0) {
    return {
      step: 'source-ranges',
      title,
      result: 'skipped',
      evidence: ['no loadBalancerSourceRanges'],
    };
  }
  const port = svc.spec.ports?.[0] ?? {};
  const drop = sourceRangeDrop(svc, port, ctx.clientIp, input.view.proxyMode);
  if (!drop) {
    return {
      step: 'source-ranges',
      title,
      result: 'passed',
      evidence: [`${ctx.clientIp} is in ${ranges.join(', ')}`],
    };
  }
  return {
    step: 'source-ranges',
    title,
    result: 'failed',
    evidence: [
      drop,
      'nodePorts are not subject to loadBalancerSourceRanges, only the load-balancer address is',
    ],
    hint: "add the client's range to spec.loadBalancerSourceRanges",
  };
}
