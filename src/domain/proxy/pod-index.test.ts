import { describe, expect, it } from 'vitest';
import { podWithIp } from './pod-index';
import { nginx, pod } from '../../../test/fixtures/traffic-objects';

describe('pods by address', () => {
  it('answers what pods.find answers: the first pod holding the address, or none', () => {
    const a = pod('a', '10.244.1.2', 'node01', [nginx()]);
    const b = pod('b', '10.244.1.2', 'node02', [nginx()]);
    const c = pod('c', '10.244.2.3', 'node02', [nginx()]);
    const pods = [a, b, c];
    expect(podWithIp(pods, '10.244.1.2')).toBe(a);
    expect(podWithIp(pods, '10.244.2.3')).toBe(c);
    expect(podWithIp(pods, '10.244.9.9')).toBeUndefined();
    expect(podWithIp(pods, '')).toBeUndefined();
    expect(podWithIp(pods, undefined)).toBeUndefined();
  });

  it('indexes a list again when it grew in place', () => {
    const pods = [pod('a', '10.244.1.2', 'node01', [nginx()])];
    expect(podWithIp(pods, '10.244.1.7')).toBeUndefined();
    const late = pod('late', '10.244.1.7', 'node01', [nginx()]);
    pods.push(late);
    expect(podWithIp(pods, '10.244.1.7')).toBe(late);
  });
});
