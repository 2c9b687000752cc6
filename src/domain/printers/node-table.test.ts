import { describe, expect, it } from 'vitest';
import type { Node } from '../../schema/kube/core';
import { nodeRoles, nodeStatus } from './node-table';

describe('nodes', () => {
  const node = (
    labels: Record<string, string>,
    conditions: { type: string; status: string }[],
  ): Node => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n', labels },
    status: { conditions },
  });
  it.each([
    {
      name: 'role labels sorted',
      labels: { 'node-role.kubernetes.io/worker': '', 'node-role.kubernetes.io/control-plane': '' },
      roles: ['control-plane', 'worker'],
    },
    { name: 'legacy role label', labels: { 'kubernetes.io/role': 'master' }, roles: ['master'] },
    { name: 'bare prefix is no role', labels: { 'node-role.kubernetes.io/': '' }, roles: [] },
    { name: 'no roles', labels: {}, roles: [] },
  ])('roles: $name', ({ labels, roles }) => {
    expect(nodeRoles(node(labels, []))).toEqual(roles);
  });

  it.each([
    { name: 'ready', conditions: [{ type: 'Ready', status: 'True' }], text: 'Ready' },
    { name: 'not ready', conditions: [{ type: 'Ready', status: 'False' }], text: 'NotReady' },
    { name: 'unknown', conditions: [], text: 'Unknown' },
  ])('status: $name', ({ conditions, text }) => {
    expect(nodeStatus(node({}, conditions))).toBe(text);
  });
});
