// NetworkPolicy with the real kubectl: apply -f, get netpol (NAME POD-SELECTOR AGE), describe
// netpol (kubectl's NetworkPolicy describer reads the stored object) and explain.
import { afterAll, beforeAll, describe, expect } from 'vitest';
import {
  kubectlScenarios,
  ok,
  requireKubectl,
  startServer,
  tableRows,
  type LabServer,
} from './kubectl-harness';

let server: LabServer;
beforeAll(async () => {
  await requireKubectl();
  server = await startServer();
}, 60_000);
afterAll(() => server?.close());

const scenario = kubectlScenarios(() => server);

const POLICIES = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-all
spec:
  podSelector: {}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-web
spec:
  podSelector:
    matchLabels:
      app: web
  ingress:
    - from:
        - podSelector:
            matchLabels:
              role: frontend
        - ipBlock:
            cidr: 192.168.1.0/24
            except: [192.168.1.2/32]
      ports:
        - port: 80
        - port: 8000
          endPort: 8080
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              team: ops
`;

describe('kubectl and NetworkPolicy', () => {
  scenario('apply -f, get netpol, apply again', async (kubectl) => {
    const file = kubectl.write('policies.yaml', POLICIES);
    expect(await ok(kubectl, 'apply', '-f', file)).toBe(
      'networkpolicy.networking.k8s.io/deny-all created\nnetworkpolicy.networking.k8s.io/allow-web created\n',
    );
    const rows = tableRows(await ok(kubectl, 'get', 'netpol'));
    expect(rows[0]).toEqual(['NAME', 'POD-SELECTOR', 'AGE']);
    expect(rows.map((r) => r.slice(0, 2))).toEqual([
      ['NAME', 'POD-SELECTOR'],
      ['allow-web', 'app=web'],
      ['deny-all', '<none>'],
    ]);
    // As on a real cluster: the rule lists have no merge key, and the stored ports carry the
    // defaulted protocol, so kubectl's three-way patch replaces the list (a no-op on the server).
    expect(await ok(kubectl, 'apply', '-f', file)).toBe(
      'networkpolicy.networking.k8s.io/deny-all unchanged\nnetworkpolicy.networking.k8s.io/allow-web configured\n',
    );
    expect(
      await ok(kubectl, 'get', 'netpol', 'allow-web', '-o', 'jsonpath={.metadata.generation}'),
    ).toBe('1');
  });

  scenario('describe netpol prints the rules as kubectl words them', async (kubectl) => {
    await ok(kubectl, 'apply', '-f', kubectl.write('policies.yaml', POLICIES));
    const out = await ok(kubectl, 'describe', 'netpol', 'allow-web');
    expect(out).toContain('Name:         allow-web\nNamespace:    default\n');
    expect(out).toContain('  PodSelector:     app=web\n');
    expect(out).toContain('  Allowing ingress traffic:\n');
    expect(out).toContain('    To Port: 80/TCP\n');
    expect(out).toContain('    To Port Range: 8000-8080/TCP\n');
    expect(out).toContain('      PodSelector: role=frontend\n');
    expect(out).toContain(
      '      IPBlock:\n        CIDR: 192.168.1.0/24\n        Except: 192.168.1.2/32\n',
    );
    expect(out).toContain(
      '  Allowing egress traffic:\n    To Port: <any> (traffic allowed to all ports)\n    To:\n      NamespaceSelector: team=ops\n',
    );
    expect(out).toContain('  Policy Types: Ingress, Egress\n');
    const deny = await ok(kubectl, 'describe', 'netpol', 'deny-all');
    expect(deny).toContain(
      '  PodSelector:     <none> (Allowing the specific traffic to all pods in this namespace)\n',
    );
    expect(deny).toContain('    <none> (Selected pods are isolated for ingress connectivity)\n');
  });

  scenario("a bad ipBlock is refused with kube-apiserver's message", async (kubectl) => {
    const file = kubectl.write(
      'bad.yaml',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: bad }\nspec:\n  ingress: [{ from: [{ ipBlock: { cidr: 10.0.0.0/33 } }] }]\n',
    );
    const r = await kubectl('apply', '-f', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'The NetworkPolicy "bad" is invalid: spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    );
  });

  scenario('explain networkpolicy.spec.ingress uses the Kubernetes texts', async (kubectl) => {
    const out = await ok(kubectl, 'explain', 'networkpolicy.spec.ingress');
    expect(out).toContain('FIELD: ingress <[]NetworkPolicyIngressRule>');
    expect(out).not.toContain('<no description>');
  });
});
