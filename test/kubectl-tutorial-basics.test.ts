// Tutorials 1 and 2's kubectl commands (NodePort basics; frontend and backends on node01), run with
// the real kubectl binary against NodePort Lab, in order, with the output each tutorial shows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { EXAMPLES, tableRows, ok } from './kubectl-harness';
import { AGE, CLUSTER_IP, POD_IP, scenario, useKubectlServer } from './support/kubectl-server';

useKubectlServer();

describe('tutorial 1: NodePort basics (nginx pod, nodePort 31110)', () => {
  scenario('apply, get services, nodes, pods, endpoints, describe, re-apply', async (kubectl) => {
    expect(await ok(kubectl, 'apply', '-f', 'nginx-pod.yaml')).toBe('pod/nginx-pod created\n');
    expect(await ok(kubectl, 'apply', '-f', 'nginx-nodeport-service.yaml')).toBe(
      'service/nginx-nodeport-service created\n',
    );

    const services = tableRows(await ok(kubectl, 'get', 'services'));
    expect(services[0]).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    expect(services[1]).toEqual([
      'kubernetes',
      'ClusterIP',
      '10.96.0.1',
      '<none>',
      '443/TCP',
      expect.stringMatching(AGE),
    ]);
    expect(services[2]).toEqual([
      'nginx-nodeport-service',
      'NodePort',
      expect.stringMatching(CLUSTER_IP),
      '<none>',
      '80:31110/TCP',
      expect.stringMatching(AGE),
    ]);

    const nodes = tableRows(await ok(kubectl, 'get', 'nodes', '-o', 'wide'));
    expect(nodes[0]).toEqual([
      'NAME',
      'STATUS',
      'ROLES',
      'AGE',
      'VERSION',
      'INTERNAL-IP',
      'EXTERNAL-IP',
      'OS-IMAGE',
      'KERNEL-VERSION',
      'CONTAINER-RUNTIME',
    ]);
    expect(nodes.slice(1).map((r) => [r[0], r[1], r[2], r[5]])).toEqual([
      ['controlplane', 'Ready', 'control-plane', '192.168.1.2'],
      ['node01', 'Ready', '<none>', '192.168.1.3'],
      ['node02', 'Ready', '<none>', '192.168.1.4'],
    ]);

    const pods = tableRows(await ok(kubectl, 'get', 'pods', '-o', 'wide'));
    expect(pods[0]).toEqual([
      'NAME',
      'READY',
      'STATUS',
      'RESTARTS',
      'AGE',
      'IP',
      'NODE',
      'NOMINATED NODE',
      'READINESS GATES',
    ]);
    const [, , , , , podIP, node] = pods[1]!;
    expect(pods[1]!.slice(0, 4)).toEqual(['nginx-pod', '1/1', 'Running', '0']);
    expect(podIP).toMatch(POD_IP);
    expect(node).toMatch(/^node0[12]$/);

    const endpoints = tableRows(await ok(kubectl, 'get', 'endpoints', 'nginx-nodeport-service'));
    expect(endpoints[0]).toEqual(['NAME', 'ENDPOINTS', 'AGE']);
    expect(endpoints[1]!.slice(0, 2)).toEqual(['nginx-nodeport-service', `${podIP}:80`]);

    const described = await ok(kubectl, 'describe', 'service', 'nginx-nodeport-service');
    expect(described).toMatch(/^Name:\s+nginx-nodeport-service$/m);
    expect(described).toMatch(/^Selector:\s+app=nginx$/m);
    expect(described).toMatch(/^Type:\s+NodePort$/m);
    expect(described).toMatch(/^IP:\s+10\.\d+\.\d+\.\d+$/m);
    expect(described).toMatch(/^Port:\s+<unset>\s+80\/TCP$/m);
    expect(described).toMatch(/^TargetPort:\s+80\/TCP$/m);
    expect(described).toMatch(/^NodePort:\s+<unset>\s+31110\/TCP$/m);
    expect(described).toContain(`Endpoints:                ${podIP}:80\n`);
    expect(described).toMatch(/^Session Affinity:\s+None$/m);
    expect(described).toMatch(/^External Traffic Policy:\s+Cluster$/m);
    expect(described).toMatch(/^Events:\s+<none>$/m);

    expect(await ok(kubectl, 'apply', '-f', 'nginx-pod.yaml')).toBe('pod/nginx-pod unchanged\n');
    expect(await ok(kubectl, 'apply', '-f', 'nginx-nodeport-service.yaml')).toBe(
      'service/nginx-nodeport-service unchanged\n',
    );
    const edited = kubectl.write(
      'nginx-nodeport-service.yaml',
      readFileSync(join(EXAMPLES, 'nginx-nodeport-service.yaml'), 'utf8').replace(
        'nodePort: 31110',
        'nodePort: 31111',
      ),
    );
    expect(await ok(kubectl, 'apply', '-f', edited)).toBe(
      'service/nginx-nodeport-service configured\n',
    );
    const after = tableRows(await ok(kubectl, 'get', 'svc', 'nginx-nodeport-service'));
    expect(after[1]![4]).toBe('80:31111/TCP');
    expect(await ok(kubectl, 'apply', '-f', edited)).toBe(
      'service/nginx-nodeport-service unchanged\n',
    );
  });

  scenario('describe pod shows its node, IP and the kubelet’s events', async (kubectl) => {
    await ok(kubectl, 'apply', '-f', 'nginx-pod.yaml');
    const described = await ok(kubectl, 'describe', 'pod', 'nginx-pod');
    expect(described).toMatch(/^Node:\s+node0[12]\/192\.168\.1\.[34]$/m);
    expect(described).toMatch(/^Status:\s+Running$/m);
    expect(described).toMatch(/^IP:\s+10\.244\.[12]\.\d+$/m);
    expect(described).toMatch(/^\s+nginx-container:$/m);
    expect(described).toMatch(
      /Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned default\/nginx-pod to node0[12]/,
    );
    expect(described).toMatch(
      /Normal\s+Started\s+\S+\s+kubelet\s+Started container nginx-container/,
    );
  });
});

