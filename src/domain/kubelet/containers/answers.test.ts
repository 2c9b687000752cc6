import { describe, expect, it } from 'vitest';
import { httpEchoConfig, imageKind, imageName } from './images';
import { AnswerMemo, answerWith, answerOnPort, containerServers } from './answers';
import { NOW, pod } from '../../../../test/fixtures/traffic-objects';

const request = {
  method: 'GET',
  path: '/hello?x=1',
  headers: { Host: '192.168.1.3:30007' },
  remoteAddr: '192.168.1.3',
};

describe('image recognition', () => {
  it.each([
    ['nginx', 'nginx', 'nginx'],
    ['nginx:alpine', 'nginx', 'nginx'],
    ['docker.io/library/nginx:1.27', 'nginx', 'nginx'],
    ['registry.local:5000/nginx@sha256:abc', 'nginx', 'nginx'],
    ['httpd:2.4', 'httpd', 'httpd'],
    ['hashicorp/http-echo:1.0', 'http-echo', 'http-echo'],
    ['nginxdemos/hello', 'hello', 'echo'],
    ['ghcr.io/acme/api:1.0', 'api', 'echo'],
  ])('%s', (image, name, kind) => {
    expect(imageName(image)).toBe(name);
    expect(imageKind(image)).toBe(kind);
  });
});

describe('http-echo arguments', () => {
  it.each([
    ['-text=', { name: 'e', args: ['-text=hi there'] }, { port: 5678, text: 'hi there' }],
    [
      '-text value and -listen',
      { name: 'e', args: ['-listen', ':8080', '-text', 'hi'] },
      { port: 8080, text: 'hi' },
    ],
    [
      '--listen=addr:port',
      { name: 'e', args: ['--listen=0.0.0.0:9090', '--text=x'] },
      { port: 9090, text: 'x' },
    ],
    [
      'command carries the flags',
      { name: 'e', command: ['/http-echo', '-text=cmd'] },
      { port: 5678, text: 'cmd' },
    ],
    [
      'ECHO_TEXT env',
      { name: 'e', env: [{ name: 'ECHO_TEXT', value: 'env' }] },
      { port: 5678, text: 'env' },
    ],
  ])('%s', (_name, container, expected) => {
    expect(httpEchoConfig(container)).toEqual(expected);
  });
});

describe('what each container answers', () => {
  it('httpd: It works! on 80', () => {
    const p = pod('h', '10.244.1.2', 'node01', [{ name: 'httpd', image: 'httpd' }]);
    const a = answerOnPort(p, 80, [], { ...request, path: '/' }, NOW);
    expect(a.listening && a.response.body).toBe('<html><body><h1>It works!</h1></body></html>\n');
    expect(a.listening && a.response.headers['Content-Length']).toBe('45');
  });

  it('http-echo: its text plus a newline on every path', () => {
    const p = pod('e', '10.244.1.2', 'node01', [
      { name: 'e', image: 'hashicorp/http-echo', args: ['-text=apple'] },
    ]);
    const a = answerOnPort(p, 5678, [], request, NOW);
    expect(a.listening && a.response.body).toBe('apple\n');
  });

  it('any other image: a JSON echo on each declared containerPort', () => {
    const app = {
      name: 'app',
      image: 'acme/app',
      ports: [
        { containerPort: 8080 },
        { containerPort: 9090 },
        { containerPort: 53, protocol: 'UDP' },
      ],
    };
    const p = pod('app-1', '10.244.1.2', 'node01', [app]);
    expect(containerServers(p, [])[0]?.ports).toEqual([8080, 9090]);
    const a = answerOnPort(p, 9090, [], request, NOW);
    expect(a.listening && JSON.parse(a.response.body)).toEqual({
      pod: 'app-1',
      namespace: 'default',
      podIP: '10.244.1.2',
      node: 'node01',
      method: 'GET',
      path: '/hello?x=1',
      headers: { Host: '192.168.1.3:30007' },
      remoteAddr: '192.168.1.3',
    });
  });

  it('containers share the pod network: a sidecar port is answered by the sidecar', () => {
    const p = pod('two', '10.244.1.2', 'node01', [
      { name: 'web', image: 'nginx' },
      { name: 'echo', image: 'hashicorp/http-echo', args: ['-text=side'] },
    ]);
    const a = answerOnPort(p, 5678, [], request, NOW);
    expect(a.listening && a.container).toBe('echo');
  });

  it.each([
    ['nginx on 8080', [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 8080 }] }], 8080],
    ['app without declared ports', [{ name: 'app', image: 'acme/app' }], 80],
    ['http-echo on 80', [{ name: 'e', image: 'hashicorp/http-echo' }], 80],
  ])('refuses when nothing listens: %s', (_name, containers, port) => {
    const p = pod('x', '10.244.1.2', 'node01', containers);
    expect(answerOnPort(p, port, [], request, NOW).listening).toBe(false);
  });
});

describe('nginx servers', () => {
  it('answer through one method that every pod shares', () => {
    const image = [{ name: 'web', image: 'nginx:alpine' }];
    const [a] = containerServers(pod('a', '10.244.1.5', 'node01', image), []);
    const [b] = containerServers(pod('b', '10.244.2.6', 'node02', image), []);
    // Shared, not a closure per pod: spread over many labs a closure is memory to fetch.
    expect(a!.answer).toBe(b!.answer);
    const answer = (s: typeof a, ip: string) =>
      s!.answer(80, { ...request, path: '/', remoteAddr: ip }, NOW);
    expect(answer(a, '192.168.1.3').status).toBe(200);
    expect(a!.ports).toEqual([80]);
    expect(b!.ports).toEqual([80]);
  });
});

describe("a batch's answer memo", () => {
  const app = { name: 'app', image: 'acme/app', ports: [{ containerPort: 8080 }] };
  const [server] = containerServers(pod('app-1', '10.244.1.2', 'node01', [app]), []);
  const body = (a: ReturnType<AnswerMemo['answer']>) => JSON.parse(a.response.body);

  it('answers a repeated request once, with what the server answers', () => {
    const memo = new AnswerMemo();
    const first = memo.answer(server!, 8080, { ...request }, NOW);
    expect(memo.answer(server!, 8080, { ...request }, NOW)).toBe(first);
    expect(first).toEqual(answerWith(server!, 8080, request, NOW));
  });

  it('answers afresh for another source address, headers object or instant', () => {
    const memo = new AnswerMemo();
    const first = memo.answer(server!, 8080, request, NOW);
    const other = memo.answer(server!, 8080, { ...request, remoteAddr: '10.244.2.9' }, NOW);
    expect(body(other).remoteAddr).toBe('10.244.2.9');
    const headers = { Host: 'other' };
    expect(body(memo.answer(server!, 8080, { ...request, headers }, NOW)).headers).toEqual(headers);
    const later = new Date(NOW.getTime() + 1000);
    expect(memo.answer(server!, 8080, request, later)).not.toBe(first);
    expect(memo.answer(server!, 8080, request, NOW)).toBe(first);
  });
});
