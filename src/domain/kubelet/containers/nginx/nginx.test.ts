import { describe, expect, it } from 'vitest';
import type { Container, Pod } from '../../../../schema/kube/pod';
import { answerOnPort, containerServers } from '../answers';
import { byteLength } from '../http-message';
import { parseConfigText, tokenize, unescapeToken } from './config';
import { NGINX_50X_PAGE, NGINX_WELCOME_PAGE, nginxErrorPage } from './pages';
import { matchLocation } from './serve';
import type { LocationBlock } from './servers';
import {
  configMap,
  ECHO_CONFIG,
  echoPod,
  NOW,
  pod,
} from '../../../../../test/fixtures/traffic-objects';

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => ({
  method,
  path,
  headers,
  remoteAddr: '192.168.1.3',
});

/** An nginx pod with `conf` mounted at /etc/nginx/conf.d from ConfigMap `site`. */
function confPod(
  conf: Record<string, string>,
  mount: Partial<NonNullable<Container['volumeMounts']>[number]> = {},
) {
  const container: Container = {
    name: 'nginx',
    image: 'docker.io/library/nginx:1.27',
    volumeMounts: [{ name: 'conf', mountPath: '/etc/nginx/conf.d', ...mount }],
  };
  const p = pod('site-0', '10.244.1.8', 'node01', [container], {
    volumes: [{ name: 'conf', configMap: { name: 'site' } }],
  });
  return { pod: p, configMaps: [configMap('site', conf)] };
}

function ask(
  p: { pod: Pod; configMaps: ReturnType<typeof configMap>[] },
  port: number,
  path = '/',
  headers = {},
  method = 'GET',
) {
  const answer = answerOnPort(p.pod, port, p.configMaps, get(path, headers, method), NOW);
  if (!answer.listening) throw new Error(`nothing listens on ${port}`);
  return answer.response;
}

describe('nginx stock pages', () => {
  it('the welcome page is the 615-byte page of nginx 1.21-1.29', () => {
    expect(byteLength(NGINX_WELCOME_PAGE)).toBe(615);
    expect(
      NGINX_WELCOME_PAGE.startsWith(
        '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>',
      ),
    ).toBe(true);
    expect(NGINX_WELCOME_PAGE).toContain('html { color-scheme: light dark; }');
    expect(NGINX_WELCOME_PAGE).toContain('<a href="http://nginx.com/">nginx.com</a>');
  });

  it('the 50x page is 497 bytes', () => {
    expect(byteLength(NGINX_50X_PAGE)).toBe(497);
  });

  it('the 404 page is CRLF-terminated with the version footer', () => {
    expect(nginxErrorPage(404)).toBe(
      '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.29.3</center>\r\n</body>\r\n</html>\r\n',
    );
  });

  const stock = {
    pod: pod('n', '10.244.1.9', 'node01', [{ name: 'nginx', image: 'nginx:alpine' }]),
    configMaps: [],
  };
  it.each([
    ['/ serves the welcome page', 'GET', '/', 200, NGINX_WELCOME_PAGE],
    ['/index.html serves the welcome page', 'GET', '/index.html', 200, NGINX_WELCOME_PAGE],
    ['/50x.html serves the error page', 'GET', '/50x.html', 200, NGINX_50X_PAGE],
    ['other paths 404', 'GET', '/nope', 404, nginxErrorPage(404)],
    ['POST to a file is 405', 'POST', '/', 405, nginxErrorPage(405)],
    ['HEAD has headers only', 'HEAD', '/', 200, ''],
  ])('%s', (_name, method, path, status, body) => {
    const r = ask(stock, 80, path, {}, method);
    expect(r.status).toBe(status);
    expect(r.body).toBe(body);
  });

  it('answers with nginx headers in nginx order', () => {
    const r = ask(stock, 80);
    expect(Object.keys(r.headers)).toEqual([
      'Server',
      'Date',
      'Content-Type',
      'Content-Length',
      'Last-Modified',
      'Connection',
      'ETag',
      'Accept-Ranges',
    ]);
    expect(r.headers).toMatchObject({
      Date: 'Sun, 01 Jun 2025 12:00:00 GMT',
      'Last-Modified': 'Tue, 28 Oct 2025 12:05:10 GMT',
    });
  });

  it('listens on 80 whatever containerPort says', () => {
    const declared = pod('n', '10.244.1.9', 'node01', [
      { name: 'nginx', image: 'nginx', ports: [{ containerPort: 8080 }] },
    ]);
    expect(containerServers(declared, [])[0]?.ports).toEqual([80]);
  });
});

