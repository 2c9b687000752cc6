import { describe, expect, it } from 'vitest';
import { Firewall } from '../../schema/lab/cloud';
import { judgeConnection } from './firewall';

const firewall = Firewall.parse({
  name: 'nodes-sg',
  rules: [
    { name: 'ssh', ports: [22], sourceRanges: ['203.0.113.0/24'] },
    { name: 'nodeports', ports: ['30000-32767'], sourceRanges: ['198.51.100.7/32'] },
    { name: 'dns', protocol: 'UDP', ports: [53], sourceRanges: ['0.0.0.0/0'] },
  ],
});

describe('the cloud firewall in front of the nodes', () => {
  it('lets everything through when the lab has none', () => {
    expect(
      judgeConnection(undefined, { protocol: 'TCP', port: 30080, sourceIp: '1.2.3.4' }),
    ).toEqual({
      allowed: true,
    });
  });

  it.each([
    [22, '203.0.113.9', 'TCP', 'ssh'],
    [30080, '198.51.100.7', 'TCP', 'nodeports'],
    [32767, '198.51.100.7', 'TCP', 'nodeports'],
    [53, '10.1.1.1', 'UDP', 'dns'],
  ] as const)('allows %s from %s (%s) by rule %s', (port, sourceIp, protocol, rule) => {
    expect(judgeConnection(firewall, { protocol, port, sourceIp })).toEqual({
      allowed: true,
      rule,
    });
  });

  it.each([
    [30080, '198.51.100.8'],
    [22, '198.51.100.7'],
    [53, '203.0.113.9'],
    [29999, '198.51.100.7'],
  ])('drops TCP %s from %s and names the firewall and the port', (port, sourceIp) => {
    const verdict = judgeConnection(firewall, { protocol: 'TCP', port, sourceIp });
    expect(verdict.allowed).toBe(false);
    if (verdict.allowed) return;
    expect(verdict.firewall).toBe('nodes-sg');
    expect(verdict.reason).toContain(
      `the cloud firewall nodes-sg dropped TCP port ${port} from ${sourceIp}`,
    );
    expect(verdict.reason).toContain('nodeports (TCP 30000-32767 from 198.51.100.7/32)');
  });

  it('a firewall with no rules drops everything', () => {
    const closed = Firewall.parse({ rules: [] });
    const verdict = judgeConnection(closed, { protocol: 'TCP', port: 80, sourceIp: '1.1.1.1' });
    expect(verdict).toMatchObject({ allowed: false, firewall: 'lab-firewall' });
  });

  it('refuses malformed rules with the field', () => {
    const bad = Firewall.safeParse({
      rules: [{ name: 'x', ports: ['70000'], sourceRanges: ['10.0.0.0/33'] }],
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(['rules.0.ports.0', 'rules.0.sourceRanges.0']);
  });
});
