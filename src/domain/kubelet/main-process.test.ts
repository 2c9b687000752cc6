// What a container runs as PID 1, and for how long: one case per image and command shape.
import { describe, expect, it } from 'vitest';
import type { Container } from '../../schema/kube/pod';
import { mainProcess } from './main-process';

const c = (image: string, extra: Partial<Container> = {}): Container => ({
  name: 'c',
  image,
  ...extra,
});

describe('mainProcess', () => {
  it.each<[string, Container, ReturnType<typeof mainProcess>]>([
    ['nginx runs its server', c('nginx:1.27'), { kind: 'server' }],
    ['httpd runs its server', c('httpd'), { kind: 'server' }],
    [
      'http-echo runs its server',
      c('hashicorp/http-echo', { args: ['-text=hi'] }),
      { kind: 'server' },
    ],
    [
      'an unknown image is the echo app',
      c('ghcr.io/acme/api:1', { command: ['/app'] }),
      { kind: 'server' },
    ],
    [
      'curlimages/curl with args from kubectl run',
      c('curlimages/curl', { args: ['curl', '-s', 'http://x'] }),
      { kind: 'command', argv: ['curl', '-s', 'http://x'], seconds: 1, missing: false },
    ],
    [
      'curlimages/curl with only options gets curl prepended',
      c('curlimages/curl', { args: ['-s', 'http://x'] }),
      { kind: 'command', argv: ['curl', '-s', 'http://x'], seconds: 1, missing: false },
    ],
    [
      'curlimages/curl with a URL only',
      c('curlimages/curl', { args: ['http://x'] }),
      { kind: 'command', argv: ['curl', 'http://x'], seconds: 1, missing: false },
    ],
    [
      'curlimages/curl alone runs curl',
      c('curlimages/curl'),
      { kind: 'command', argv: ['curl'], seconds: 1, missing: false },
    ],
    [
      'busybox alone runs sh',
      c('busybox'),
      { kind: 'command', argv: ['sh'], seconds: 1, missing: false },
    ],
    [
      'busybox sh with stdin open never ends',
      c('busybox', { stdin: true } as Partial<Container>),
      { kind: 'command', argv: ['sh'], seconds: Infinity, missing: false },
    ],
    [
      'nginx args replace its server',
      c('nginx', { args: ['sh', '-c', 'sleep 5; nginx -T'] }),
      { kind: 'command', argv: ['sh', '-c', 'sleep 5; nginx -T'], seconds: 5, missing: false },
    ],
    [
      'sleeps add up across && and ||',
      c('alpine', { command: ['sh', '-c', 'sleep 2 && curl x || sleep 1m'] }),
      {
        kind: 'command',
        argv: ['sh', '-c', 'sleep 2 && curl x || sleep 1m'],
        seconds: 62,
        missing: false,
      },
    ],
    [
      'sleep infinity',
      c('busybox', { command: ['sleep', 'infinity'] }),
      { kind: 'command', argv: ['sleep', 'infinity'], seconds: Infinity, missing: false },
    ],
    [
      'a while true loop',
      c('busybox', { command: ['sh', '-c', 'while true; do echo hi; sleep 10; done'] }),
      {
        kind: 'command',
        argv: ['sh', '-c', 'while true; do echo hi; sleep 10; done'],
        seconds: Infinity,
        missing: false,
      },
    ],
    [
      'tail -f',
      c('busybox', { command: ['tail', '-f', '/dev/null'] }),
      { kind: 'command', argv: ['tail', '-f', '/dev/null'], seconds: Infinity, missing: false },
    ],
    [
      'a program the image lacks',
      c('busybox', { command: ['curl', 'x'] }),
      { kind: 'command', argv: ['curl', 'x'], seconds: 1, missing: true },
    ],
  ])('%s', (_name, container, want) => {
    expect(mainProcess(container)).toEqual(want);
  });
});