describe('nginx configuration parsing', () => {
  it.each([
    ['\\n inside quotes is a newline', 'a\\nb', 'a\nb'],
    ['\\" is a quote', 'say \\"hi\\"', 'say "hi"'],
    ['\\$ keeps its backslash, as nginx does', 'I am \\$server_addr', 'I am \\$server_addr'],
    ['\\\\ is one backslash', 'a\\\\b', 'a\\b'],
    ['other pairs stay as written', '\\.php', '\\.php'],
  ])('%s', (_name, raw, expected) => {
    expect(unescapeToken(raw)).toBe(expected);
  });

  it('tokenizes quotes, comments and ${var}', () => {
    const words = tokenize('return 200 "a b; c" ; # comment\nadd_header X ${host}x;', 'f').map(
      (t) => t.text,
    );
    expect(words).toEqual(['return', '200', 'a b; c', ';', 'add_header', 'X', '${host}x', ';']);
  });

  it.each([
    [
      'missing brace',
      'server {\n listen 80;\n',
      'unexpected end of file, expecting "}" in /f.conf:2',
    ],
    ['missing semicolon', 'server {\n return 200 "x"\n}\n', 'unexpected "}" in /f.conf:3'],
    ['stray brace', '}\n', 'unexpected "}" in /f.conf:1'],
  ])('rejects a %s like nginx', (_name, text, message) => {
    expect(() => parseConfigText(text, '/f.conf')).toThrow(message);
  });

  const loc = (modifier: LocationBlock['modifier'], path: string): LocationBlock => ({
    modifier,
    path,
  });
  const locations = [
    loc('', '/'),
    loc('', '/api/'),
    loc('^~', '/static/'),
    loc('~', '\\.png$'),
    loc('=', '/api/health'),
  ];
  it.each([
    ['exact match wins', '/api/health', '/api/health'],
    ['longest prefix', '/api/users', '/api/'],
    ['regex beats a plain prefix', '/api/logo.png', '\\.png$'],
    ['^~ prefix stops the regex search', '/static/logo.png', '/static/'],
    ['fallback to /', '/other', '/'],
  ])('location: %s', (_name, uri, path) => {
    expect(matchLocation(locations, uri)?.path).toBe(path);
  });
});

