// Turns the nginx directive tree into the few things the simulator acts on: listen sockets,
// server names, locations, `return`, `root`/`index`, `default_type`, `add_header`, MIME types.
import { NginxConfigError, type Directive } from './config';

/** One `listen` socket; `address` absent means every address. */
export interface Listen {
  port: number;
  address?: string;
  ipv6: boolean;
  defaultServer: boolean;
  ssl: boolean;
}

/** `return code [text|URL]`. */
export interface ReturnAction {
  code: number;
  text?: string;
}

/** Directives that are inherited downward (http -> server -> location) when not set. */
export interface Settings {
  root?: string;
  index?: string[];
  defaultType?: string;
  addHeaders?: { name: string; value: string; always: boolean }[];
  ret?: ReturnAction;
}

/** A `location` block. */
export interface LocationBlock extends Settings {
  modifier: '' | '=' | '^~' | '~' | '~*';
  path: string;
}

/** A `server` block. */
export interface ServerBlock extends Settings {
  listens: Listen[];
  serverNames: string[];
  locations: LocationBlock[];
}

/** The whole `http` context the simulator needs. */
export interface NginxModel {
  http: Settings;
  servers: ServerBlock[];
  mimeTypes: Map<string, string>;
  /** `file:line` of each directive written with `\$`, whose backslash nginx keeps. */
  escapedDollars: string[];
}

function escapedDollars(directives: Directive[]): string[] {
  return directives.flatMap((d) => [
    ...(d.escapedDollar ? [`${d.file}:${d.line}`] : []),
    ...escapedDollars(d.block ?? []),
  ]);
}

const where = (d: Directive): string => `in ${d.file}:${d.line}`;

function splitListen(spec: string): { address?: string; port: number; ipv6: boolean } {
  if (spec.startsWith('unix:')) return { port: 0, ipv6: true }; // a socket file, never the pod IP
  if (/^\d+$/.test(spec)) return { port: Number(spec), ipv6: false };
  const v6 = /^\[([^\]]*)\](?::(\d+))?$/.exec(spec);
  if (v6) return { port: Number(v6[2] ?? 80), ipv6: true };
  const v4 = /^([^:]+)(?::(\d+))?$/.exec(spec);
  if (v4 === null) return { port: NaN, ipv6: false };
  const address = v4[1] === '*' || v4[1] === '0.0.0.0' ? {} : { address: v4[1] as string };
  return { ...address, port: Number(v4[2] ?? 80), ipv6: false };
}

function parseListen(d: Directive): Listen {
  const [spec, ...flags] = d.args;
  if (spec === undefined)
    throw new NginxConfigError(`invalid number of arguments in "listen" directive ${where(d)}`);
  const socket = splitListen(spec);
  const valid =
    spec.startsWith('unix:') ||
    (Number.isInteger(socket.port) && socket.port >= 1 && socket.port <= 65535);
  if (!valid)
    throw new NginxConfigError(`invalid port in "${spec}" of the "listen" directive ${where(d)}`);
  const defaultServer = flags.includes('default_server') || flags.includes('default');
  return { ...socket, defaultServer, ssl: flags.includes('ssl') };
}

function parseReturn(d: Directive): ReturnAction {
  const [first, second] = d.args;
  if (first === undefined || d.args.length > 2) {
    throw new NginxConfigError(`invalid number of arguments in "return" directive ${where(d)}`);
  }
  if (/^\d+$/.test(first))
    return second === undefined ? { code: Number(first) } : { code: Number(first), text: second };
  if (/^(https?:\/\/|\$scheme)/.test(first)) return { code: 302, text: first };
  throw new NginxConfigError(`invalid return code "${first}" ${where(d)}`);
}

function readSettings(block: Directive[]): Settings {
  const s: Settings = {};
  for (const d of block) {
    if (d.name === 'root' && d.args[0] !== undefined) s.root = d.args[0];
    else if (d.name === 'index' && d.args.length > 0) s.index = d.args;
    else if (d.name === 'default_type' && d.args[0] !== undefined) s.defaultType = d.args[0];
    else if (d.name === 'return') s.ret = parseReturn(d);
    else if (d.name === 'add_header' && d.args.length >= 2) {
      const header = {
        name: d.args[0] as string,
        value: d.args[1] as string,
        always: d.args[2] === 'always',
      };
      s.addHeaders = [...(s.addHeaders ?? []), header];
    }
  }
  return s;
}

function parseLocation(d: Directive): LocationBlock {
  const [a, b] = d.args;
  const modifiers = ['=', '^~', '~', '~*'] as const;
  const modifier = modifiers.find((m) => m === a);
  const path = modifier === undefined ? a : b;
  if (path === undefined || d.args.length > (modifier === undefined ? 1 : 2)) {
    throw new NginxConfigError(`invalid number of arguments in "location" directive ${where(d)}`);
  }
  return { ...readSettings(d.block ?? []), modifier: modifier ?? '', path };
}

function parseServer(d: Directive): ServerBlock {
  const block = d.block ?? [];
  const listens = block.filter((x) => x.name === 'listen').map(parseListen);
  return {
    ...readSettings(block),
    // Without `listen`, nginx running as root listens on *:80.
    listens:
      listens.length > 0 ? listens : [{ port: 80, ipv6: false, defaultServer: false, ssl: false }],
    serverNames: block.filter((x) => x.name === 'server_name').flatMap((x) => x.args),
    locations: block.filter((x) => x.name === 'location' && x.block).map(parseLocation),
  };
}

function readMimeTypes(http: Directive[]): Map<string, string> {
  const types = new Map<string, string>();
  for (const t of http.filter((d) => d.name === 'types')) {
    for (const entry of t.block ?? []) for (const ext of entry.args) types.set(ext, entry.name);
  }
  return types;
}

/** Builds the model from the main file's directives (includes already inlined). */
export function buildNginxModel(main: Directive[]): NginxModel {
  const http = main.find((d) => d.name === 'http' && d.block)?.block ?? [];
  return {
    http: readSettings(http.filter((d) => d.name !== 'return')),
    servers: http.filter((d) => d.name === 'server' && d.block).map(parseServer),
    mimeTypes: readMimeTypes(http),
    escapedDollars: escapedDollars(main),
  };
}

/** True when `listen` accepts IPv4 connections to `podIP:port` (not loopback-only, not IPv6-only). */
export function acceptsOn(listen: Listen, podIP: string, port: number): boolean {
  if (listen.port !== port || listen.ipv6) return false;
  return listen.address === undefined || listen.address === podIP;
}

/** Ports nginx accepts connections on at `podIP`, ascending. */
export function listeningPorts(model: NginxModel, podIP: string): number[] {
  const ports = model.servers.flatMap((s) =>
    s.listens.filter((l) => acceptsOn(l, podIP, l.port)).map((l) => l.port),
  );
  return [...new Set(ports)].sort((a, b) => a - b);
}
