import type { Context } from 'hono';
import { describe, expect, it } from 'vitest';
import { nodeRequestReader } from './node-request-headers';

/** A context as the handlers see it: Node's parsed headers in env, the Fetch request beside. */
function context(
  distinct: Record<string, string[]> | undefined,
  fetchHeaders: Record<string, string> = {},
) {
  const raw = new Request('http://lab.test/nodes/10.0.0.1/30080/request', {
    headers: fetchHeaders,
  });
  const env = distinct ? { incoming: { headersDistinct: distinct }, outgoing: {} } : {};
  return {
    env,
    req: { raw, header: (name: string) => raw.headers.get(name) ?? undefined },
  } as unknown as Context;
}

describe('nodeRequestReader', () => {
  it("reads Node's parsed headers as Fetch's Headers would give them", () => {
    const c = context({
      cookie: ['a=1', 'b=2'],
      'x-forwarded-for': ['10.0.0.1', '10.0.0.2'],
      'set-cookie': ['s=1', 't=2'],
      accept: ['text/plain'],
    });
    expect(nodeRequestReader.header(c, 'cookie')).toBe('a=1; b=2');
    expect(nodeRequestReader.header(c, 'x-forwarded-for')).toBe('10.0.0.1, 10.0.0.2');
    expect(nodeRequestReader.header(c, 'x-absent')).toBeUndefined();
    expect(nodeRequestReader.headers(c)).toEqual([
      ['accept', 'text/plain'],
      ['cookie', 'a=1; b=2'],
      ['set-cookie', 's=1'],
      ['set-cookie', 't=2'],
      ['x-forwarded-for', '10.0.0.1, 10.0.0.2'],
    ]);
  });

  it('reads the Fetch request when Node handed over none', () => {
    const c = context(undefined, { 'X-Lab-Id': 'l1', Accept: 'text/html' });
    expect(nodeRequestReader.header(c, 'x-lab-id')).toBe('l1');
    expect(nodeRequestReader.headers(c)).toEqual([
      ['accept', 'text/html'],
      ['x-lab-id', 'l1'],
    ]);
  });

  it('drops the parsed request from the env of a request made anew', () => {
    const env = { incoming: { headersDistinct: {} }, outgoing: 1, DB: 2 };
    expect(nodeRequestReader.envForNewRequest(env)).toEqual({ outgoing: 1, DB: 2 });
    expect(nodeRequestReader.envForNewRequest(undefined)).toEqual({});
  });
});
