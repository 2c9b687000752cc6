// The checklist step about NetworkPolicy: which policies isolate the Service's pods, and whether
// the client's connection gets through with the source address the pod would see (the node's,
// when kube-proxy masquerades under externalTrafficPolicy Cluster).
import type { Pod } from '../../schema/kube/pod';
import type { Service } from '../../schema/kube/service';
import { cidrContains } from '../apimachinery/cidr';
import { judgeConnection, selectingPolicies } from '../proxy/network-policy';
import { externalPolicy, findTcpPort } from '../proxy/service-facts';
import type { EndpointTarget, NodeInfo, TrafficView } from '../proxy/types';
import type { DebugContext, DebugInput, DebugStep } from './types';

const TITLE = "Does a NetworkPolicy let the client's connection reach the pods?";

/** The address the pod sees for the client: itself from a pod, else the entering node's when masqueraded. */
function sourceFor(
  view: TrafficView,
  svc: Service,
  ctx: DebugContext,
  ep: EndpointTarget,
): { ip: string; node?: NodeInfo } {
  if (view.pods.some((p) => p.status?.podIP === ctx.clientIp)) return { ip: ctx.clientIp };
  if (externalPolicy(svc) === 'Local') return { ip: ctx.clientIp };
  const dialled = view.nodes.find((n) => n.ip === ctx.ip);
  // Without an address, the worst case: a node other than the pod's (the pod's own is let in).
  const node = dialled ?? view.nodes.find((n) => n.name !== ep.nodeName) ?? view.nodes[0];
  return node ? { ip: node.ip, node } : { ip: ctx.clientIp };
}

function portIndex(svc: Service, port: number | undefined): number {
  if (port === undefined) return 0;
  return Math.max(
    findTcpPort(svc, (p) => p.port === port || p.nodePort === port),
    0,
  );
}

/** Whether some ingress ipBlock of the policies names the client's own address. */
function ipBlockAllowsClient(view: TrafficView, pod: Pod, clientIp: string): boolean {
  return selectingPolicies(view, pod, 'Ingress').some((np) =>
    (np.spec?.ingress ?? []).some((r) =>
      (r.from ?? []).some((peer) => peer.ipBlock && cidrContains(peer.ipBlock.cidr, clientIp)),
    ),
  );
}

export function networkPolicyStep(input: DebugInput, ctx: DebugContext, svc: Service): DebugStep {
  const { view } = input;
  const eps = view.endpoints(svc, portIndex(svc, ctx.port));
  const podOf = (ep: EndpointTarget) =>
    view.pods.find((p) => p.status?.podIP === ep.podIP && p.metadata.name === ep.podName);
  const pods = eps.flatMap((ep) => {
    const pod = podOf(ep);
    return pod ? [{ ep, pod }] : [];
  });
  const isolated = pods.filter(({ pod }) => selectingPolicies(view, pod, 'Ingress').length > 0);
  const clientPod = view.pods.find((p) => p.status?.podIP === ctx.clientIp);
  const egress = clientPod ? selectingPolicies(view, clientPod, 'Egress') : [];
  if (isolated.length === 0 && egress.length === 0) {
    const evidence = [
      pods.length
        ? "no NetworkPolicy selects the Service's pods: they accept every source"
        : 'no endpoints to judge',
    ];
    return { step: 'network-policy', title: TITLE, result: 'skipped', evidence };
  }
  const evidence: string[] = [];
  let failed = false;
  let snatSurprise = false;
  for (const { ep, pod } of pods) {
    const names = selectingPolicies(view, pod, 'Ingress').map(
      (np) => `${np.metadata.namespace ?? 'default'}/${np.metadata.name ?? ''}`,
    );
    const source = sourceFor(view, svc, ctx, ep);
    const verdict = judgeConnection(view, {
      target: pod,
      port: ep.port,
      sourceIp: source.ip,
      clientIp: ctx.clientIp,
    });
    const seen = source.node
      ? `${source.ip} (${source.node.name}'s address: externalTrafficPolicy Cluster masquerades ${ctx.clientIp})`
      : source.ip;
    const head = `pod ${ep.podName} on ${ep.nodeName}, isolated by ${names.length ? names.join(', ') : 'no ingress policy'}`;
    if (!verdict || verdict.allowed) {
      const by = verdict?.ingress?.fromOwnNode
        ? "the pod's own node"
        : (verdict?.ingress?.allowedBy ?? 'no policy isolates it');
      evidence.push(`${head}: TCP ${ep.port} from ${seen} allowed (${by})`);
      continue;
    }
    failed = true;
    if (source.node && ipBlockAllowsClient(view, pod, ctx.clientIp)) snatSurprise = true;
    evidence.push(`${head}: TCP ${ep.port} from ${seen} ${verdict.reason ?? 'denied'}`);
  }
  if (!failed) return { step: 'network-policy', title: TITLE, result: 'passed', evidence };
  const hint = snatSurprise
    ? `a policy allows ${ctx.clientIp}, but the pods see the node's address: set externalTrafficPolicy: Local on the Service to keep the client's address`
    : 'add an ingress rule (from the client: podSelector, namespaceSelector or ipBlock, and the port) to a policy that selects the pods';
  return { step: 'network-policy', title: TITLE, result: 'failed', evidence, hint };
}
