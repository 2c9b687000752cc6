// BusyBox wget, the only wget the modelled images ship: -q, -O FILE / -O- (stdout), -S, -T, and
// its error lines (bad address, can't connect, server returned error), all exit 1.
import { fail, type Tool } from '../tool';
import { parseUrl } from './curl-options';
import { NGINX_TITLES } from './http-reasons';
import { lookupHost } from './dns';

export const wget: Tool = (args, io) => {
  let quiet = false;
  let output: string | undefined;
  let url: string | undefined;
  let headers = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-O' || a === '-T' || a === '-U' || a === '--header') {
      if (a === '-O') output = args[i + 1];
      i++;
    } else if (/^-[qOS]+/.test(a)) {
      if (a.includes('q')) quiet = true;
      if (a.includes('S')) headers = true;
      const o = a.indexOf('O');
      if (o >= 0) output = a.slice(o + 1) || args[++i];
    } else if (a.startsWith('--')) {
      if (a === '--quiet') quiet = true;
    } else url = a;
  }
  if (url === undefined)
    return fail(
      'BusyBox v1.37.0 multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR] [-Y on/off] [-P DIR] [-U AGENT] [-T SEC] URL...\n',
    );
  const parsed = parseUrl(url);
  if ('error' in parsed) return fail(`wget: not an http or ftp url: ${url}\n`);
  const answer = lookupHost(io.ctx, parsed.host);
  if (answer === undefined || answer.addresses.length === 0)
    return fail(`wget: bad address '${parsed.host}'\n`);
  const ip = answer.addresses[0]!;
  const local = ip === '127.0.0.1' || parsed.host === io.ctx.pod.metadata.name;
  const hostHeader = parsed.port === 80 ? parsed.host : `${parsed.host}:${parsed.port}`;
  const d = io.connect({
    host: local ? (io.ctx.pod.status?.podIP ?? ip) : parsed.host,
    port: parsed.port,
    clientPodIp: io.ctx.pod.status?.podIP ?? '',
    method: 'GET',
    path: parsed.path,
    headers: { host: hostHeader, 'user-agent': 'Wget', connection: 'close' },
  });
  let stderr = quiet ? '' : `Connecting to ${hostHeader} (${ip}:${parsed.port})\n`;
  if (d === undefined || d.outcome !== 'ok' || d.response === undefined) {
    const reason =
      d?.outcome === 'timeout'
        ? 'Connection timed out'
        : d?.outcome === 'no_route'
          ? 'No route to host'
          : 'Connection refused';
    if (d?.outcome === 'unknown_host') return fail(`wget: bad address '${parsed.host}'\n`);
    return {
      stdout: '',
      stderr: `${stderr}wget: can't connect to remote host (${ip}): ${reason}\n`,
      exitCode: 1,
      seconds: d?.outcome === 'timeout' ? 130 : 0,
    };
  }
  const { status, body, headers: got } = d.response;
  const title = NGINX_TITLES[status] ?? String(status);
  if (headers)
    stderr += `  HTTP/1.1 ${title}\n${Object.entries(got)
      .map(([k, v]) => `  ${k}: ${v}\n`)
      .join('')}`;
  if (status >= 400)
    return {
      stdout: '',
      stderr: `${stderr}wget: server returned error: HTTP/1.1 ${title}\n`,
      exitCode: 1,
    };
  const target = output ?? (parsed.path.split('?')[0]!.split('/').pop() || 'index.html');
  if (target === '-') {
    if (!quiet) stderr += 'writing to stdout\n';
    return {
      stdout: body,
      stderr: quiet
        ? stderr
        : `${stderr}-                    100% |********************************|  ${body.length}  0:00:00 ETA\nwritten to stdout\n`,
      exitCode: 0,
    };
  }
  if (io.fs.read(target) !== undefined && output === undefined)
    return {
      stdout: '',
      stderr: `${stderr}wget: can't open '${target}': File exists\n`,
      exitCode: 1,
    };
  io.fs.write(target.startsWith('/') ? target : `${io.cwd}/${target}`, body, false);
  if (!quiet)
    stderr += `saving to '${target}'\n${target.padEnd(20)} 100% |********************************|  ${body.length}  0:00:00 ETA\n'${target}' saved\n`;
  return { stdout: '', stderr, exitCode: 0 };
};
