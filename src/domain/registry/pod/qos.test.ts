import { describe, expect, it } from 'vitest';
import { qosClassOf, quantityValue } from './qos';

describe('quantityValue', () => {
  it.each([
    ['100m', 0.1],
    ['0.1', 0.1],
    ['1Gi', 2 ** 30],
    ['1G', 1e9],
    ['1e3', 1000],
    [2, 2],
  ])('%s', (q, v) => expect(quantityValue(q)).toBeCloseTo(v));
  it.each(['', 'abc', '1Xi', '1 Gi', 'constructor', '1__proto__'])('rejects %j', (q) =>
    expect(quantityValue(q)).toBeUndefined(),
  );
});

describe('qosClassOf (pkg/apis/core/helper/qos ComputePodQOS)', () => {
  const cases: [string, unknown[], string][] = [
    ['no resources', [{}], 'BestEffort'],
    ['zero requests count as none', [{ resources: { requests: { cpu: '0' } } }], 'BestEffort'],
    [
      'other resources do not count',
      [{ resources: { limits: { 'nvidia.com/gpu': '1' } } }],
      'BestEffort',
    ],
    ['a cpu request', [{ resources: { requests: { cpu: '100m' } } }], 'Burstable'],
    [
      'limits only: requests default to them',
      [{ resources: { limits: { cpu: '1', memory: '128Mi' } } }],
      'Guaranteed',
    ],
    [
      'equal requests and limits, written differently',
      [
        {
          resources: {
            requests: { cpu: '0.5', memory: '1Gi' },
            limits: { cpu: '500m', memory: '1024Mi' },
          },
        },
      ],
      'Guaranteed',
    ],
    [
      'requests below limits',
      [
        {
          resources: {
            requests: { cpu: '100m', memory: '1Gi' },
            limits: { cpu: '1', memory: '1Gi' },
          },
        },
      ],
      'Burstable',
    ],
    [
      'one container without limits',
      [{ resources: { limits: { cpu: '1', memory: '1Gi' } } }, {}],
      'Burstable',
    ],
    ['only a memory limit', [{ resources: { limits: { memory: '1Gi' } } }], 'Burstable'],
  ];
  it.each(cases)('%s', (_name, containers, want) =>
    expect(qosClassOf(containers as { resources?: unknown }[])).toBe(want),
  );
});
