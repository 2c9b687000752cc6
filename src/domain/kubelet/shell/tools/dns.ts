// Cluster DNS as a pod's resolver sees it: Service names through the search path (ndots:5), FQDNs,
// headless Services answering their ready pods, ExternalName as a CNAME; nslookup in BusyBox's
// words (the only nslookup the modelled images ship) and getent hosts (/etc/hosts, then DNS).
import { resolveServiceName } from '../../../proxy/cluster-dns';
import { clusterIPs } from '../../../proxy/service-facts';
import { CLUSTER_DNS_IP } from '../container-fs';
import { fail, ok, type Tool } from '../tool';
import type { ShellContext } from '../types';

/** What a name resolves to from the pod: its canonical name and addresses, or nothing. */
export interface HostAnswer {
  name: string;
  addresses: string[];
  cname?: string;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function readyPodIps(
  ctx: ShellContext,
  namespace: string,
  selector: Record<string, string> | undefined,
): string[] {
  if (!selector || Object.keys(selector).length === 0) return [];
  return ctx.view.pods
    .filter(
      (p) => (p.metadata.namespace ?? 'default') === namespace && p.status?.phase === 'Running',
    )
    .filter((p) =>
      Object.entries(selector).every(
        ([k, v]) => Object.hasOwn(p.metadata.labels ?? {}, k) && p.metadata.labels![k] === v,
      ),
    )
    .map((p) => p.status?.podIP ?? '')
    .filter((ip) => ip !== '')
    .sort();
}

/** Resolves `host` as the pod's resolver would (own name and localhost from /etc/hosts first). */
export function lookupHost(ctx: ShellContext, host: string): HostAnswer | undefined {
  const lower = host.toLowerCase().replace(/\.$/, '');
  if (IPV4.test(lower)) return { name: lower, addresses: [lower] };
  if (lower === 'localhost') return { name: 'localhost', addresses: ['127.0.0.1'] };
  if (lower === (ctx.pod.metadata.name ?? '').toLowerCase())
    return { name: lower, addresses: [ctx.pod.status?.podIP ?? ''] };
  const namespace = ctx.pod.metadata.namespace ?? 'default';
  const svc = resolveServiceName(
    ctx.view as Parameters<typeof resolveServiceName>[0],
    host,
    namespace,
  );
  if (svc === undefined) return undefined;
  const fqdn = `${svc.metadata.name}.${svc.metadata.namespace ?? 'default'}.svc.cluster.local`;
  if (svc.spec?.type === 'ExternalName') {
    return { name: fqdn, addresses: [], cname: svc.spec.externalName ?? '' };
  }
  const ips = clusterIPs(svc);
  const addresses = ips.length
    ? ips.filter((ip) => IPV4.test(ip))
    : readyPodIps(ctx, svc.metadata.namespace ?? 'default', svc.spec?.selector);
  return addresses.length ? { name: fqdn, addresses } : undefined;
}

const SERVER = `Server:\t\t${CLUSTER_DNS_IP}\nAddress:\t${CLUSTER_DNS_IP}:53\n\n`;

/** BusyBox nslookup: the server, then the answer; NXDOMAIN with exit 1. */
export const nslookup: Tool = (args, io) => {
  const name = args.find((a) => !a.startsWith('-'));
  if (name === undefined)
    return fail(
      'BusyBox v1.37.0 multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n',
    );
  const answer = lookupHost(io.ctx, name);
  if (answer === undefined || (answer.addresses.length === 0 && answer.cname === undefined)) {
    return { stdout: SERVER, stderr: `** server can't find ${name}: NXDOMAIN\n\n`, exitCode: 1 };
  }
  if (answer.cname !== undefined) {
    return ok(`${SERVER}${answer.name}\tcanonical name = ${answer.cname}\n\n`);
  }
  const records = answer.addresses.map((a) => `Name:\t${answer.name}\nAddress: ${a}\n`).join('');
  return ok(`${SERVER}${records}\n`);
};

/** getent hosts NAME: one line per address, exit 2 when the name is unknown. */
export const getent: Tool = (args, io) => {
  const [db, ...keys] = args;
  if (db !== 'hosts' && db !== 'ahosts') return fail(`Unknown database: ${db ?? ''}\n`);
  if (keys.length === 0)
    return ok(
      io.fs
        .read('/etc/hosts')
        ?.split('\n')
        .filter((l) => l && !l.startsWith('#'))
        .join('\n')
        .concat('\n') ?? '',
    );
  let stdout = '';
  let missing = false;
  for (const key of keys) {
    const answer = lookupHost(io.ctx, key);
    if (answer === undefined || answer.addresses.length === 0) {
      missing = true;
      continue;
    }
    for (const a of answer.addresses) stdout += `${a.padEnd(15)} ${answer.name}\n`;
  }
  return { stdout, stderr: '', exitCode: missing ? 2 : 0 };
};
