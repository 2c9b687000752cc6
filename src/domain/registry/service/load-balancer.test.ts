import { describe, expect, it } from 'vitest';
import { healthCheckNodePortOf, isValidCIDR } from './load-balancer';

describe('isValidCIDR (Go ParseCIDRSloppy)', () => {
  it.each([
    ['10.0.0.0/8', true],
    ['10.0.0.1/32', true],
    ['010.000.0.0/8', true],
    ['0.0.0.0/0', true],
    ['10.0.0.0/008', true],
    ['2001:db8::/64', true],
    ['::ffff:1.2.3.4/120', true],
    ['10.0.0.0/33', false],
    ['2001:db8::/129', false],
    ['10.0.0.0', false],
    ['10.0.0.0/', false],
    ['10.0.0.0/-1', false],
    ['10.0.0.0/8/8', false],
    ['foo.bar/8', false],
    ['fe80::1%eth0/64', false],
    ['', false],
  ])('%s', (value, want) => {
    expect(isValidCIDR(value)).toBe(want);
  });
});

describe('healthCheckNodePortOf', () => {
  it.each([
    {
      spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 31000 },
      want: 31000,
    },
    {
      spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Cluster', healthCheckNodePort: 31000 },
      want: undefined,
    },
    { spec: { type: 'NodePort', externalTrafficPolicy: 'Local' }, want: undefined },
  ])('$spec.type $spec.externalTrafficPolicy', ({ spec, want }) => {
    expect(healthCheckNodePortOf(spec)).toBe(want);
  });
});
