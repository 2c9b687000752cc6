import { describe, expect, it } from 'vitest';
import type { Container } from '../../../schema/kube/pod';
import { exitsOnStopSignal, IMAGE_STOP } from './images';

describe('the stop signal per image', () => {
  it('follows each image STOPSIGNAL', () => {
    expect(IMAGE_STOP['nginx']?.signal).toBe('SIGQUIT');
    expect(IMAGE_STOP['httpd']?.signal).toBe('SIGWINCH');
    expect(IMAGE_STOP['http-echo']?.signal).toBe('SIGTERM');
    expect(IMAGE_STOP['busybox']).toMatchObject({ signal: 'SIGTERM', exits: false });
  });

  const c = (image: string, more: Partial<Container> = {}): Container => ({
    name: 'c',
    image,
    ...more,
  });
  it.each<[string, Container, boolean]>([
    ['nginx', c('nginx:1.27'), true],
    ['nginx from a registry', c('registry.local:5000/nginx@sha256:abc'), true],
    ['nginx -g "daemon off;"', c('nginx', { command: ['nginx', '-g', 'daemon off;'] }), true],
    ['nginx args run by docker-entrypoint.sh', c('nginx', { args: ['sleep', '60'] }), false],
    ['nginx under a shell', c('nginx', { command: ['/bin/sh', '-c', 'nginx'] }), false],
    ['httpd', c('httpd:2.4'), true],
    ['http-echo with its flags', c('hashicorp/http-echo', { args: ['-text=hi'] }), true],
    ['an unknown image (a Go echo server)', c('ghcr.io/acme/api'), true],
    ['an image without a name', { name: 'c' }, true],
    ['busybox', c('busybox'), false],
    ['busybox sleep', c('busybox', { command: ['sleep', '3600'] }), false],
    ['busybox args', c('busybox:1.36', { args: ['sleep', '3600'] }), false],
    ['alpine sh -c', c('alpine', { command: ['sh', '-c', 'while true; do sleep 1; done'] }), false],
    ['bash in ubuntu', c('ubuntu', { command: ['/usr/bin/bash'] }), false],
    ['tail -f in an echo image', c('acme/api', { command: ['tail', '-f', '/dev/null'] }), false],
    ['an image named after a prototype key', c('constructor'), true],
    ['an image named __proto__', c('__proto__'), true],
  ])('%s', (_name, container, exits) => {
    expect(exitsOnStopSignal(container)).toBe(exits);
  });
});
