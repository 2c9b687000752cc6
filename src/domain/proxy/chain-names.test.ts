import { describe, expect, it } from 'vitest';
import {
  base32,
  iptablesEndpointChain,
  iptablesServiceChain,
  nftEndpointChain,
  nftServiceChain,
  sha256,
} from './chain-names';

const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

describe('sha256', () => {
  it.each([
    ['empty', '', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'two blocks',
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
  ])('%s', (_name, input, digest) => {
    expect(hex(sha256(input))).toBe(digest);
  });

  it('base32 matches RFC 4648 vectors', () => {
    expect(base32(new TextEncoder().encode('foobar'))).toBe('MZXW6YTBOI');
  });
});

describe('kube-proxy chain names', () => {
  it.each([
    [
      'kubernetes service',
      () =>
        iptablesServiceChain(
          'KUBE-SVC-',
          { namespace: 'default', name: 'kubernetes', portName: 'https' },
          'TCP',
        ),
      'KUBE-SVC-NPX46M4PTMTKRN6Y',
    ],
    [
      'proxier_test service',
      () =>
        iptablesServiceChain(
          'KUBE-SVC-',
          { namespace: 'ns1', name: 'svc1', portName: 'p80' },
          'TCP',
        ),
      'KUBE-SVC-XPGD46QRK7WJZT7O',
    ],
    [
      'proxier_test endpoint',
      () =>
        iptablesEndpointChain(
          { namespace: 'ns1', name: 'svc1', portName: 'p80' },
          'TCP',
          '10.180.0.1:80',
        ),
      'KUBE-SEP-SXIVWICOYRO3J4NJ',
    ],
    [
      'nftables service',
      () => nftServiceChain('service-', { namespace: 'ns1', name: 'svc1', portName: 'p80' }, 'TCP'),
      'service-ULMVA6XW-ns1/svc1/tcp/p80',
    ],
    [
      'nftables endpoint',
      () =>
        nftEndpointChain(
          { namespace: 'ns1', name: 'svc1', portName: 'p80' },
          'TCP',
          '10.180.0.1',
          80,
        ),
      'endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80',
    ],
  ])('%s', (_name, make, expected) => {
    expect(make()).toBe(expected);
  });
});
