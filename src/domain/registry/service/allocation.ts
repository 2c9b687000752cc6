// The registry step that runs before Service validation on create and update (kube-apiserver's
// beginCreate/beginUpdate): patch remembered values, settle the IP families, allocate clusterIP,
// nodePorts and the health check nodePort, and report what to release. All-or-nothing: on
// failure, whatever this call reserved is released again.
import { clone } from '../../apimachinery/objects';
import { invalid } from '../../apimachinery/field-errors';
import { ErrFull as IpRangeFull, type IpAllocator } from './ip-allocator';
import type { PortAllocator } from './port-allocator';
import type { Service, ServiceSpec } from '../../../schema/kube/service';
import { initIPFamilyFields } from './ip-families';
import { sortKeys } from '../../apimachinery/sorted-keys';
import { needsHealthCheck } from './load-balancer';
import {
  allocateHealthCheckNodePort,
  initNodePorts,
  nodePortsOf,
  updateNodePorts,
} from './node-ports';
import { prepareServiceUpdate, needsClusterIP, needsNodePort } from './update-prep';
import type { AllocationFailure } from './allocation-failure';

/** The two pools a Service draws from; mutated in place so later services see earlier ones. */
export interface ServiceAllocators {
  ports: PortAllocator;
  ips: IpAllocator;
}

/** NodePorts (the health check nodePort among them) and clusterIPs a Service holds. */
export interface ServiceAddresses {
  nodePorts: number[];
  clusterIPs: string[];
}

export type { AllocationFailure };

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
  const next = clone(svc);
  const spec = next.spec ?? {};
  next.spec = spec;
  const released: ServiceAddresses = { nodePorts: [], clusterIPs: [] };
  if (old) prepareServiceUpdate(spec, old.spec ?? {});
  else if (spec.clusterIP && !spec.clusterIPs?.length) spec.clusterIPs = [spec.clusterIP];

  // Malformed clusterIP fields and families this cluster lacks are refused before anything is
  // allocated; after this a Service needing a clusterIP requests at most one, IPv4.
  const familyErrors = initIPFamilyFields(spec, old?.spec);
  if (familyErrors.length > 0) return { ok: false, errors: familyErrors };

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
  // Filled-in fields take their alphabetical place, as the defaulters order the rest.
  return { ok: true, service: { ...next, spec: sortKeys(spec) }, allocated, released };
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
      (needsNodePort(spec) ? initNodePorts(spec, reservation) : undefined) ??
      (needsHealthCheck(spec) ? allocateHealthCheckNodePort(spec, reservation) : undefined)
    );
  }
  if (!needsClusterIP(old) && needsClusterIP(spec)) {
    const failure = allocateClusterIP(spec, reservation);
    if (failure) return failure;
  } else if (needsClusterIP(old) && !needsClusterIP(spec) && !isHeadless(old)) {
    released.clusterIPs.push(...(old.clusterIPs ?? []).filter((ip) => ip !== '' && ip !== 'None'));
  }
  if (needsNodePort(old) && !needsNodePort(spec)) released.nodePorts.push(...nodePortsOf(old));
  if (needsNodePort(spec)) {
    const failure = updateNodePorts(spec, old, reservation, released.nodePorts);
    if (failure) return failure;
  }
  return updateHealthCheckNodePort(spec, old, reservation, released);
}

/** updateHealthCheckNodePort: allocate on becoming LoadBalancer+Local, release on leaving it. */
function updateHealthCheckNodePort(
  spec: ServiceSpec,
  old: ServiceSpec,
  reservation: Reservation,
  released: ServiceAddresses,
): AllocationFailure | undefined {
  const needed = needsHealthCheck(old);
  if (!needed && needsHealthCheck(spec)) return allocateHealthCheckNodePort(spec, reservation);
  if (needed && !needsHealthCheck(spec) && old.healthCheckNodePort) {
    released.nodePorts.push(old.healthCheckNodePort);
  }
  return undefined;
}

function isHeadless(spec: ServiceSpec): boolean {
  return spec.clusterIPs?.[0] === 'None';
}

function allocateClusterIP(
  spec: ServiceSpec,
  reservation: Reservation,
): AllocationFailure | undefined {
  if (!needsClusterIP(spec) || isHeadless(spec)) return undefined;
  // initIPFamilyFields leaves at most one; never store a Service with an address not allocated.
  if ((spec.clusterIPs?.length ?? 0) > 1) {
    return { ok: false, internal: `unexpected clusterIPs ${JSON.stringify(spec.clusterIPs)}` };
  }
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
    return { ok: false, errors: [invalid('spec.clusterIPs', spec.clusterIPs, detail)] };
  }
  spec.clusterIP = ip;
  spec.clusterIPs = [ip];
  return undefined;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * What a stored Service holds in the allocators: distinct nodePorts, the health check nodePort
 * while it is LoadBalancer+Local, and no IP for headless/ExternalName.
 */
export function serviceAddresses(svc: Service): ServiceAddresses {
  const spec = svc.spec ?? {};
  const clusterIPs =
    needsClusterIP(spec) && !isHeadless(spec)
      ? (spec.clusterIPs ?? []).filter((ip) => ip !== '')
      : [];
  const nodePorts = nodePortsOf(spec);
  if (needsHealthCheck(spec) && spec.healthCheckNodePort) nodePorts.push(spec.healthCheckNodePort);
  return { nodePorts: [...new Set(nodePorts)], clusterIPs };
}

/** Frees the given addresses (for delete, after a commit, or to undo `allocated`); idempotent. */
export function releaseAddresses(alloc: ServiceAllocators, addresses: ServiceAddresses): void {
  for (const port of addresses.nodePorts) alloc.ports.release(port);
  for (const ip of addresses.clusterIPs) alloc.ips.release(ip);
}
