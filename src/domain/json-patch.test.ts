import { describe, expect, it } from 'vitest';
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

  it.each([
    {
      name: 'a body that is not a list',
      ops: {},
      message: 'json patch: the body must be a list of operations',
    },
    {
      name: 'a missing path',
      ops: [{ op: 'replace', path: '/spec/nothing', value: 1 }],
      message: 'json patch: path /spec/nothing does not exist',
    },
    {
      name: 'an index out of range',
      ops: [{ op: 'remove', path: '/spec/ports/5' }],
      message: 'json patch: index 5 out of range in /spec/ports/5',
    },
    {
      name: 'a failed test',
      ops: [{ op: 'test', path: '/metadata/name', value: 'db' }],
      message: 'json patch: test failed for /metadata/name',
    },
    {
      name: 'an unknown operation',
      ops: [{ op: 'merge', path: '/spec' }],
      message: 'json patch: unknown operation "merge"',
    },
  ])('refuses $name', ({ ops, message }) => {
    expect(() => applyJsonPatch(svc, ops)).toThrow(message);
  });
});
