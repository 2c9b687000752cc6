// Checklist steps about the Service's ports: endpoints per port, targetPort against what the
// containers listen on, protocol, nodePort and its range, and Local's nodes with endpoints.
import type { Pod } from '../../schema/kube/pod';
import type { Service } from '../../schema/kube/service';
import { resolveTargetPort } from '../controllers/endpoints';
import { containerServers } from '../kubelet/containers/answers';
import { parsePortRange } from '../registry/service/port-allocator';
import { externalPolicy, opensNodePorts } from '../proxy/service-facts';
import type { TrafficView } from '../proxy/types';
import type { DebugStep } from './types';

const portLabel = (svc: Service, i: number) => {
  const p = svc.spec?.ports?.[i];
  return `port ${p?.name ? `${p.name} (${p.port})` : p?.port}`;
};
const ports = (svc: Service) => svc.spec?.ports ?? [];

export function endpointsStep(view: TrafficView, svc: Service): DebugStep {
  const title = 'Does the Service have endpoints?';
  const evidence = ports(svc).map((_, i) => {
    const eps = view.endpoints(svc, i);
    const list = eps.map((e) => `${e.podIP}:${e.port} (${e.podName} on ${e.nodeName})`).join(', ');
    return `${portLabel(svc, i)}: ${eps.length ? list : 'no endpoints'}`;
  });
  const empty = ports(svc).some((_, i) => view.endpoints(svc, i).length === 0);
  if (ports(svc).length === 0)
    return { step: 'endpoints', title, result: 'failed', evidence: ['the Service has no ports'] };
  if (!empty) return { step: 'endpoints', title, result: 'passed', evidence };
  return {
    step: 'endpoints',
    title,
    result: 'failed',
    evidence,
    hint: 'a port without endpoints refuses every connection: the selected pods must be Ready and have the targetPort',
  };
}

/** For each port: does every selected Ready pod listen on the port the targetPort resolves to? */
export function targetPortStep(view: TrafficView, svc: Service, matched: Pod[]): DebugStep {
  const title = 'Does each targetPort match a port the container listens on?';
  const running = matched.filter((p) => p.status?.phase === 'Running');
  if (running.length === 0) {
    return {
      step: 'target-port',
      title,
      result: 'skipped',
      evidence: ['no selected pod is running'],
    };
  }
  const evidence: string[] = [];
  let failed = false;
  for (const [i, port] of ports(svc).entries()) {
    const target = port.targetPort ?? port.port;
    for (const pod of running) {
      const resolved = resolveTargetPort(port, pod);
      const servers = containerServers(pod, view.configMaps);
      const listening = [
        ...new Set(servers.flatMap((s) => (s.failure === undefined ? s.ports : []))),
      ];
      const on = listening.length ? listening.join(', ') : 'no port';
      if (resolved === undefined) {
        failed = true;
        evidence.push(
          `${portLabel(svc, i)}: targetPort ${target} names no container port of pod ${pod.metadata.name}`,
        );
      } else if (!listening.includes(resolved)) {
        failed = true;
        evidence.push(
          `${portLabel(svc, i)}: targetPort ${target} -> ${resolved}, but pod ${pod.metadata.name} listens on ${on}`,
        );
      } else {
        evidence.push(
          `${portLabel(svc, i)}: targetPort ${target} -> ${resolved}, pod ${pod.metadata.name} listens there`,
        );
      }
    }
  }
  if (!failed) return { step: 'target-port', title, result: 'passed', evidence };
  return {
    step: 'target-port',
    title,
    result: 'failed',
    evidence,
    hint: 'set targetPort to the port the application listens on (containerPort only documents it)',
  };
}

export function protocolStep(svc: Service): DebugStep {
  const title = 'Is the port the protocol the client speaks (TCP for HTTP)?';
  const udp = ports(svc).filter((p) => (p.protocol ?? 'TCP') !== 'TCP');
  const evidence = ports(svc).map((p, i) => `${portLabel(svc, i)}: ${p.protocol ?? 'TCP'}`);
  if (udp.length === 0) return { step: 'protocol', title, result: 'passed', evidence };
  return {
    step: 'protocol',
    title,
    result: 'failed',
    evidence,
    hint: 'HTTP and curl use TCP: a UDP port never answers them',
  };
}

export function nodePortStep(svc: Service, range: string): DebugStep {
  const title = 'Does the Service have a nodePort, within the range?';
  if (!opensNodePorts(svc)) {
    return {
      step: 'node-port',
      title,
      result: 'failed',
      evidence: [
        `type ${svc.spec?.type ?? 'ClusterIP'} opens no port on the nodes: it is reachable only inside the cluster`,
      ],
      hint: 'use type NodePort (or LoadBalancer) to reach it at nodeIP:nodePort',
    };
  }
  const { base, size } = parsePortRange(range);
  const evidence = ports(svc).map((p, i) => {
    const np = p.nodePort;
    if (np === undefined) return `${portLabel(svc, i)}: no nodePort`;
    const inRange = np >= base && np < base + size;
    return `${portLabel(svc, i)}: nodePort ${np}${inRange ? ` (in ${range})` : ` is outside ${range}`}`;
  });
  const ok = ports(svc).every((p) => p.nodePort !== undefined);
  return { step: 'node-port', title, result: ok ? 'passed' : 'failed', evidence };
}

/** externalTrafficPolicy Local: connections entering a node without a local endpoint are dropped. */
export function localEndpointsStep(
  view: TrafficView,
  svc: Service,
  dialedNode?: string,
): DebugStep {
  const title = 'With externalTrafficPolicy: Local, which nodes have a local endpoint?';
  if (externalPolicy(svc) !== 'Local' || !opensNodePorts(svc)) {
    return {
      step: 'local-endpoints',
      title,
      result: 'skipped',
      evidence: ['externalTrafficPolicy is Cluster: every node forwards'],
    };
  }
  const local = new Set(
    ports(svc).flatMap((_, i) => view.endpoints(svc, i).map((e) => e.nodeName)),
  );
  const evidence = view.nodes.map(
    (n) =>
      `${n.name} (${n.ip}): ${local.has(n.name) ? 'has a local endpoint' : 'no local endpoint, connections to it time out'}`,
  );
  const dialed = view.nodes.find((n) => n.ip === dialedNode || n.name === dialedNode);
  const failed = dialed ? !local.has(dialed.name) : local.size === 0;
  if (!failed) return { step: 'local-endpoints', title, result: 'passed', evidence };
  return {
    step: 'local-endpoints',
    title,
    result: 'failed',
    evidence,
    hint: dialed
      ? `connect to a node that runs a pod of the Service, or use externalTrafficPolicy: Cluster`
      : 'no node has a local endpoint',
  };
}
