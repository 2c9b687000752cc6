// Checks read from the lab's objects alone: existence, field values, Service ports, endpoints.
import type { Endpoints } from '../../schema/kube/core';
import type { Service, ServicePort } from '../../schema/kube/service';
import type { ClusterState } from '../lab/cluster-state';
import { findObject, listKind } from '../lab/cluster-view';
import { jsonEqual } from '../apimachinery/objects';
import { RESOURCE_TYPES } from '../apimachinery/resources';
import type {
  FieldEqualsCheck,
  ObjectExistsCheck,
  ReadyEndpointsCheck,
  ServiceExposesCheck,
} from './checks';
import { parseFieldPath, valueAt } from './field-path';

/** A check's verdict before scoring. */
export interface Verdict {
  passed: boolean;
  message: string;
}

const json = (v: unknown) => JSON.stringify(v);

function isNamespaced(kind: string): boolean {
  return RESOURCE_TYPES.find((t) => t.kind === kind)?.namespaced ?? true;
}

/** `Service default/web`, or `Node node01` for cluster-scoped kinds. */
export function objectRef(kind: string, namespace: string | undefined, name: string): string {
  return isNamespaced(kind) ? `${kind} ${namespace ?? 'default'}/${name}` : `${kind} ${name}`;
}

function lookup(state: ClusterState, kind: string, namespace: string | undefined, name: string) {
  const ns = isNamespaced(kind) ? (namespace ?? 'default') : '';
  return findObject(state, kind, ns, name);
}

/** What exists instead, for a message: `Services in default: a, b` or `no Services in default`. */
function others(state: ClusterState, kind: string, namespace: string | undefined): string {
  const ns = isNamespaced(kind) ? (namespace ?? 'default') : undefined;
  const names = listKind(state, kind, ns).map((o) => o.metadata.name);
  const where = ns === undefined ? '' : ` in ${ns}`;
  if (names.length === 0) return `no ${kind} at all${where}`;
  const shown = names.slice(0, 8).join(', ') + (names.length > 8 ? `, ... (${names.length})` : '');
  return `no such ${kind} (${kind} objects${where}: ${shown})`;
}

export function objectExists(state: ClusterState, check: ObjectExistsCheck): Verdict {
  const ref = objectRef(check.kind, check.namespace, check.name);
  if (lookup(state, check.kind, check.namespace, check.name)) {
    return { passed: true, message: `${ref} exists` };
  }
  return {
    passed: false,
    message: `expected ${ref} to exist, found ${others(state, check.kind, check.namespace)}`,
  };
}

export function fieldEquals(state: ClusterState, check: FieldEqualsCheck): Verdict {
  const ref = objectRef(check.kind, check.namespace, check.name);
  const expected = `expected ${check.path} of ${ref} to be ${json(check.value)}`;
  const obj = lookup(state, check.kind, check.namespace, check.name);
  if (!obj) return { passed: false, message: `${expected}, found no such ${check.kind}` };
  const segments = parseFieldPath(check.path);
  const at = segments ? valueAt(obj, segments) : { found: false as const };
  if (!at.found) return { passed: false, message: `${expected}, found the field not set` };
  if (jsonEqual(at.value, check.value)) {
    return { passed: true, message: `${check.path} of ${ref} is ${json(check.value)}` };
  }
  return { passed: false, message: `${expected}, found ${json(at.value)}` };
}

function portText(p: ServicePort): string {
  const target = p.targetPort ?? p.port;
  return `${p.port}->${target}${p.nodePort ? ` (nodePort ${p.nodePort})` : ''}`;
}

function portMatches(p: ServicePort, check: ServiceExposesCheck): boolean {
  const target = p.targetPort ?? p.port;
  return (
    (check.port === undefined || p.port === check.port) &&
    (check.targetPort === undefined || String(target) === String(check.targetPort)) &&
    (check.nodePort === undefined || p.nodePort === check.nodePort)
  );
}

function wanted(check: ServiceExposesCheck): string {
  const parts = [
    check.serviceType && `of type ${check.serviceType}`,
    check.port !== undefined && `port ${check.port}`,
    check.targetPort !== undefined && `targetPort ${check.targetPort}`,
    check.nodePort !== undefined && `nodePort ${check.nodePort}`,
  ].filter(Boolean);
  return parts.length ? ` ${parts.join(', ')}` : '';
}

export function serviceExposes(state: ClusterState, check: ServiceExposesCheck): Verdict {
  const ref = objectRef('Service', check.namespace, check.service);
  const expected = `expected ${ref}${wanted(check)}`;
  const svc = lookup(state, 'Service', check.namespace, check.service) as Service | undefined;
  if (!svc)
    return {
      passed: false,
      message: `${expected}, found ${others(state, 'Service', check.namespace)}`,
    };
  const type = svc.spec?.type ?? 'ClusterIP';
  const ports = svc.spec?.ports ?? [];
  const typeOk = check.serviceType === undefined || type === check.serviceType;
  const port = ports.find((p) => portMatches(p, check));
  if (typeOk && port)
    return { passed: true, message: `${ref} is ${type} with port ${portText(port)}` };
  const found = `type ${type}, ports ${ports.map(portText).join(', ') || 'none'}`;
  return { passed: false, message: `${expected}, found ${found}` };
}

export function readyEndpoints(state: ClusterState, check: ReadyEndpointsCheck): Verdict {
  const ref = objectRef('Service', check.namespace, check.service);
  const expected = `expected at least ${check.min} ready endpoint${check.min === 1 ? '' : 's'} for ${ref}`;
  const ep = lookup(state, 'Endpoints', check.namespace, check.service) as Endpoints | undefined;
  if (!ep) return { passed: false, message: `${expected}, found no such Service` };
  // One endpoint per pod address, shown with the first port it serves.
  const ready = new Map<string, string>();
  let notReady = 0;
  for (const s of ep.subsets ?? []) {
    const port = s.ports?.[0]?.port;
    for (const a of s.addresses ?? []) {
      if (!ready.has(a.ip)) ready.set(a.ip, port === undefined ? a.ip : `${a.ip}:${port}`);
    }
    notReady += s.notReadyAddresses?.length ?? 0;
  }
  const list = [...ready.values()].sort().join(', ');
  const found = ready.size === 0 ? 'none' : `${ready.size} (${list})`;
  const extra = notReady ? `, ${notReady} not ready` : '';
  const hintless = ready.size === 0 && !notReady ? ': its selector matches no ready pod' : '';
  const passed = ready.size >= check.min;
  return {
    passed,
    message: passed
      ? `${ref} has ${ready.size} ready endpoint${ready.size === 1 ? '' : 's'} (${list})`
      : `${expected}, found ${found}${extra}${hintless}`,
  };
}
