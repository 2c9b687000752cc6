// A working copy of a cluster that one request mutates; its change log becomes the write plan.
import type { ClusterState, WritePlan } from '../lab/cluster-state';
import { IpAllocator } from './service/ip-allocator';
import {
  byNamespaceAndName,
  clone,
  keyString,
  type KubeObject,
  type ObjectKey,
} from '../apimachinery/objects';
import { parsePortRange, PortAllocator } from './service/port-allocator';
import { randomUuid, type Random } from '../apimachinery/random';

export interface MutationContext {
  now: Date;
  random: Random;
}

export class ClusterDraft {
  readonly revision: number;
  readonly ports: PortAllocator;
  readonly ips: IpAllocator;
  private readonly objects = new Map<string, KubeObject>();
  private readonly touched = new Set<string>();
  private readonly initialPorts: Set<number>;
  private readonly initialIps: Set<string>;

  constructor(
    readonly state: ClusterState,
    readonly ctx: MutationContext,
  ) {
    this.revision = state.revision + 1;
    for (const o of state.objects) this.objects.set(keyString(keyFor(o)), o);
    this.initialPorts = new Set(state.allocations.nodePorts);
    this.initialIps = new Set(state.allocations.clusterIPs);
    this.ports = new PortAllocator(
      parsePortRange(state.settings.nodePortRange),
      state.allocations.nodePorts,
      ctx.random,
    );
    this.ips = new IpAllocator(
      state.settings.serviceCIDR,
      state.allocations.clusterIPs,
      ctx.random,
    );
  }

  get settings() {
    return this.state.settings;
  }

  /** A deep copy of the stored object, or undefined. */
  get(kind: string, namespace: string, name: string): KubeObject | undefined {
    const o = this.objects.get(keyString({ kind, namespace, name }));
    return o && clone(o);
  }

  has(kind: string, namespace: string, name: string): boolean {
    return this.objects.has(keyString({ kind, namespace, name }));
  }

  /** Objects of a kind, optionally in one namespace, sorted by namespace then name (deep copies). */
  list(kind: string, namespace?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const o of this.objects.values()) {
      if (o.kind !== kind) continue;
      if (namespace !== undefined && (o.metadata.namespace ?? '') !== namespace) continue;
      out.push(clone(o));
    }
    return out.sort(byNamespaceAndName);
  }

  /**
   * The stored objects of a kind, ordered as `list` orders them, without copying: for controllers
   * that only read (a write must not cost a deep copy of the whole lab). Never mutate them.
   */
  peek(kind: string, namespace?: string): readonly KubeObject[] {
    const out: KubeObject[] = [];
    for (const o of this.objects.values()) {
      if (o.kind !== kind) continue;
      if (namespace !== undefined && (o.metadata.namespace ?? '') !== namespace) continue;
      out.push(o);
    }
    return out.sort(byNamespaceAndName);
  }

  /** Whether this draft has written or removed the object. */
  changed(kind: string, namespace: string, name: string): boolean {
    return this.touched.has(keyString({ kind, namespace, name }));
  }

  /** Whether this draft has written or removed any object of `kind`. */
  changedKind(kind: string): boolean {
    for (const key of this.touched) if (key.startsWith(`${kind}/`)) return true;
    return false;
  }

  /** The objects this draft has written so far (removed ones left out), without copying. */
  written(): readonly KubeObject[] {
    const out: KubeObject[] = [];
    for (const key of this.touched) {
      const o = this.objects.get(key);
      if (o) out.push(o);
    }
    return out;
  }

  /** Stores `obj`, stamping uid and creationTimestamp when new and the draft's resourceVersion. */
  put(obj: KubeObject): KubeObject {
    const key = keyString(keyFor(obj));
    const existing = this.objects.get(key);
    const stored = clone(obj);
    stored.metadata.uid = existing?.metadata.uid || obj.metadata.uid || randomUuid(this.ctx.random);
    stored.metadata.creationTimestamp =
      existing?.metadata.creationTimestamp || obj.metadata.creationTimestamp || this.timestamp();
    stored.metadata.resourceVersion = String(this.revision);
    this.objects.set(key, stored);
    this.touched.add(key);
    return clone(stored);
  }

  remove(kind: string, namespace: string, name: string): boolean {
    const key = keyString({ kind, namespace, name });
    const existed = this.objects.delete(key);
    if (existed) this.touched.add(key);
    return existed;
  }

  /** RFC 3339 at second precision, as Kubernetes stamps objects. */
  timestamp(): string {
    return this.ctx.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** The atomic change this draft represents relative to the state it started from. */
  plan(): WritePlan {
    const upserts: KubeObject[] = [];
    const deletes: ObjectKey[] = [];
    for (const key of this.touched) {
      const o = this.objects.get(key);
      if (o) upserts.push(clone(o));
      else deletes.push(parseKey(key));
    }
    const ports = this.ports.used();
    const ips = this.ips.used();
    return {
      baseRevision: this.state.revision,
      revision: this.revision,
      upserts,
      deletes,
      allocate: [
        ...[...ports].filter((p) => !this.initialPorts.has(p)).map((p) => nodePort(p)),
        ...[...ips].filter((ip) => !this.initialIps.has(ip)).map((ip) => clusterIP(ip)),
      ],
      release: [
        ...[...this.initialPorts].filter((p) => !ports.has(p)).map((p) => nodePort(p)),
        ...[...this.initialIps].filter((ip) => !ips.has(ip)).map((ip) => clusterIP(ip)),
      ],
    };
  }
}

function nodePort(p: number) {
  return { kind: 'nodePort' as const, value: String(p) };
}

function clusterIP(ip: string) {
  return { kind: 'clusterIP' as const, value: ip };
}

function keyFor(o: KubeObject): ObjectKey {
  return { kind: o.kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name };
}

function parseKey(key: string): ObjectKey {
  const [kind = '', namespace = '', ...rest] = key.split('/');
  return { kind, namespace, name: rest.join('/') };
}
