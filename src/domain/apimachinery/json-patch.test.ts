import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { applyJsonPatch } from './json-patch';

const svc = {
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: { ports: [{ port: 80 }, { port: 443 }] },
};

describe('applyJsonPatch', () => {
  it.each([
    {
      name: 'replace a nested value',
      ops: [{ op: 'replace', path: '/spec/ports/0/port', value: 8080 }],
      expected: { ...svc, spec: { ports: [{ port: 8080 }, { port: 443 }] } },
    },
    {
      name: 'add to the end of a list with -',
      ops: [{ op: 'add', path: '/spec/ports/-', value: { port: 9090 } }],
      expected: { ...svc, spec: { ports: [...svc.spec.ports, { port: 9090 }] } },
    },
    {
      name: 'insert into a list at an index',
      ops: [{ op: 'add', path: '/spec/ports/0', value: { port: 1 } }],
      expected: { ...svc, spec: { ports: [{ port: 1 }, ...svc.spec.ports] } },
    },
    {
      name: 'add a label whose key has a slash (~1)',
      ops: [{ op: 'add', path: '/metadata/labels/app.kubernetes.io~1name', value: 'web' }],
      expected: {
        ...svc,
        metadata: { name: 'web', labels: { app: 'web', 'app.kubernetes.io/name': 'web' } },
      },
    },
    {
      name: 'remove, then test',
      ops: [
        { op: 'remove', path: '/spec/ports/1' },
        { op: 'test', path: '/spec/ports/0/port', value: 80 },
      ],
      expected: { ...svc, spec: { ports: [{ port: 80 }] } },
    },
    {
      name: 'move and copy',
      ops: [
        { op: 'copy', from: '/metadata/name', path: '/metadata/labels/name' },
        { op: 'move', from: '/metadata/labels/app', path: '/metadata/labels/tier' },
      ],
      expected: { ...svc, metadata: { name: 'web', labels: { name: 'web', tier: 'web' } } },
    },
  ])('$name', ({ ops, expected }) => {
    const before = structuredClone(svc);
    expect(applyJsonPatch(svc, ops)).toEqual(expected);
    expect(svc).toEqual(before);
  });

  const invalid = 'the server rejected our request due to an error in our request';
  it.each([
    {
      name: 'a body that is not a list',
      ops: {},
      code: 400,
      message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    },
    {
      name: 'a missing path',
      ops: [{ op: 'replace', path: '/spec/nothing', value: 1 }],
      code: 422,
      cause: 'replace operation does not apply: doc is missing key: /spec/nothing: missing value',
    },
    {
      name: 'an index out of range',
      ops: [{ op: 'remove', path: '/spec/ports/5' }],
      code: 422,
      cause:
        "error in remove for path: '/spec/ports/5': Unable to access invalid index: 5: invalid index referenced",
    },
    {
      name: 'a failed test',
      ops: [{ op: 'test', path: '/metadata/name', value: 'db' }],
      code: 422,
      cause: 'testing value /metadata/name failed: test failed',
    },
    {
      name: 'an unknown operation',
      ops: [{ op: 'merge', path: '/spec' }],
      code: 422,
      cause: 'Unexpected kind: merge',
    },
    {
      name: 'a path through __proto__ (not an own key)',
      ops: [{ op: 'add', path: '/__proto__/polluted', value: 1 }],
      code: 422,
      cause:
        'add operation does not apply: doc is missing path: "/__proto__/polluted": missing value',
    },
    {
      name: 'a label path through __proto__',
      ops: [{ op: 'add', path: '/metadata/labels/__proto__/x', value: '1' }],
      code: 422,
      cause:
        'add operation does not apply: doc is missing path: "/metadata/labels/__proto__/x": missing value',
    },
    {
      name: 'removing an inherited method',
      ops: [{ op: 'remove', path: '/__proto__/hasOwnProperty' }],
      code: 422,
      cause:
        'remove operation does not apply: doc is missing path: "/__proto__/hasOwnProperty": missing value',
    },
    {
      name: 'copying from an inherited property',
      ops: [{ op: 'copy', from: '/constructor', path: '/metadata/labels/x' }],
      code: 422,
      cause: 'copy operation does not apply: doc is missing from path: /constructor: missing value',
    },
    {
      name: 'testing an inherited property',
      ops: [{ op: 'test', path: '/metadata/constructor', value: {} }],
      code: 422,
      cause: 'test operation does not apply: is missing path: /metadata/constructor: missing value',
    },
  ])('refuses $name', ({ ops, code, message, cause }) => {
    const error = (() => {
      try {
        applyJsonPatch(svc, ops);
      } catch (e) {
        return e as ApiError;
      }
      throw new Error('the patch applied');
    })();
    expect(error.code).toBe(code);
    expect(error.message).toBe(message ?? invalid);
    if (cause) expect(error.details?.causes?.[0]?.message).toBe(cause);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty).toBeTypeOf('function');
  });

  it('treats __proto__ as an ordinary key it may add, read and remove', () => {
    const out = applyJsonPatch(svc, [
      { op: 'add', path: '/metadata/labels/__proto__', value: { polluted: 1 } },
      { op: 'test', path: '/metadata/labels/__proto__/polluted', value: 1 },
      { op: 'copy', from: '/metadata/labels/__proto__', path: '/spec/__proto__' },
    ]) as { metadata: { labels: object }; spec: object };
    expect(Object.getPrototypeOf(out.metadata.labels)).toBe(Object.prototype);
    expect(Object.keys(out.metadata.labels)).toEqual(['app', '__proto__']);
    expect(JSON.stringify(out.spec)).toContain('"__proto__":{"polluted":1}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers 413 past 10,000 operations, as kube-apiserver does', () => {
    const ops = Array.from({ length: 10_001 }, () => ({
      op: 'test',
      path: '/metadata/name',
      value: 'web',
    }));
    expect(() => applyJsonPatch(svc, ops)).toThrow(
      'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001',
    );
  });

  it('bounds what copy operations may add up to', () => {
    const big = { ...svc, data: { blob: 'x'.repeat(1024 * 1024) } };
    const ops = [1, 2, 3, 4].map((i) => ({ op: 'copy', from: '/data/blob', path: `/data/c${i}` }));
    expect(() => applyJsonPatch(big, ops)).toThrow(ApiError);
  });
});
