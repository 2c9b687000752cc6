// API discovery as kube-apiserver serves it: /version, legacy /api and /apis documents and the
// aggregated (apidiscovery.k8s.io/v2) form kubectl asks for first. Only served resources appear.
import { Hono, type Context } from 'hono';
import { strategyFor } from '../../domain/registry/strategies';
import { versionInfo } from '../../domain/lab/kubernetes-versions';
import {
  RESOURCE_TYPES,
  apiVersionOf,
  type ResourceType,
} from '../../domain/apimachinery/resources';
import type { AppEnv } from '../context';

const WRITE_VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const READ_VERBS = ['get', 'list', 'watch'];
/** `kubectl get all` lists these. */
const IN_CATEGORY_ALL = new Set(['pods', 'services', 'deployments', 'replicasets']);

interface Subresource {
  name: string;
  group: string;
  version: string;
  kind: string;
  verbs: string[];
}

/** A status subresource answers its parent's kind (status-subresource.ts). */
function status(group: string, version: string, kind: string): Subresource {
  return { name: 'status', group, version, kind, verbs: ['get', 'patch', 'update'] };
}

/** Subresources served, by parent resource (the scale subresource kubectl scale uses). */
const SUBRESOURCES: Record<string, Subresource[]> = {
  deployments: [
    {
      name: 'scale',
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: ['get', 'patch', 'update'],
    },
    status('apps', 'v1', 'Deployment'),
  ],
  pods: [status('', 'v1', 'Pod')],
  services: [status('', 'v1', 'Service')],
};

function verbsOf(t: ResourceType): string[] {
  return t.writable && strategyFor(t) ? WRITE_VERBS : READ_VERBS;
}

/** The group versions served, core first: `{ group: '', version: 'v1' }`, `apps/v1`, ... */
function groupVersions(): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const t of RESOURCE_TYPES) seen.set(apiVersionOf(t), { group: t.group, version: t.version });
  return [...seen.values()];
}

function typesIn(group: string, version: string): ResourceType[] {
  return RESOURCE_TYPES.filter((t) => t.group === group && t.version === version);
}

/** The legacy APIResourceList of one group version. */
export function apiResourceList(group: string, version: string) {
  const resources = typesIn(group, version).flatMap((t) => [
    {
      name: t.resource,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: verbsOf(t),
      ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
      ...(IN_CATEGORY_ALL.has(t.resource) ? { categories: ['all'] } : {}),
    },
    ...(SUBRESOURCES[t.resource] ?? []).map((s) => ({
      name: `${t.resource}/${s.name}`,
      singularName: '',
      namespaced: t.namespaced,
      // Named only when not the parent's group version, as kube-apiserver lists them.
      ...(s.group !== t.group || s.version !== t.version
        ? { group: s.group, version: s.version }
        : {}),
      kind: s.kind,
      verbs: s.verbs,
    })),
  ]);
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources,
  };
}

function apiGroupList() {
  const groups = groupVersions()
    .filter((gv) => gv.group !== '')
    .map(({ group, version }) => {
      const gv = { groupVersion: `${group}/${version}`, version };
      return { name: group, versions: [gv], preferredVersion: gv };
    });
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/** One group's entry in the aggregated discovery document. */
function discoveryGroup(group: string) {
  const versions = groupVersions()
    .filter((gv) => gv.group === group)
    .map(({ version }) => ({
      version,
      resources: typesIn(group, version).map((t) => ({
        resource: t.resource,
        responseKind: { group: t.group, version: t.version, kind: t.kind },
        scope: t.namespaced ? 'Namespaced' : 'Cluster',
        singularResource: t.singular,
        verbs: verbsOf(t),
        ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
        ...(IN_CATEGORY_ALL.has(t.resource) ? { categories: ['all'] } : {}),
        ...(SUBRESOURCES[t.resource]
          ? {
              subresources: SUBRESOURCES[t.resource]!.map((s) => ({
                subresource: s.name,
                responseKind: { group: s.group, version: s.version, kind: s.kind },
                verbs: s.verbs,
              })),
            }
          : {}),
      })),
      freshness: 'Current',
    }));
  return { metadata: { ...(group ? { name: group } : {}), creationTimestamp: null }, versions };
}

const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** True when the client accepts the aggregated v2 document (kubectl 1.30+ asks for it first). */
function wantsAggregated(c: Context): boolean {
  return (c.req.header('accept') ?? '').split(',').some((part) => {
    const params = part.split(';').map((p) => p.trim());
    return (
      params.includes('g=apidiscovery.k8s.io') &&
      params.includes('v=v2') &&
      params.includes('as=APIGroupDiscoveryList')
    );
  });
}

function aggregated(c: Context, groups: string[]): Response {
  const body = {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map(discoveryGroup),
  };
  return new Response(JSON.stringify(body), {
    headers: { 'Content-Type': AGGREGATED, Vary: 'Accept' },
  });
}

/**
 * /version is public (auth.ts serves it without credentials, in the default lab), so it reads the
 * lab the request names itself (`/k8s/<lab>` or X-Lab-Id), when that lab exists: a lab's version
 * is no secret, and its objects stay behind the lab's credentials.
 */
async function versionLab(c: Context<AppEnv>): Promise<string> {
  const asked = c.req.header('x-lab-id');
  if (asked && asked !== c.var.labId && (await c.var.labs.access(asked))) return asked;
  return c.var.labId;
}

/**
 * A path and the same with a trailing slash: kube-apiserver's router (go-restful, trailing
 * slashes trimmed) answers both, and the Python client asks for `/version/`, `/api/`, `/api/v1/`.
 */
function slashed(path: string): string[] {
  return [path, `${path}/`];
}

export const discoveryRoutes = new Hono<AppEnv>()
  // kubectl prints gitVersion as the server version: the release the lab's settings name.
  .on('GET', slashed('/version'), async (c) => {
    const state = await c.var.cluster.state(await versionLab(c));
    return c.json(versionInfo(state.settings));
  })
  .on('GET', slashed('/api'), (c) => {
    if (wantsAggregated(c)) return aggregated(c, ['']);
    c.header('Vary', 'Accept');
    return c.json({
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [
        { clientCIDR: '0.0.0.0/0', serverAddress: new URL(c.req.url).host },
      ],
    });
  })
  .on('GET', slashed('/apis'), (c) => {
    const groups = [...new Set(groupVersions().map((gv) => gv.group))].filter((g) => g !== '');
    if (wantsAggregated(c)) return aggregated(c, groups);
    c.header('Vary', 'Accept');
    return c.json(apiGroupList());
  })
  .on('GET', slashed('/api/v1'), (c) => c.json(apiResourceList('', 'v1')))
  .on('GET', slashed('/apis/:group/:version'), (c, next) => {
    const [group, version] = [c.req.param('group') ?? '', c.req.param('version') ?? ''];
    if (typesIn(group, version).length === 0) return next();
    return c.json(apiResourceList(group, version));
  })
  .on('GET', slashed('/apis/:group'), (c, next) => {
    const group = apiGroupList().groups.find((g) => g.name === c.req.param('group'));
    return group ? c.json({ kind: 'APIGroup', apiVersion: 'v1', ...group }) : next();
  });
