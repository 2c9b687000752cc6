import { describe, expect, it } from 'vitest';
import { ApiError } from '../../apimachinery/errors';
import { resolvePodProxy } from './proxy-location';

const running = {
  spec: {
    containers: [
      { name: 'a', image: 'x' },
      { name: 'b', image: 'y', ports: [{ containerPort: 8080 }] },
    ],
  },
  status: { podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }] },
};

function error(fn: () => unknown): { code: number; message: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('no error');
}

describe('resolvePodProxy', () => {
  it.each([
    ['web', 8080],
    ['web:81', 81],
    ['web:http', 80],
    ['https:web:https', 443],
  ])('%s goes to port %i', (id, port) => {
    expect(resolvePodProxy(id, running)).toMatchObject({ ips: ['10.244.1.5'], port });
  });

  it('takes the scheme default when no container declares a port', () => {
    const bare = { spec: { containers: [{ name: 'a', image: 'x' }] }, status: running.status };
    expect(resolvePodProxy('web', bare).port).toBe(80);
    expect(resolvePodProxy('https:web:', bare).port).toBe(443);
  });

  it.each([
    ['web', { spec: running.spec, status: {} }, 400, 'address not allowed'],
    ['ftp:web:80', running, 400, 'invalid pod request "ftp:web:80"'],
    ['a:b:c:d', running, 400, 'invalid pod request "a:b:c:d"'],
    [
      'web:gopher',
      running,
      503,
      'error trying to reach service: dial tcp: lookup tcp/gopher: unknown port',
    ],
    [
      'web:70000',
      running,
      503,
      'error trying to reach service: dial tcp: address 70000: invalid port',
    ],
    [
      'web:constructor',
      running,
      503,
      'error trying to reach service: dial tcp: lookup tcp/constructor: unknown port',
    ],
  ])('%s answers %i', (id, pod, code, message) => {
    expect(error(() => resolvePodProxy(id, pod))).toEqual({ code, message });
  });
});
