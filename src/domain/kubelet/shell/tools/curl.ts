// curl from inside a pod: the request goes through the simulated kube-proxy with the pod as the
// client (so it counts as a hit), and curl prints what it would: the body, -i/-I headers, -v's
// trace, -w's variables, its progress meter when stdout is not a terminal, and its own error
// lines and exit codes (6 unresolved, 7 refused, 28 timed out, 22 with -f).
import type { RouteDecision } from '../../../proxy/types';
import { NGINX_TITLES } from './http-reasons';
import { fail, type Tool, type ToolIo, type ToolResult } from '../tool';
import { parseCurlArgs, parseUrl, type CurlOptions, type ParsedUrl } from './curl-options';
import { lookupHost } from './dns';

/** The curl each image ships: Debian bookworm's, or Alpine's (curlimages/curl and nginx:alpine). */
export function curlVersion(io: ToolIo): string {
  return io.box.shell === 'dash' ? '7.88.1' : '8.14.1';
}

function requestHeaders(o: CurlOptions, url: ParsedUrl, io: ToolIo): [string, string][] {
  const hostValue =
    url.port === (url.scheme === 'https' ? 443 : 80) ? url.host : `${url.host}:${url.port}`;
  const base: [string, string][] = [
    ['Host', hostValue],
    ['User-Agent', o.userAgent ?? `curl/${curlVersion(io)}`],
    ['Accept', '*/*'],
  ];
  if (o.data !== undefined) {
    base.push(['Content-Length', String(new TextEncoder().encode(o.data).length)]);
    base.push(['Content-Type', 'application/x-www-form-urlencoded']);
  }
  for (const [k, v] of o.headers) {
    const at = base.findIndex(([name]) => name.toLowerCase() === k.toLowerCase());
    if (at >= 0) base.splice(at, 1);
    if (v !== '') base.push([k, v]);
  }
  return base;
}

function exitCodeOf(curlError: string | undefined): number {
  return Number(/^curl: \((\d+)\)/.exec(curlError ?? '')?.[1] ?? 7);
}

function meter(total: number): string {
  const n = String(total).padStart(5);
  const speed = total === 0 ? '     0' : String(total * 100).padStart(6);
  return (
    '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
    '                                 Dload  Upload   Total   Spent    Left  Speed\n' +
    `${total ? '100' : '  0'} ${n}  ${total ? '100' : '  0'} ${n}    0     0 ${speed}      0 --:--:-- --:--:-- --:--:-- ${speed}\n`
  );
}

function writeOut(format: string, vars: Record<string, string>): string {
  return format
    .replace(/%\{([a-z_]+)\}/g, (whole, name: string) =>
      Object.hasOwn(vars, name) ? vars[name]! : whole,
    )
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t')
    .replace(/\\r/g, '\r');
}

function statusLine(status: number): string {
  return `HTTP/1.1 ${NGINX_TITLES[status] ?? `${status}`}`;
}

function verboseTrace(
  o: CurlOptions,
  url: ParsedUrl,
  ip: string,
  method: string,
  headers: [string, string][],
): string {
  const resolved = /^\d+(\.\d+){3}$/.test(url.host)
    ? ''
    : `* Host ${url.host}:${url.port} was resolved.\n* IPv6: (none)\n* IPv4: ${ip}\n`;
  return (
    `${resolved}*   Trying ${ip}:${url.port}...\n* Connected to ${url.host} (${ip}) port ${url.port}\n* using HTTP/1.x\n` +
    `> ${method} ${url.path} HTTP/1.1\n${headers.map(([k, v]) => `> ${k}: ${v}\n`).join('')}> \n` +
    (o.data !== undefined ? `} [${o.data.length} bytes data]\n` : '') +
    '* Request completely sent off\n'
  );
}

