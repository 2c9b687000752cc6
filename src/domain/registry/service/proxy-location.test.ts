import { describe, expect, it } from 'vitest';
import { ApiError } from '../../apimachinery/errors';
import { parseProxyId, resolveServiceProxy } from './proxy-location';

const service = {
  spec: {
    ports: [
      { name: 'http', port: 80, targetPort: 8080 },
      { name: 'metrics', port: 9090 },
    ],
  },
};
const endpoints = {
  subsets: [
    {
      addresses: [{ ip: '10.244.1.5' }],
      ports: [
        { name: 'http', port: 8080, protocol: 'TCP' },
        { name: 'metrics', port: 9090, protocol: 'TCP' },
      ],
    },
  ],
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

describe('parseProxyId', () => {
  it.each([
    ['web', { scheme: '', name: 'web', port: '' }],
    ['web:http', { scheme: '', name: 'web', port: 'http' }],
    ['https:web:443', { scheme: 'https', name: 'web', port: '443' }],
  ])('%s', (id, parsed) => expect(parseProxyId(id)).toEqual(parsed));

  it.each(['ftp:web:80', 'a:b:c:d', ':80', ''])('refuses %j with a 400', (id) => {
    expect(error(() => parseProxyId(id))).toEqual({
      code: 400,
      message: `invalid service request "${id}"`,
    });
  });
});

describe('resolveServiceProxy', () => {
  it('finds the endpoint port by the service port name, or by number through its name', () => {
    expect(resolveServiceProxy('web:http', service, endpoints)).toEqual({
      scheme: '',
      ip: '10.244.1.5',
      port: 8080,
      portName: 'http',
    });
    expect(resolveServiceProxy('https:web:9090', service, endpoints)).toMatchObject({
      scheme: 'https',
      port: 9090,
      portName: 'metrics',
    });
  });

  it('answers 503 as kube-apiserver does when no port or endpoint fits', () => {
    expect(error(() => resolveServiceProxy('web:81', service, endpoints))).toEqual({
      code: 503,
      message: 'no service port 81 found for service "web"',
    });
    expect(error(() => resolveServiceProxy('web:http', service, { subsets: [] }))).toEqual({
      code: 503,
      message: 'no endpoints available for service "web"',
    });
    // No port names the unnamed port, which this Service does not have.
    expect(error(() => resolveServiceProxy('web', service, endpoints))).toEqual({
      code: 503,
      message: 'no endpoints available for service "web"',
    });
    const notReady = { subsets: [{ notReadyAddresses: [{ ip: '10.244.1.6' }], ports: [] }] };
    expect(error(() => resolveServiceProxy('web:http', service, notReady)).code).toBe(503);
  });
});
