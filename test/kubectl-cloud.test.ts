// The lab's cloud as a student sees it with the real kubectl: a LoadBalancer Service gets its
// address from the lab's pool (EXTERNAL-IP), <pending> without one, and describe shows the
// service controller's events. Needs kubectl on PATH (or KUBECTL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  kubectlForNewLab,
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

const LB = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: LoadBalancer
  selector:
    app: web
  ports:
    - port: 80
`;

async function withLab(
  lab: object,
  body: (k: Awaited<ReturnType<typeof kubectlForNewLab>>) => Promise<void>,
) {
  const kubectl = await kubectlForNewLab(server, lab);
  try {
    await body(kubectl);
  } finally {
    kubectl.dispose();
  }
}

describe('a LoadBalancer through kubectl', () => {
  it('shows the pool address as EXTERNAL-IP and the service controller in describe', async () => {
    await withLab({ seed: 1, loadBalancerPool: ['203.0.113.10-203.0.113.11'] }, async (kubectl) => {
      await ok(kubectl, 'apply', '-f', kubectl.write('lb.yaml', LB));
      const rows = tableRows(await ok(kubectl, 'get', 'svc', 'web'));
      expect(rows[0]).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
      expect(rows[1]!.slice(0, 2)).toEqual(['web', 'LoadBalancer']);
      expect(rows[1]![3]).toBe('203.0.113.10');
      expect(rows[1]![4]).toMatch(/^80:3\d{4}\/TCP$/);
      const described = await ok(kubectl, 'describe', 'svc', 'web');
      expect(described).toMatch(/LoadBalancer Ingress:\s+203\.0\.113\.10 \(VIP\)/);
      expect(described).toMatch(
        /Normal\s+EnsuringLoadBalancer\s+\S+\s+service-controller\s+Ensuring load balancer/,
      );
      expect(described).toMatch(
        /Normal\s+EnsuredLoadBalancer\s+\S+\s+service-controller\s+Ensured load balancer/,
      );
    });
  }, 120_000);

  it('stays <pending> in a lab without a pool', async () => {
    await withLab({ seed: 1 }, async (kubectl) => {
      await ok(kubectl, 'apply', '-f', kubectl.write('lb.yaml', LB));
      const rows = tableRows(await ok(kubectl, 'get', 'svc', 'web'));
      expect(rows[1]![3]).toBe('<pending>');
    });
  }, 120_000);
});
