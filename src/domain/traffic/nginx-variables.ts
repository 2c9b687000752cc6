// nginx variables as a pod's nginx would compute them, and `$var` / `${var}` interpolation.
import { header, splitPath, normalizeUri, type ContainerRequest } from './http-message';
import { NGINX_VERSION } from './nginx-pages';

/** Facts about the serving pod and connection that variables draw on. */
export interface NginxVariableContext {
  podName: string;
  podIP: string;
  port: number;
  serverName: string;
  now: Date;
  request: ContainerRequest;
}

/** `$host`: the Host header without port, lower-cased; the server name when absent. */
export function requestHost(ctx: NginxVariableContext): string {
  const raw = header(ctx.request.headers, 'host');
  if (raw === undefined || raw === '') return ctx.serverName;
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

function fixed(ctx: NginxVariableContext): Record<string, string> {
  const { request } = ctx;
  const { uri, args } = splitPath(request.path);
  return {
    server_addr: ctx.podIP,
    server_port: String(ctx.port),
    server_name: ctx.serverName,
    hostname: ctx.podName,
    remote_addr: request.remoteAddr,
    request_method: request.method.toUpperCase(),
    request_uri: request.path,
    uri: normalizeUri(uri),
    document_uri: normalizeUri(uri),
    args,
    query_string: args,
    is_args: args === '' ? '' : '?',
    host: requestHost(ctx),
    scheme: 'http',
    https: '',
    server_protocol: 'HTTP/1.1',
    request: `${request.method.toUpperCase()} ${request.path} HTTP/1.1`,
    nginx_version: NGINX_VERSION,
    time_iso8601: ctx.now.toISOString().replace(/\.\d{3}Z$/, '+00:00'),
    msec: (ctx.now.getTime() / 1000).toFixed(3),
    content_type: header(request.headers, 'content-type') ?? '',
    content_length: header(request.headers, 'content-length') ?? '',
  };
}

/** The value of `$name`; unknown variables read as empty (real nginx refuses to start on them). */
export function variableValue(ctx: NginxVariableContext, name: string, table = fixed(ctx)): string {
  const known = table[name];
  if (known !== undefined) return known;
  if (name.startsWith('http_'))
    return header(ctx.request.headers, name.slice(5).replace(/_/g, '-')) ?? '';
  if (name.startsWith('arg_'))
    return argument(splitPath(ctx.request.path).args, name.slice(4)) ?? '';
  return '';
}

/** Replaces `$name` and `${name}` in `template` with their values. */
export function interpolate(template: string, ctx: NginxVariableContext): string {
  if (!template.includes('$')) return template;
  const table = fixed(ctx);
  return template.replace(
    /\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g,
    (_m, braced?: string, bare?: string) => variableValue(ctx, (braced ?? bare) as string, table),
  );
}
