// kubectl as students use it on the cluster itself: explain (Kubernetes' own API texts), describe
// node (its Lease), version and cluster-info, with the real kubectl binary. Never skips.
import { afterAll, beforeAll, describe, expect } from 'vitest';
import {
  advanceLabClock,
  requireKubectl,
  startServer,
  type LabServer,
  tableRows,
  kubectlScenarios,
  ok,
} from './kubectl-harness';

let server: LabServer;
beforeAll(async () => {
  await requireKubectl();
  server = await startServer();
}, 60_000);
afterAll(() => server?.close());

const scenario = kubectlScenarios(() => server);

describe('kubectl explain', () => {
  scenario(
    'service.spec.ports: Kubernetes descriptions, IntOrString, -required- port',
    async (k) => {
      const out = await ok(k, 'explain', 'service.spec.ports');
      expect(out).toContain('FIELD: ports <[]ServicePort>');
      expect(out).toContain("ServicePort contains information on service's port.");
      expect(out).toMatch(/targetPort\t<IntOrString>\n {4}Number or name of the port to access/);
      expect(out).toMatch(/port\t<integer> -required-\n {4}The port that will be exposed/);
      expect(out).toMatch(/protocol\t<string>\n {2}enum: SCTP, TCP, UDP\n/);
      expect(out).not.toContain('<no description>');
      expect(out).not.toContain('<empty>');
    },
  );

  scenario('svc.spec.type lists its enum', async (k) => {
    const out = await ok(k, 'explain', 'svc.spec.type');
    expect(out).toContain('FIELD: type <string>\nENUM:\n    ClusterIP\n    ExternalName\n');
    expect(out).toContain('Possible enum values:');
  });

  scenario('pod and pod.spec: every field described, apiVersion and kind optional', async (k) => {
    const pod = await ok(k, 'explain', 'pod');
    expect(pod).toMatch(/apiVersion\t<string>\n {4}APIVersion defines the versioned schema/);
    expect(pod).toMatch(/kind\t<string>\n/);
    expect(pod).toMatch(/metadata\t<ObjectMeta>\n/);
    expect(pod).not.toContain('-required-');
    const spec = await ok(k, 'explain', 'pod.spec');
    expect(spec).toMatch(/containers\t<\[\]Container> -required-/);
    expect(spec).not.toContain('<no description>');
    const recursive = await ok(k, 'explain', 'pod.spec', '--recursive');
    expect(recursive).toContain('PodSpec is a description of a pod.');
    expect(recursive).not.toContain('<no description>');
    expect(recursive).not.toContain('<empty>');
  });

  scenario('deployment.spec.strategy.rollingUpdate.maxSurge is an IntOrString', async (k) => {
    const out = await ok(k, 'explain', 'deployment.spec.strategy.rollingUpdate.maxSurge');
    expect(out).toContain('FIELD: maxSurge <IntOrString>');
    expect(out).toContain('The maximum number of pods that can be scheduled above');
  });
});

describe('node Leases (coordination.k8s.io/v1 in kube-node-lease)', () => {
  scenario('describe node shows the Lease its kubelet renews', async (k) => {
    const out = await ok(k, 'describe', 'node', 'node01');
    expect(out).not.toContain('Failed to get lease');
    expect(out).toMatch(
      /\nLease:\n {2}HolderIdentity: {2}node01\n {2}AcquireTime: {5}<unset>\n {2}RenewTime: {7}\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000\n/,
    );
  });

  scenario('get leases -n kube-node-lease: one per node, renewed on the lab clock', async (k) => {
    const rows = tableRows(await ok(k, 'get', 'leases', '-n', 'kube-node-lease'));
    expect(rows[0]).toEqual(['NAME', 'HOLDER', 'AGE']);
    expect(rows.slice(1).map((r) => r.slice(0, 2))).toEqual([
      ['controlplane', 'controlplane'],
      ['node01', 'node01'],
      ['node02', 'node02'],
    ]);
    const renewed = async () =>
      Date.parse(
        await ok(
          k,
          'get',
          'lease',
          'node01',
          '-n',
          'kube-node-lease',
          '-o',
          'jsonpath={.spec.renewTime}',
        ),
      );
    const before = await renewed();
    await advanceLabClock(server, k.labId, 60);
    expect((await renewed()) - before).toBeGreaterThanOrEqual(50_000);
    const none = await k('get', 'leases', '-n', 'default');
    expect(none.stderr).toBe('No resources found in default namespace.\n');
    const denied = await k('delete', 'lease', 'node01', '-n', 'kube-node-lease');
    expect(denied.code).not.toBe(0);
  });
});

describe('kubectl version', () => {
  scenario('serves v1.33.3 by default: no skew warning against kubectl 1.32', async (k) => {
    const out = await ok(k, 'version');
    expect(out).toContain('Server Version: v1.33.3\n');
    expect(out).toMatch(/^Client Version: v1\.3[234]\./);
    const json = JSON.parse(await ok(k, 'version', '-o', 'json')) as {
      serverVersion: Record<string, string>;
    };
    expect(json.serverVersion).toMatchObject({
      major: '1',
      minor: '33',
      gitVersion: 'v1.33.3',
      gitCommit: '80779bd6ff08b451e1c165a338a7b69351e9b0b8',
      goVersion: 'go1.24.4',
      platform: 'linux/amd64',
    });
  });

  scenario('the lab setting changes /version and the nodes kubectl sees', async (k) => {
    const res = await fetch(`${server.url}/cluster`, {
      method: 'PATCH',
      headers: { 'X-Lab-Id': k.labId, 'Content-Type': 'application/json' },
      body: JSON.stringify({ kubernetesVersion: '1.30' }),
    });
    expect(res.status).toBe(200);
    const r = await k('version');
    expect(r.stdout).toContain('Server Version: v1.30.14\n');
    // Some kubectl packages dispatch to the client release nearest the server's: read which ran.
    const client = Number(/Client Version: v1\.(\d+)\./.exec(r.stdout)?.[1]);
    if (Math.abs(client - 30) > 1) {
      expect(r.stderr).toContain(
        `WARNING: version difference between client (1.${client}) and server (1.30) exceeds the supported minor version skew of +/-1`,
      );
    }
    const rows = tableRows(await ok(k, 'get', 'nodes'));
    expect(rows.slice(1).map((row) => row[4])).toEqual(['v1.30.14', 'v1.30.14', 'v1.30.14']);
    const describe = await ok(k, 'describe', 'node', 'node01');
    expect(describe).toMatch(/Kubelet Version: +v1\.30\.14\n +Kube-Proxy Version: +v1\.30\.14\n/);
  });
});

describe('kubectl cluster-info', () => {
  scenario('every URL it prints answers as on a cluster', async (k) => {
    const out = await ok(k, 'cluster-info');
    const control = /Kubernetes control plane is running at (\S+)/.exec(out)?.[1];
    const dns = /CoreDNS is running at (\S+)/.exec(out)?.[1];
    expect(dns).toBe(`${control}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy`);
    const root = await fetch(control!);
    expect(root.status).toBe(200);
    expect(((await root.json()) as { paths: string[] }).paths).toContain('/api/v1');
    const proxied = await k(
      'get',
      '--raw',
      '/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy',
    );
    expect(proxied.code).not.toBe(0);
    expect(proxied.stderr).toContain('error trying to reach service: EOF');
    const res = await fetch(dns!);
    expect(res.status).toBe(503);
  });
});