describe('nginx with a ConfigMap in conf.d', () => {
  it('the echo tutorial answers with the pod IP and a newline', () => {
    const p = echoPod('echo-0', '10.244.1.5', 'node01');
    const r = ask({ pod: p, configMaps: [ECHO_CONFIG] }, 80);
    expect(r.body).toBe('Hello! I am Pod: 10.244.1.5\n');
    expect(r.headers['Content-Type']).toBe('text/plain');
    expect(r.headers['Content-Length']).toBe('28');
  });

  it('keeps the backslash of \\$server_addr, as nginx does, and says why', () => {
    const p = echoPod('echo-0', '10.244.1.5', 'node01');
    const heredoc = configMap('nginx-echo-config', {
      'default.conf':
        'server {\n  listen 80;\n  location / {\n    default_type text/plain;\n' +
        '    return 200 "Hello! I am Pod: \\$server_addr\\n";\n  }\n}\n',
    });
    const answer = answerOnPort(p, 80, [heredoc], get('/'), NOW);
    expect(answer.listening && answer.response.body).toBe('Hello! I am Pod: \\10.244.1.5\n');
    const note = answer.listening ? (answer.note ?? '') : '';
    expect(note).toContain('nginx keeps the backslash of \\$ (/etc/nginx/conf.d/default.conf:');
    expect(note).toContain('in a YAML file write $server_addr');
    const plain = answerOnPort(p, 80, [ECHO_CONFIG], get('/'), NOW);
    expect(plain.listening && plain.note).toBeUndefined();
  });

  it('a missing ConfigMap leaves the stock config', () => {
    const p = echoPod('echo-0', '10.244.1.5', 'node01');
    expect(ask({ pod: p, configMaps: [] }, 80).body).toBe(NGINX_WELCOME_PAGE);
  });

  it('interpolates variables and applies default_type, add_header, listen', () => {
    const conf =
      'server {\n listen 8080;\n add_header X-Pod $hostname;\n location = /who {\n' +
      '  return 200 "$server_addr:$server_port $hostname from $remote_addr $request_method $request_uri $uri $host\\n";\n }\n}\n';
    const p = confPod({ 'who.conf': conf });
    const r = ask(p, 8080, '/who?x=1', { Host: 'web.example:30080' });
    expect(r.body).toBe('10.244.1.8:8080 site-0 from 192.168.1.3 GET /who?x=1 /who web.example\n');
    expect(r.headers['Content-Type']).toBe('application/octet-stream');
    expect(r.headers['X-Pod']).toBe('site-0');
  });

  it.each([
    ['bare code answers the nginx page', 'return 403;', 403, nginxErrorPage(403)],
    [
      'redirect sets Location',
      'return 301 https://example.com$request_uri;',
      301,
      nginxErrorPage(301),
    ],
    ['text is answered exactly, no newline added', 'return 200 "ok";', 200, 'ok'],
  ])('return: %s', (_name, directive, status, body) => {
    const r = ask(
      confPod({ 'r.conf': `server { listen 80; location / { ${directive} } }` }),
      80,
      '/a',
    );
    expect(r.status).toBe(status);
    expect(r.body).toBe(body);
    if (status === 301) expect(r.headers['Location']).toBe('https://example.com/a');
  });

  it.each([
    ['a key not ending in .conf is never read', { 'default.config': 'server { listen 80; }' }, []],
    ['listen on another port', { 'a.conf': 'server { listen 9000; }' }, [9000]],
    [
      'loopback-only listen is unreachable',
      { 'a.conf': 'server { listen 127.0.0.1:8080; listen 81; }' },
      [81],
    ],
  ])('ports: %s', (_name, data, ports) => {
    const p = confPod(data);
    expect(containerServers(p.pod, p.configMaps)[0]?.ports).toEqual(ports);
  });

  it('a broken config keeps nginx from starting', () => {
    const p = confPod({ 'bad.conf': 'server { listen 80;' });
    const [server] = containerServers(p.pod, p.configMaps);
    expect(server?.failure).toBe(
      'nginx: [emerg] unexpected end of file, expecting "}" in /etc/nginx/conf.d/bad.conf:1',
    );
    expect(answerOnPort(p.pod, 80, p.configMaps, get('/'), NOW).listening).toBe(false);
  });

  it('subPath mounts one file next to the stock default.conf', () => {
    const p = confPod(
      { 'extra.conf': 'server { listen 8081; return 200 "extra"; }' },
      { mountPath: '/etc/nginx/conf.d/extra.conf', subPath: 'extra.conf' },
    );
    expect(containerServers(p.pod, p.configMaps)[0]?.ports).toEqual([80, 8081]);
    expect(ask(p, 8081).body).toBe('extra');
  });

  it('a ConfigMap mounted over the html root is served as files', () => {
    const p = confPod(
      { 'index.html': '<h1>custom</h1>\n' },
      { mountPath: '/usr/share/nginx/html' },
    );
    const r = ask(p, 80);
    expect(r.body).toBe('<h1>custom</h1>\n');
    expect(r.headers['Content-Type']).toBe('text/html');
  });
});
