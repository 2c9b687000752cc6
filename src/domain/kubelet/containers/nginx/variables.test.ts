import { describe, expect, it } from 'vitest';
import { interpolate, requestHost, type NginxVariableContext } from './variables';

const ctx = (host?: string): NginxVariableContext => ({
  podName: 'web-1',
  podIP: '10.244.1.2',
  port: 80,
  serverName: 'localhost',
  now: new Date('2026-01-01T00:00:00Z'),
  request: {
    method: 'GET',
    path: '/a?x=1&y',
    remoteAddr: '192.168.1.1',
    headers: host === undefined ? {} : { host, 'user-agent': 'curl/8.5.0' },
  },
});

describe('interpolate', () => {
  it.each([
    ['no variable', 'plain text', 'plain text'],
    ['a bare variable', 'Hello! I am Pod: $server_addr\n', 'Hello! I am Pod: 10.244.1.2\n'],
    ['a braced variable before text', '${hostname}s here', 'web-1s here'],
    ['variables side by side', '$server_addr$server_port', '10.244.1.280'],
    ['a lone and a doubled dollar', 'cost: $ 5, $$arg_x', 'cost: $ 5, $1'],
    ['an unknown variable reads empty', '[$nope]', '[]'],
    ['a header variable', 'ua=$http_user_agent', 'ua=curl/8.5.0'],
    ['a dollar at the end', 'end$', 'end$'],
  ])('%s', (_name, template, expected) => {
    // Twice: the second answer comes from the template split the first one kept.
    expect(interpolate(template, ctx('web'))).toBe(expected);
    expect(interpolate(template, ctx('web'))).toBe(expected);
  });
});

describe('requestHost', () => {
  it.each([
    ['a plain name', 'echo.local', 'echo.local'],
    ['a port dropped', 'echo.local:30007', 'echo.local'],
    ['an address and port', '192.168.1.3:30007', '192.168.1.3'],
    ['a colon without a port kept', 'echo.local:', 'echo.local:'],
    ['two ports: the last dropped', 'a:1:2', 'a:1'],
    ['lower-cased', 'Echo.LOCAL', 'echo.local'],
    ['non-ASCII lower-cased', 'ÉCHO', 'écho'],
    ['an IPv6 literal keeps its brackets', '[::1]:8080', '[::1]'],
    ['no Host: the server name', undefined, 'localhost'],
  ])('%s', (_name, host, expected) => {
    expect(requestHost(ctx(host))).toBe(expected);
  });
});
