import { describe, expect, it } from 'vitest';
import { fieldErrorText } from '../apimachinery/field-errors';
import { nodesByCount, validateNodes, withKubeletNodeStatus } from './nodes';

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
  it('accepts addresses next to the refused ranges', () => {
    const ips = [
      '1.0.0.0',
      '126.255.255.255',
      '10.95.255.255',
      '10.112.0.0',
      '10.243.255.255',
      '10.245.0.0',
      '223.255.255.255',
    ];
    expect(validateNodes(ips.map((ip, i) => ({ name: `n${i}`, ip, roles: [] })))).toEqual([]);
  });

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
    ...(
      [
        ['0.0.0.0', 'may not be in 0.0.0.0/8 (0.0.0.0 is the unspecified address'],
        ['0.1.2.3', 'may not be in 0.0.0.0/8'],
        ['127.0.0.1', 'may not be a loopback address (127.0.0.0/8)'],
        ['169.254.1.1', 'may not be a link-local address (169.254.0.0/16)'],
        ['224.0.0.5', 'may not be a multicast address (224.0.0.0/4)'],
        ['239.255.255.250', 'may not be a multicast address'],
        [
          '255.255.255.255',
          'may not be in the reserved range 240.0.0.0/4 (255.255.255.255 is the broadcast address)',
        ],
        ['240.0.0.1', 'may not be in the reserved range 240.0.0.0/4'],
        ['10.96.0.1', 'may not be inside the service CIDR 10.96.0.0/12, where clusterIPs'],
        ['10.111.255.254', 'may not be inside the service CIDR 10.96.0.0/12'],
        ['10.244.1.5', 'may not be inside the pod CIDR 10.244.0.0/16, where pod IPs'],
      ] as const
    ).map(([ip, why]): [string, { name: string; ip: string; roles: string[] }[], RegExp] => [
      `the unusable address ${ip}`,
      [{ name: 'n', ip, roles: [] }],
      new RegExp(`^nodes\\[0\\]\\.ip: Invalid value: "${ip}": ${why.replace(/[.()/]/g, '\\$&')}`),
    ]),
  ])('refuses %s', (_, nodes, message) => {
    const errors = validateNodes(nodes);
    expect(errors.length).toBeGreaterThan(0);
    expect(fieldErrorText(errors[0]!)).toMatch(message);
  });

  it('accepts the defaults', () => {
    expect(validateNodes(nodesByCount(16))).toEqual([]);
  });
});

describe('withKubeletNodeStatus', () => {
  const bare = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'node01', uid: 'u', resourceVersion: '1', creationTimestamp: 't' },
    status: {
      conditions: [{ type: 'Ready', status: 'True' }],
      capacity: { cpu: '2' },
      nodeInfo: { kubeletVersion: 'v1.34.1' },
    },
  };

  it('fills what a kubelet posts, keeping what is there', () => {
    const node = withKubeletNodeStatus(bare, 7, 'now');
    const status = node.status as Record<string, Record<string, unknown>>;
    expect(status.nodeInfo).toMatchObject({ kubeletVersion: 'v1.34.1' });
    expect(status.nodeInfo!.bootID).toMatch(/^[0-9a-f-]{36}$/);
    expect(status.capacity).toMatchObject({ cpu: '2', 'hugepages-2Mi': '0' });
    expect((status.conditions as unknown as { type: string }[]).map((c) => c.type)).toEqual([
      'MemoryPressure',
      'DiskPressure',
      'PIDPressure',
      'Ready',
    ]);
  });

  it('is idempotent, so a node read again is answered as stored', () => {
    const once = withKubeletNodeStatus(bare, 7, 'now');
    expect(withKubeletNodeStatus(once, 7, 'later')).toEqual(once);
    expect(JSON.stringify(withKubeletNodeStatus(once, 7, 'later'))).toBe(JSON.stringify(once));
  });
});
