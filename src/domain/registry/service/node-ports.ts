// NodePort allocation for one Service, as kube-apiserver's initNodePorts (create) and
// updateNodePorts (update) do it, and the health check nodePort of a LoadBalancer with
// externalTrafficPolicy Local (allocHealthCheckNodePort). Callers roll back through their
// reserver on failure.
import { invalid } from '../../apimachinery/field-errors';
import { ErrAllocated, ErrFull, ErrNotInRange } from './port-allocator';
import type { ServiceSpec } from '../../../schema/kube/service';
import type { AllocationFailure } from './allocation-failure';

/** Reserves ports and remembers them, so that the caller can undo everything on failure. */
export interface PortReserver {
  port(port: number): void;
  nextPort(): number;
}

/** The non-zero nodePorts of `spec`, in port order (repeats kept). */
export function nodePortsOf(spec: ServiceSpec): number[] {
  return (spec.ports ?? []).flatMap((p) => (p.nodePort ? [p.nodePort] : []));
}

/** NodePort always; LoadBalancer unless allocateLoadBalancerNodePorts is false (explicit ones still count). */
function shouldAllocateNodePorts(spec: ServiceSpec): boolean {
  if (spec.type === 'NodePort') return true;
  return spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false;
}

/** Create: one nodePort per service port number (TCP and UDP of port 53 share it), explicit first. */
export function initNodePorts(
  spec: ServiceSpec,
  reserver: PortReserver,
): AllocationFailure | undefined {
  const ports = spec.ports ?? [];
  const byPortNumber = new Map<number, number>();
  for (const [i, p] of ports.entries()) {
    if (!p.nodePort && !shouldAllocateNodePorts(spec)) continue;
    const shared = byPortNumber.get(p.port);
    if (shared === undefined) {
      // Any entry of the same port number may carry the requested value (k8s findRequestedNodePort).
      const requested = ports.find((q) => q.port === p.port && q.nodePort)?.nodePort;
      const failure = requested ? reservePort(reserver, requested, i) : undefined;
      if (failure) return failure;
      const nodePort = requested ?? nextPort(reserver);
      if (typeof nodePort !== 'number') return nodePort;
      p.nodePort = nodePort;
      byPortNumber.set(p.port, nodePort);
    } else if (!p.nodePort) {
      p.nodePort = shared;
    } else if (p.nodePort !== shared) {
      const failure = reservePort(reserver, p.nodePort, i);
      if (failure) return failure;
    }
  }
  return undefined;
}

/**
 * Update: nodePorts the old version holds are kept without reserving, others are reserved or
 * drawn; old nodePorts the new version no longer uses are pushed onto `released`.
 */
export function updateNodePorts(
  spec: ServiceSpec,
  old: ServiceSpec,
  reserver: PortReserver,
  released: number[],
): AllocationFailure | undefined {
  const oldNodePorts = nodePortsOf(old);
  const reservedHere = new Set<number>();
  const seen = new Set<string>();
  for (const [i, p] of (spec.ports ?? []).entries()) {
    if (!p.nodePort && !shouldAllocateNodePorts(spec)) continue;
    if (p.nodePort) {
      if (!oldNodePorts.includes(p.nodePort) && !reservedHere.has(p.nodePort)) {
        const failure = reservePort(reserver, p.nodePort, i);
        if (failure) return failure;
        reservedHere.add(p.nodePort);
      }
    } else {
      const nodePort = nextPort(reserver);
      if (typeof nodePort !== 'number') return nodePort;
      p.nodePort = nodePort;
    }
    // Go prints the ServiceNodePort struct as {TCP 30080}. updateNodePorts returns a bare Go
    // error here, before validation runs: kube-apiserver answers it as a 500 with no reason.
    const key = `{${p.protocol ?? 'TCP'} ${p.nodePort}}`;
    if (seen.has(key)) return { ok: false, plain: `duplicate nodePort: ${key}` };
    seen.add(key);
  }
  const kept = nodePortsOf(spec);
  released.push(...oldNodePorts.filter((np) => !kept.includes(np)));
  return undefined;
}

function reservePort(
  reserver: PortReserver,
  port: number,
  index: number,
): AllocationFailure | undefined {
  try {
    reserver.port(port);
    return undefined;
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return { ok: false, errors: [invalid(`spec.ports[${index}].nodePort`, port, detail)] };
  }
}

function nextPort(reserver: PortReserver): number | AllocationFailure {
  try {
    return reserver.nextPort();
  } catch (e) {
    if (!(e instanceof ErrFull)) throw e;
    return { ok: false, internal: `failed to allocate a nodePort: ${e.message}` };
  }
}

/**
 * The requested healthCheckNodePort, or any free one written into `spec`. Kubernetes wraps every
 * failure as an internal error (500), an out-of-range request included.
 */
export function allocateHealthCheckNodePort(
  spec: ServiceSpec,
  reserver: PortReserver,
): AllocationFailure | undefined {
  const requested = spec.healthCheckNodePort ?? 0;
  try {
    if (requested !== 0) reserver.port(requested);
    else spec.healthCheckNodePort = reserver.nextPort();
    return undefined;
  } catch (e) {
    if (!(e instanceof ErrFull || e instanceof ErrAllocated || e instanceof ErrNotInRange)) throw e;
    // Go prints the zero its failed AllocateNext returned.
    const what =
      requested !== 0 ? `requested HealthCheck NodePort ${requested}` : 'a HealthCheck NodePort 0';
    return { ok: false, internal: `failed to allocate ${what}: ${e.message}` };
  }
}
