import { describe, expect, it } from 'vitest';
import { fieldErrorText } from './field-errors';
import { nodesByCount, validateNodes } from './lab-nodes';

describe('nodesByCount', () => {
  it('lays nodes out like the default lab', () => {
    expect(nodesByCount(3)).toEqual([
      { name: 'controlplane', ip: '192.168.1.2', roles: ['control-plane'] },
      { name: 'node01', ip: '192.168.1.3', roles: [] },
      { name: 'node02', ip: '192.168.1.4', roles: [] },
    ]);
    expect(nodesByCount(12)[11]).toEqual({ name: 'node11', ip: '192.168.1.13', roles: [] });
  });

  it('makes a single node schedulable', () => {
    expect(nodesByCount(1)).toEqual([{ name: 'node01', ip: '192.168.1.3', roles: [] }]);
  });
});

describe('validateNodes', () => {
  it.each([
    [
      'a bad name',
      [{ name: 'Node_1', ip: '10.0.0.1', roles: [] }],
      /^nodes\[0\]\.name: Invalid value: "Node_1"/,
    ],
    [
      'a bad address',
      [{ name: 'n', ip: '10.0.0.300', roles: [] }],
      /^nodes\[0\]\.ip: Invalid value: "10.0.0.300"/,
    ],
    ['an IPv6 address', [{ name: 'n', ip: '::1', roles: [] }], /^nodes\[0\]\.ip: Invalid value/],
    [
      'the same address twice',
      [
        { name: 'a', ip: '10.0.0.1', roles: [] },
        { name: 'b', ip: '10.0.0.1', roles: [] },
      ],
      /^nodes\[1\]\.ip: Duplicate value: "10.0.0.1"$/,
    ],
    [
      'a bad role',
      [{ name: 'n', ip: '10.0.0.1', roles: ['Control Plane'] }],
      /^nodes\[0\]\.roles\[0\]: Invalid value/,
    ],
  ])('refuses %s', (_, nodes, message) => {
    const errors = validateNodes(nodes);
    expect(errors.length).toBeGreaterThan(0);
    expect(fieldErrorText(errors[0]!)).toMatch(message);
  });

  it('accepts the defaults', () => {
    expect(validateNodes(nodesByCount(16))).toEqual([]);
  });
});
