// Kubernetes' "Debug Services" checklist walked on a lab's state: for a Service (optionally with
// the address and port a client dials and its address), or for a connection to an address and
// port. Pure: the traffic view and the cloud settings in, the steps out.
import type { Service } from '../../schema/kube/service';
import { clusterIPs, findTcpPort, loadBalancerIps, serviceRef } from '../proxy/service-facts';
import { addressStep, firewallStep, sourceRangesStep } from './network-steps';
import { networkPolicyStep } from './policy-steps';
import { readyStep, selectorStep } from './pod-steps';
import {
  endpointsStep,
  localEndpointsStep,
  nodePortStep,
  protocolStep,
  targetPortStep,
} from './port-steps';
import type { DebugContext, DebugInput, DebugStep } from './types';

export interface DebugReport {
  service?: { namespace: string; name: string };
  steps: DebugStep[];
  /** The first failed step: where to look first. */
  firstFailure?: DebugStep['step'];
}

const nsOf = (s: Service) => s.metadata.namespace ?? 'default';

function report(steps: DebugStep[], svc?: Service): DebugReport {
  const failed = steps.find((s) => s.result === 'failed');
  return {
    ...(svc ? { service: { namespace: nsOf(svc), name: svc.metadata.name ?? '' } } : {}),
    steps,
    ...(failed ? { firstFailure: failed.step } : {}),
  };
}

function existsStep(
  input: DebugInput,
  namespace: string,
  name: string,
): { step: DebugStep; svc?: Service } {
  const title = 'Does the Service exist (in that namespace)?';
  const svc = input.view.services.find((s) => nsOf(s) === namespace && s.metadata.name === name);
  if (svc) {
    const type = svc.spec?.type ?? 'ClusterIP';
    const evidence = [
      `service ${namespace}/${name} exists: type ${type}, clusterIP ${clusterIPs(svc).join(',') || 'None'}`,
    ];
    return { step: { step: 'service-exists', title, result: 'passed', evidence }, svc };
  }
  const elsewhere = input.view.services.filter((s) => s.metadata.name === name).map(nsOf);
  const here = input.view.services.filter((s) => nsOf(s) === namespace).map((s) => s.metadata.name);
  const evidence = [`no service ${name} in namespace ${namespace}`];
  if (elsewhere.length)
    evidence.push(`a service ${name} exists in namespace ${elsewhere.join(', ')}`);
  evidence.push(
    here.length
      ? `services in ${namespace}: ${here.join(', ')}`
      : `namespace ${namespace} has no services`,
  );
  const hint = elsewhere.length
    ? `use -n ${elsewhere[0]} (or the name ${name}.${elsewhere[0]})`
    : 'kubectl apply the Service first';
  return { step: { step: 'service-exists', title, result: 'failed', evidence, hint } };
}

/** The checklist for one Service; with `ctx.ip` it also judges that address and port. */
export function debugService(
  input: DebugInput,
  namespace: string,
  name: string,
  ctx: DebugContext,
): DebugReport {
  const { step, svc } = existsStep(input, namespace, name);
  if (!svc) return report([step]);
  const steps: DebugStep[] = [];
  if (ctx.ip !== undefined) steps.push(addressStep(input, ctx, svc));
  steps.push(step);
  const selector = selectorStep(svc, input.view.pods);
  steps.push(
    selector.step,
    readyStep(selector.matched, input.view.configMaps),
    endpointsStep(input.view, svc),
  );
  steps.push(targetPortStep(input.view, svc, selector.matched), protocolStep(svc));
  const viaBalancer = ctx.ip !== undefined && loadBalancerIps(svc).includes(ctx.ip);
  if (!viaBalancer) steps.push(nodePortStep(svc, input.nodePortRange));
  steps.push(localEndpointsStep(input.view, svc, viaBalancer ? undefined : ctx.ip));
  if (viaBalancer) steps.push(sourceRangesStep(input, ctx, svc));
  else steps.push(firewallStep(input, ctx, svc));
  steps.push(networkPolicyStep(input, ctx, svc));
  return report(steps, svc);
}

/** The Service a client reaches at ip:port (node + nodePort, external or balancer address + port). */
function serviceAt(input: DebugInput, ip: string, port: number): Service | undefined {
  const { services, nodes } = input.view;
  if (nodes.some((n) => n.ip === ip)) {
    return services.find((s) => (s.spec?.ports ?? []).some((p) => p.nodePort === port));
  }
  const owns = (s: Service) =>
    (s.spec?.externalIPs ?? []).includes(ip) ||
    loadBalancerIps(s).includes(ip) ||
    clusterIPs(s).includes(ip);
  return services.find((s) => owns(s) && findTcpPort(s, (p) => p.port === port) >= 0);
}

/** The checklist for a connection from `ctx.clientIp` to `ctx.ip:ctx.port`. */
export function debugConnection(
  input: DebugInput,
  ctx: DebugContext & { ip: string; port: number },
): DebugReport {
  const svc = serviceAt(input, ctx.ip, ctx.port);
  if (svc) return debugService(input, nsOf(svc), svc.metadata.name ?? '', ctx);
  const address = addressStep(input, ctx, undefined);
  if (address.result === 'failed') return report([address]);
  const title = 'Does a Service listen on that port?';
  const nodePorts = input.view.services.flatMap((s) =>
    (s.spec?.ports ?? []).flatMap((p) => (p.nodePort ? [`${p.nodePort} (${serviceRef(s)})`] : [])),
  );
  const evidence = [
    `no service has nodePort ${ctx.port}`,
    nodePorts.length ? `nodePorts in use: ${nodePorts.join(', ')}` : 'no service has a nodePort',
  ];
  return report([
    address,
    {
      step: 'node-port',
      title,
      result: 'failed',
      evidence,
      hint: 'kubectl get svc shows each nodePort after the colon in PORT(S), 80:30007/TCP',
    },
  ]);
}
