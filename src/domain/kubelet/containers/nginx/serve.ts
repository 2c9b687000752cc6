// One request through a pod's nginx: pick the server block (listen + server_name), the location
// (=, ^~, regex, longest prefix), then run `return` or serve a file from `root`.
import { byteLength, normalizeUri, splitPath, type ContainerRequest } from '../http-message';
import { nginxPlainHttpToHttpsPage } from './pages';
import {
  absoluteBase,
  contentTypeFor,
  errorResponse,
  nginxResponse,
  returnResponse,
} from './response';
import {
  acceptsOn,
  type LocationBlock,
  type NginxModel,
  type ServerBlock,
  type Settings,
} from './servers';
import { requestHost, type NginxVariableContext } from './variables';
import type { PodFiles } from '../pod-files';
import type { PodResponse } from '../http-message';

/** The pod-side facts one request is served with. */
export interface NginxServeContext {
  podName: string;
  podIP: string;
  port: number;
  now: Date;
  files: PodFiles;
  request: ContainerRequest;
}

function nameMatches(name: string, host: string): boolean {
  if (name.startsWith('~')) return safeRegExp(name.slice(1), false)?.test(host) ?? false;
  if (name.startsWith('*.')) return host.endsWith(name.slice(1));
  if (name.startsWith('.')) return host === name.slice(1) || host.endsWith(name);
  if (name.endsWith('.*')) return host.startsWith(name.slice(0, -1));
  return name.toLowerCase() === host;
}

/** The server block nginx picks for a connection to podIP:port with this Host. */
export function selectServer(
  servers: ServerBlock[],
  podIP: string,
  port: number,
  host: string,
): ServerBlock | undefined {
  const onPort = servers.filter((s) => s.listens.some((l) => acceptsOn(l, podIP, port)));
  const named = onPort.find((s) => s.serverNames.some((n) => nameMatches(n, host)));
  const fallback = onPort.find((s) =>
    s.listens.some((l) => l.defaultServer && acceptsOn(l, podIP, port)),
  );
  return named ?? fallback ?? onPort[0];
}

// Regex server names and locations are compiled once, not per request (null: not a valid regex).
const compiled = new Map<string, RegExp | null>();

function safeRegExp(pattern: string, caseless: boolean): RegExp | undefined {
  const key = `${caseless ? 'i' : '-'}${pattern}`;
  let re = compiled.get(key);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, caseless ? 'i' : '');
    } catch {
      re = null;
    }
    if (compiled.size >= 1024) compiled.clear();
    compiled.set(key, re);
  }
  return re ?? undefined;
}

/** nginx's location choice: exact `=`, then longest prefix (final if `^~`), then first regex, else that prefix. */
export function matchLocation(locations: LocationBlock[], uri: string): LocationBlock | undefined {
  const exact = locations.find((l) => l.modifier === '=' && l.path === uri);
  if (exact) return exact;
  const prefix = locations
    .filter((l) => (l.modifier === '' || l.modifier === '^~') && uri.startsWith(l.path))
    .reduce<LocationBlock | undefined>(
      (best, l) => (best && best.path.length >= l.path.length ? best : l),
      undefined,
    );
  if (prefix?.modifier === '^~') return prefix;
  const regex = locations.find(
    (l) =>
      (l.modifier === '~' || l.modifier === '~*') &&
      (safeRegExp(l.path, l.modifier === '~*')?.test(uri) ?? false),
  );
  return regex ?? prefix;
}

function merge(...levels: Settings[]): Settings {
  const out: Settings = {};
  for (const s of levels) {
    if (s.root !== undefined) out.root = s.root;
    if (s.index !== undefined) out.index = s.index;
    if (s.defaultType !== undefined) out.defaultType = s.defaultType;
    if (s.addHeaders !== undefined) out.addHeaders = s.addHeaders;
  }
  return out;
}

// The settings in force in a server block and in each of its locations, merged once per config.
const inServer = new WeakMap<ServerBlock, Settings>();
const inLocation = new WeakMap<LocationBlock, Settings>();

function serverSettings(model: NginxModel, server: ServerBlock): Settings {
  let merged = inServer.get(server);
  if (!merged) inServer.set(server, (merged = Object.freeze(merge(model.http, server))));
  return merged;
}

function locationSettings(
  model: NginxModel,
  server: ServerBlock,
  location: LocationBlock | undefined,
): Settings {
  if (!location) return serverSettings(model, server);
  let merged = inLocation.get(location);
  if (!merged) {
    inLocation.set(location, (merged = Object.freeze(merge(model.http, server, location))));
  }
  return merged;
}

interface Served {
  model: NginxModel;
  server: ServerBlock;
  ctx: NginxServeContext;
  v: NginxVariableContext;
}

function serveFile(sv: Served, s: Settings, uri: string, depth: number): PodResponse {
  const { ctx, v } = sv;
  const method = ctx.request.method.toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') return errorResponse(405, s, v);
  const root = (s.root ?? 'html').replace(/\/+$/, '');
  const base = root.startsWith('/') ? root : `/etc/nginx/${root}`;
  if (uri.endsWith('/')) {
    const index = (s.index ?? ['index.html']).find((name) =>
      ctx.files.files.has(base + uri + name),
    );
    if (index !== undefined && depth < 5) return handleUri(sv, uri + index, depth + 1);
    return errorResponse(ctx.files.dirs.has(base + uri.replace(/\/$/, '')) ? 403 : 404, s, v);
  }
  const file = ctx.files.files.get(base + uri);
  if (file) {
    const contentType = contentTypeFor(uri, s, sv.model.mimeTypes);
    const stat = { mtime: file.mtime, size: byteLength(file.content) };
    return nginxResponse({ status: 200, body: file.content, contentType, file: stat }, s, v);
  }
  if (ctx.files.dirs.has(base + uri)) return errorResponse(301, s, v, absoluteBase(v) + uri + '/');
  return errorResponse(404, s, v);
}

function handleUri(sv: Served, uri: string, depth: number): PodResponse {
  const location = matchLocation(sv.server.locations, uri);
  const settings = locationSettings(sv.model, sv.server, location);
  if (location?.ret) return returnResponse(location.ret, uri, settings, sv.v, sv.model.mimeTypes);
  return serveFile(sv, settings, uri, depth);
}

/** Answers one request arriving at podIP:port; the caller has checked that nginx listens there. */
export function serveNginx(model: NginxModel, ctx: NginxServeContext): PodResponse {
  const { podName, podIP, port, now, request } = ctx;
  const probe: NginxVariableContext = { podName, podIP, port, now, request, serverName: '' };
  const server = selectServer(model.servers, ctx.podIP, ctx.port, requestHost(probe));
  if (server === undefined) return errorResponse(404, model.http, probe);
  const v: NginxVariableContext = {
    podName,
    podIP,
    port,
    now,
    request,
    serverName: server.serverNames[0] ?? '',
  };
  const settings = serverSettings(model, server);
  if (server.listens.some((l) => l.ssl && acceptsOn(l, ctx.podIP, ctx.port))) {
    const body = nginxPlainHttpToHttpsPage();
    return nginxResponse({ status: 400, body, contentType: 'text/html' }, settings, v);
  }
  const uri = normalizeUri(splitPath(ctx.request.path).uri);
  if (server.ret) return returnResponse(server.ret, uri, settings, v, model.mimeTypes);
  return handleUri({ model, server, ctx, v }, uri, 0);
}
