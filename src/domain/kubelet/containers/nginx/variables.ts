// nginx variables as a pod's nginx would compute them, and `$var` / `${var}` interpolation.
import { header, splitPath, normalizeUri, type ContainerRequest } from '../http-message';
import { boundedCache, stringBytes } from '../../../apimachinery/bounded-cache';
import { NGINX_VERSION } from './pages';

/** Facts about the serving pod and connection that variables draw on. */
export interface NginxVariableContext {
  podName: string;
  podIP: string;
  port: number;
  serverName: string;
  now: Date;
  request: ContainerRequest;
}

const PLAIN_HOST = /^([^:[A-Z\u0080-\uffff]*)(?::\d+)?$/;

/** `$host`: the Host header without port, lower-cased; the server name when absent. */
export function requestHost(ctx: NginxVariableContext): string {
  const raw = header(ctx.request.headers, 'host');
  if (raw === undefined || raw === '') return ctx.serverName;
  // Most hosts are a lower-case ASCII name or IPv4 address with at most a port: one match.
  const plain = PLAIN_HOST.exec(raw);
  if (plain) return plain[1]!;
  return raw
    .replace(/:\d+$/, '')
    .replace(/^\[(.*)\]$/, '[$1]')
    .toLowerCase();
}

function argument(args: string, name: string): string | undefined {
  for (const pair of args.split('&')) {
    const eq = pair.indexOf('=');
    if ((eq < 0 ? pair : pair.slice(0, eq)) === name) return eq < 0 ? '' : pair.slice(eq + 1);
  }
  return undefined;
}

/** A variable nginx computes from the connection and request line, or undefined if not one. */
// Computed one at a time (not as a table) because a route answers with a handful at most.
function fixed(ctx: NginxVariableContext, name: string): string | undefined {
  const { request } = ctx;
  switch (name) {
    case 'server_addr':
      return ctx.podIP;
    case 'server_port':
      return String(ctx.port);
    case 'server_name':
      return ctx.serverName;
    case 'hostname':
      return ctx.podName;
    case 'remote_addr':
      return request.remoteAddr;
    case 'request_method':
      return request.method.toUpperCase();
    case 'request_uri':
      return request.path;
    case 'uri':
    case 'document_uri':
      return normalizeUri(splitPath(request.path).uri);
    case 'args':
    case 'query_string':
      return splitPath(request.path).args;
    case 'is_args':
      return splitPath(request.path).args === '' ? '' : '?';
    case 'host':
      return requestHost(ctx);
    case 'scheme':
      return 'http';
    case 'https':
      return '';
    case 'server_protocol':
      return 'HTTP/1.1';
    case 'request':
      return `${request.method.toUpperCase()} ${request.path} HTTP/1.1`;
    case 'nginx_version':
      return NGINX_VERSION;
    case 'time_iso8601':
      return ctx.now.toISOString().replace(/\.\d{3}Z$/, '+00:00');
    case 'msec':
      return (ctx.now.getTime() / 1000).toFixed(3);
    case 'content_type':
      return header(request.headers, 'content-type') ?? '';
    case 'content_length':
      return header(request.headers, 'content-length') ?? '';
    default:
      return undefined;
  }
}

/** The value of `$name`; unknown variables read as empty (real nginx refuses to start on them). */
export function variableValue(ctx: NginxVariableContext, name: string): string {
  const known = fixed(ctx, name);
  if (known !== undefined) return known;
  if (name.startsWith('http_'))
    return header(ctx.request.headers, name.slice(5).replace(/_/g, '-')) ?? '';
  if (name.startsWith('arg_'))
    return argument(splitPath(ctx.request.path).args, name.slice(4)) ?? '';
  return '';
}

// A `return` or `add_header` template is interpolated on every request it answers: split once
// into its text (even places) and variable names (odd places).
const templates = boundedCache<string, readonly string[]>('nginxTemplates');

function templateParts(template: string): readonly string[] {
  let parts = templates.get(template);
  if (parts === undefined) {
    // split() with capture groups puts each match's groups between the texts around it.
    const pieces = template.split(/\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/);
    const out: string[] = [];
    for (let i = 0; i < pieces.length; i += 3) {
      out.push(pieces[i] ?? '');
      if (i + 1 < pieces.length) out.push(pieces[i + 1] ?? pieces[i + 2] ?? '');
    }
    parts = out;
    templates.set(template, parts, stringBytes(template) * 3);
  }
  return parts;
}

/** Replaces `$name` and `${name}` in `template` with their values. */
export function interpolate(template: string, ctx: NginxVariableContext): string {
  if (!template.includes('$')) return template;
  const parts = templateParts(template);
  let out = parts[0] ?? '';
  for (let i = 1; i < parts.length; i += 2) out += variableValue(ctx, parts[i]!) + parts[i + 1];
  return out;
}
