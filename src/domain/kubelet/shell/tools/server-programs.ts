// The server images' own programs run by hand: `nginx -T` dumps the effective configuration (each
// file as nginx opened it, includes and ConfigMap mounts applied), `nginx -t` tests it, `-v` and
// `-V` print the version; `httpd -v` likewise. Starting a second server is not simulated.
import { NginxConfigError } from '../../containers/nginx/config';
import { loadConfig } from '../../containers/nginx/include';
import { NGINX_VERSION } from '../../containers/nginx/pages';
import { fail, ok, type Tool } from '../tool';

const CONF = '/etc/nginx/nginx.conf';

export const nginx: Tool = (args, io) => {
  const flag = args[0] ?? '';
  if (flag === '-v')
    return { stdout: '', stderr: `nginx version: nginx/${NGINX_VERSION}\n`, exitCode: 0 };
  if (flag === '-V')
    return {
      stdout: '',
      stderr: `nginx version: nginx/${NGINX_VERSION}\nbuilt by gcc 12.2.0 (Debian 12.2.0-14+deb12u1)\n`,
      exitCode: 0,
    };
  if (flag !== '-t' && flag !== '-T') {
    return fail(`nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)\n`);
  }
  const opened: string[] = [];
  const files = new Map(io.fs.paths().map((p) => [p, true] as const));
  const read = (path: string) => {
    const text = io.fs.read(path);
    if (text !== undefined && !opened.includes(path)) opened.push(path);
    return text;
  };
  try {
    loadConfig(CONF, read, files);
  } catch (e) {
    if (!(e instanceof NginxConfigError)) throw e;
    return fail(`nginx: [emerg] ${e.message}\nnginx: configuration file ${CONF} test failed\n`);
  }
  const stderr = `nginx: the configuration file ${CONF} syntax is ok\nnginx: configuration file ${CONF} test is successful\n`;
  if (flag === '-t') return { stdout: '', stderr, exitCode: 0 };
  const dump = opened
    .map((path) => `# configuration file ${path}:\n${io.fs.read(path) ?? ''}\n`)
    .join('');
  return { ...ok(dump), stderr };
};

export const httpd: Tool = (args) => {
  if (args[0] === '-v')
    return ok('Server version: Apache/2.4.65 (Unix)\nServer built:   Jul 23 2025 00:00:00\n');
  return fail('(98)Address in use: AH00072: make_sock: could not bind to address [::]:80\n');
};
