// The environment a container's processes start with: the image's PATH and ENV, HOSTNAME (the
// runtime's), the pod's `env`, and the Service variables the kubelet injects (envvars.go) for every
// Service with a ClusterIP in the pod's namespace (only `kubernetes` when enableServiceLinks is
// false) that existed when the container started; then HOME.
import type { Service } from '../../../schema/kube/service';
import { clusterIPs } from '../../proxy/service-facts';
import type { Toolbox } from './images';
import type { ShellContext } from './types';

const envName = (name: string): string => name.replace(/-/g, '_').toUpperCase();

/** The variables one Service contributes, in the kubelet's order. */
export function serviceEnv(svc: Service): [string, string][] {
  const ip = svc.spec?.clusterIP;
  const ports = svc.spec?.ports ?? [];
  if (!ip || ip === 'None' || clusterIPs(svc).length === 0 || ports.length === 0) return [];
  const prefix = envName(svc.metadata.name ?? '');
  const out: [string, string][] = [
    [`${prefix}_SERVICE_HOST`, ip],
    [`${prefix}_SERVICE_PORT`, String(ports[0]!.port)],
  ];
  for (const p of ports)
    if (p.name) out.push([`${prefix}_SERVICE_PORT_${envName(p.name)}`, String(p.port)]);
  const host = ip.includes(':') ? `[${ip}]` : ip;
  for (const [i, p] of ports.entries()) {
    const proto = (p.protocol ?? 'TCP').toLowerCase();
    const url = `${proto}://${host}:${p.port}`;
    if (i === 0) out.push([`${prefix}_PORT`, url]);
    const pp = `${prefix}_PORT_${p.port}_${proto.toUpperCase()}`;
    out.push([pp, url], [`${pp}_PROTO`, proto], [`${pp}_PORT`, String(p.port)], [`${pp}_ADDR`, ip]);
  }
  return out;
}

function startedAt(ctx: ShellContext): string {
  const status = ctx.pod.status?.containerStatuses?.find((c) => c.name === ctx.container.name);
  const running = (status?.state as { running?: { startedAt?: string } } | undefined)?.running;
  return (
    running?.startedAt ?? ctx.pod.status?.startTime ?? ctx.pod.metadata.creationTimestamp ?? ''
  );
}

/** Services whose variables the container got, the `kubernetes` Service first as the kubelet adds it. */
function linkedServices(ctx: ShellContext): Service[] {
  const ns = ctx.pod.metadata.namespace ?? 'default';
  const links = ctx.pod.spec?.enableServiceLinks !== false;
  const since = startedAt(ctx);
  const older = (s: Service) => !since || (s.metadata.creationTimestamp ?? '') <= since;
  const master = ctx.view.services.find(
    (s) => s.metadata.name === 'kubernetes' && (s.metadata.namespace ?? 'default') === 'default',
  );
  const own = links
    ? ctx.view.services.filter(
        (s) => (s.metadata.namespace ?? 'default') === ns && s !== master && older(s),
      )
    : [];
  const sorted = [...own].sort((a, b) =>
    (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1,
  );
  return master ? [master, ...sorted] : sorted;
}

/** The process environment of `ctx`'s container, in order; later entries win on a clash. */
export function processEnv(ctx: ShellContext, box: Toolbox): [string, string][] {
  const entries: [string, string][] = [
    ['PATH', box.path],
    ['HOSTNAME', ctx.pod.metadata.name ?? ''],
  ];
  entries.push(...box.env.map(([k, v]) => [k, v] as [string, string]));
  const own = (ctx.container.env ?? []).map((e) => [e.name, e.value ?? ''] as [string, string]);
  const explicit = new Set(own.map(([k]) => k));
  entries.push(...own);
  for (const svc of linkedServices(ctx))
    entries.push(...serviceEnv(svc).filter(([k]) => !explicit.has(k)));
  entries.push(['HOME', box.home]);
  const merged = new Map<string, string>();
  for (const [k, v] of entries) {
    merged.delete(k);
    merged.set(k, v);
  }
  return [...merged];
}