describe('tutorial 2: frontend and backends on node01 (nodePort 30007)', () => {
  scenario('one apply, three endpoints, label selection', async (kubectl) => {
    expect(await ok(kubectl, 'apply', '-f', 'frontend-backend.yaml')).toBe(
      [
        'pod/nginx-frontend created',
        'pod/nginx-backend created',
        'pod/nginx-backend2 created',
        'service/my-service-nodeport created',
        '',
      ].join('\n'),
    );
    const pods = tableRows(await ok(kubectl, 'get', 'pods', '-o', 'wide'));
    expect(pods.slice(1).map((r) => [r[0], r[2], r[6]])).toEqual([
      ['nginx-backend', 'Running', 'node01'],
      ['nginx-backend2', 'Running', 'node01'],
      ['nginx-frontend', 'Running', 'node01'],
    ]);
    const backends = tableRows(
      await ok(kubectl, 'get', 'pods', '-l', 'role=backend', '-o', 'name'),
    );
    expect(backends).toEqual([['pod/nginx-backend'], ['pod/nginx-backend2']]);

    const endpoints = tableRows(await ok(kubectl, 'get', 'ep', 'my-service-nodeport'));
    const addresses = endpoints[1]![1]!.split(',');
    expect(addresses).toHaveLength(3);
    for (const a of addresses) expect(a).toMatch(/^10\.244\.1\.\d+:80$/);

    const svc = tableRows(await ok(kubectl, 'get', 'svc', 'my-service-nodeport', '-o', 'wide'));
    expect(svc[0]).toEqual([
      'NAME',
      'TYPE',
      'CLUSTER-IP',
      'EXTERNAL-IP',
      'PORT(S)',
      'AGE',
      'SELECTOR',
    ]);
    expect(svc[1]![4]).toBe('80:30007/TCP');
    expect(svc[1]![6]).toBe('tier=frontend');

    const slices = tableRows(
      await ok(
        kubectl,
        'get',
        'endpointslices',
        '-l',
        'kubernetes.io/service-name=my-service-nodeport',
      ),
    );
    expect(slices[0]).toEqual(['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE']);
    expect(slices[1]![0]).toMatch(/^my-service-nodeport-[a-z0-9]{5}$/);
    expect(slices[1]!.slice(1, 3)).toEqual(['IPv4', '80']);
  });
});
