// The registry step that runs before Service validation on create and update (kube-apiserver's
// beginCreate/beginUpdate): patch remembered values, allocate clusterIP and nodePorts, and report
// what to release. All-or-nothing: on failure, whatever this call reserved is released again.
import { invalid, type FieldError } from './field-errors';
import { ErrFull as IpRangeFull, ipToInt, type IpAllocator } from './ip-allocator';
import type { PortAllocator } from './port-allocator';
import type { Service, ServiceSpec } from '../schema/service';
import { initNodePorts, nodePortsOf, updateNodePorts } from './service-node-ports';
import { prepareServiceUpdate, needsClusterIP, needsNodePort } from './service-update-prep';

/** The two pools a Service draws from; mutated in place so later services see earlier ones. */
export interface ServiceAllocators {
  ports: PortAllocator;
  ips: IpAllocator;
}

/** NodePorts and clusterIPs, as allocated, released or held by a Service. */
export interface ServiceAddresses {
  nodePorts: number[];
  clusterIPs: string[];
}

/** A 422 field error for the Service, or the text of a 500 (`failed to allocate a nodePort: ...`). */
export type AllocationFailure = { ok: false; error: FieldError } | { ok: false; internal: string };

/** Success with the filled-in Service and the address changes, or a failure with nothing held. */
export type AllocationResult =
  | {
      ok: true;
      /** The service with clusterIP, clusterIPs and nodePorts filled in. */
      service: Service;
      /** Reserved by this call (already in the allocators); release them if a later step fails. */
      allocated: ServiceAddresses;
      /** Held by the old version only; release them once the update has committed. */
      released: ServiceAddresses;
    }
  | AllocationFailure;

/** Reserves through the allocators and remembers what it reserved, so that it can roll back. */
class Reservation {
  readonly nodePorts: number[] = [];
  readonly clusterIPs: string[] = [];
  constructor(private readonly alloc: ServiceAllocators) {}

  port(port: number): void {
    this.alloc.ports.allocate(port);
    this.nodePorts.push(port);
  }
  nextPort(): number {
    const port = this.alloc.ports.allocateNext();
    this.nodePorts.push(port);
    return port;
  }
  ip(ip: string): void {
    this.alloc.ips.allocate(ip);
    this.clusterIPs.push(ip);
  }
  nextIp(): string {
    const ip = this.alloc.ips.allocateNext();
    this.clusterIPs.push(ip);
    return ip;
  }
  rollback(): void {
    releaseAddresses(this.alloc, { nodePorts: this.nodePorts, clusterIPs: this.clusterIPs });
  }
}

/**
 * Fills in clusterIP/clusterIPs/nodePorts of an already defaulted Service (`old` set on update).
 * On success the allocators hold everything the result's `service` uses; on failure they are as
 * they were. `released` is not released here: Kubernetes frees it only after the update commits.
 */
export function allocateServiceAddresses(
  svc: Service,
  old: Service | undefined,
  alloc: ServiceAllocators,
): AllocationResult {
  const next = structuredClone(svc);
  const spec = next.spec ?? {};
  next.spec = spec;
  const released: ServiceAddresses = { nodePorts: [], clusterIPs: [] };
  if (old) prepareServiceUpdate(spec, old.spec ?? {});
  else if (spec.clusterIP && !spec.clusterIPs?.length) spec.clusterIPs = [spec.clusterIP];

  // Malformed clusterIP fields are validation's to report; kube-apiserver rejects them before
  // allocating anything, so allocate nothing here.
  if (needsClusterIP(spec) && !clusterIPsAllocatable(spec)) {
    return { ok: true, service: next, allocated: { nodePorts: [], clusterIPs: [] }, released };
  }

  const reservation = new Reservation(alloc);
  try {
    const failure = allocateAll(spec, old?.spec, reservation, released);
    if (failure) {
      reservation.rollback();
      return failure;
    }
  } catch (e) {
    reservation.rollback();
    throw e;
  }
  const allocated = { nodePorts: reservation.nodePorts, clusterIPs: reservation.clusterIPs };
  return { ok: true, service: next, allocated, released };
}

function allocateAll(
  spec: ServiceSpec,
  old: ServiceSpec | undefined,
  reservation: Reservation,
  released: ServiceAddresses,
): AllocationFailure | undefined {
  if (!old) {
    return (
      allocateClusterIP(spec, reservation) ??
      (needsNodePort(spec) ? initNodePorts(spec, reservation) : undefined)
    );
  }
  if (!needsClusterIP(old) && needsClusterIP(spec)) {
    const failure = allocateClusterIP(spec, reservation);
    if (failure) return failure;
  } else if (needsClusterIP(old) && !needsClusterIP(spec) && !isHeadless(old)) {
    released.clusterIPs.push(...(old.clusterIPs ?? []).filter((ip) => ip !== '' && ip !== 'None'));
  }
  if (needsNodePort(old) && !needsNodePort(spec)) released.nodePorts.push(...nodePortsOf(old));
  if (needsNodePort(spec)) return updateNodePorts(spec, old, reservation, released.nodePorts);
  return undefined;
}

function isHeadless(spec: ServiceSpec): boolean {
  return spec.clusterIPs?.[0] === 'None';
}

/** A single-stack request with clusterIP and clusterIPs[0] agreeing on `None`, empty or an IPv4. */
function clusterIPsAllocatable(spec: ServiceSpec): boolean {
  const ips = spec.clusterIPs ?? [];
  const first = ips[0] ?? '';
  if (ips.length > 1 || (spec.clusterIP && spec.clusterIP !== first)) return false;
  return first === '' || first === 'None' || ipToInt(first) !== undefined;
}

function allocateClusterIP(
  spec: ServiceSpec,
  reservation: Reservation,
): AllocationFailure | undefined {
  if (!needsClusterIP(spec) || isHeadless(spec)) return undefined;
  const requested = spec.clusterIPs?.[0] ?? '';
  let ip = requested;
  try {
    if (requested === '') ip = reservation.nextIp();
    else reservation.ip(requested);
  } catch (e) {
    if (requested === '') {
      if (e instanceof IpRangeFull)
        return { ok: false, internal: `failed to allocate a serviceIP: ${e.message}` };
      throw e;
    }
    const detail = `failed to allocate IP ${requested}: ${errorMessage(e)}`;
    return { ok: false, error: invalid('spec.clusterIPs', spec.clusterIPs, detail) };
  }
  spec.clusterIP = ip;
  spec.clusterIPs = [ip];
  return undefined;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** What a stored Service holds in the allocators (distinct nodePorts; no IP for headless/ExternalName). */
export function serviceAddresses(svc: Service): ServiceAddresses {
  const spec = svc.spec ?? {};
  const clusterIPs =
    needsClusterIP(spec) && !isHeadless(spec)
      ? (spec.clusterIPs ?? []).filter((ip) => ip !== '')
      : [];
  return { nodePorts: [...new Set(nodePortsOf(spec))], clusterIPs };
}

/** Frees the given addresses (for delete, after a commit, or to undo `allocated`); idempotent. */
export function releaseAddresses(alloc: ServiceAllocators, addresses: ServiceAddresses): void {
  for (const port of addresses.nodePorts) alloc.ports.release(port);
  for (const ip of addresses.clusterIPs) alloc.ips.release(ip);
}