function answered(
  o: CurlOptions,
  url: ParsedUrl,
  d: RouteDecision,
  sent: { ip: string; method: string; headers: [string, string][] },
  io: ToolIo,
): ToolResult {
  const response = d.response!;
  const head = `${statusLine(response.status)}\r\n${Object.entries(response.headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
  let stderr = o.verbose ? verboseTrace(o, url, sent.ip, sent.method, sent.headers) : '';
  if (o.verbose) stderr += head.replace(/^/gm, '< ').replace(/< $/, '').replace(/\r/g, '');
  if (o.fail && response.status >= 400) {
    const msg = `curl: (22) The requested URL returned error: ${response.status}\n`;
    return { stdout: '', stderr: stderr + (!o.silent || o.showError ? msg : ''), exitCode: 22 };
  }
  const body = o.head ? '' : response.body;
  let stdout = o.head ? head : o.include ? head + body : body;
  if (o.verbose && body)
    stderr += `{ [${new TextEncoder().encode(body).length} bytes data]\n* Connection #0 to host ${url.host} left intact\n`;
  if (o.output !== undefined) {
    io.fs.write(o.output, stdout, false);
    stdout = '';
  }
  if (!o.silent && (!io.tty || o.output !== undefined)) stderr = meter(body.length) + stderr;
  const vars = {
    http_code: String(response.status).padStart(3, '0'),
    response_code: String(response.status),
    remote_ip: sent.ip,
    remote_port: String(url.port),
    size_download: String(body.length),
    content_type: response.headers['Content-Type'] ?? response.headers['content-type'] ?? '',
    url_effective: `${url.scheme}://${url.host}${url.port === 80 ? '' : `:${url.port}`}${url.path}`,
    time_total: '0.002000',
    method: sent.method,
  };
  if (o.writeOut !== undefined) stdout += writeOut(o.writeOut, vars);
  return { stdout, stderr, exitCode: 0 };
}

function failed(
  o: CurlOptions,
  url: ParsedUrl,
  d: RouteDecision | undefined,
  io: ToolIo,
): ToolResult {
  let line =
    d?.curlError ?? 'curl: (7) Failed to connect: NodePort Lab allows 16 connections per command\n';
  let code = exitCodeOf(d?.curlError);
  let seconds = code === 28 ? 130 : code === 7 && /No route/.test(line) ? 3 : 0;
  if (code === 28 && o.maxTime !== undefined) {
    line = `curl: (28) Connection timed out after ${Math.round(o.maxTime * 1000) + 1} milliseconds`;
    seconds = o.maxTime;
  }
  code = exitCodeOf(line);
  const text = line.endsWith('\n') ? line : `${line}\n`;
  let stderr = !o.silent || o.showError ? text : '';
  if (!o.silent && !io.tty) stderr = meter(0) + stderr;
  const stdout =
    o.writeOut !== undefined
      ? writeOut(o.writeOut, {
          http_code: '000',
          response_code: '0',
          remote_ip: '',
          remote_port: String(url.port),
          size_download: '0',
          content_type: '',
          url_effective: url.host,
          time_total: '0.000000',
          method: o.method ?? 'GET',
        })
      : '';
  return { stdout, stderr, exitCode: code, seconds };
}

export const curl: Tool = (args, io) => {
  const parsed = parseCurlArgs(args);
  if (!parsed.ok) return fail(parsed.stderr, parsed.exitCode);
  const o = parsed.options;
  const url = parseUrl(o.url!);
  if ('error' in url) return fail(o.silent && !o.showError ? '' : url.error, url.exitCode);
  const method = o.method ?? (o.head ? 'HEAD' : o.data !== undefined ? 'POST' : 'GET');
  const headers = requestHeaders(o, url, io);
  // The pod's own name and localhost are the pod itself (/etc/hosts); anything else is routed.
  const own = lookupHost(io.ctx, url.host);
  const local =
    own !== undefined &&
    (url.host === 'localhost' || url.host === '127.0.0.1' || url.host === io.ctx.pod.metadata.name);
  const host = local ? (io.ctx.pod.status?.podIP ?? url.host) : url.host;
  const d = io.connect({
    host,
    port: url.port,
    clientPodIp: io.ctx.pod.status?.podIP ?? '',
    method,
    path: url.path,
    headers: Object.fromEntries(headers.map(([k, v]) => [k.toLowerCase(), v])),
  });
  if (d === undefined || d.outcome !== 'ok' || d.response === undefined) {
    // curl names the host it was given (localhost), not the pod address it dialled for it.
    const said = d?.curlError && local ? d.curlError.replace(host, url.host) : d?.curlError;
    return failed(o, url, d && said !== undefined ? { ...d, curlError: said } : d, io);
  }
  if (url.scheme === 'https') {
    return failed(
      o,
      url,
      {
        ...d,
        curlError:
          'curl: (35) TLS connect error: error:0A00010B:SSL routines::wrong version number',
      },
      io,
    );
  }
  const ip = own?.addresses[0] ?? d.pod?.ip ?? host;
  return answered(o, url, d, { ip, method, headers }, io);
};
