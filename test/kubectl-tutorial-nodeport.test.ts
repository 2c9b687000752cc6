// Tutorials 3 to 5's kubectl commands (an echo deployment, NodePort in action, pitfalls), run with
// the real kubectl binary against NodePort Lab, in order, with the output each tutorial shows.
import { describe, expect } from 'vitest';
import { advanceLabClock, tableRows, ok } from './kubectl-harness';
import { AGE, CLUSTER_IP, scenario, server, useKubectlServer } from './support/kubectl-server';

useKubectlServer();

describe('tutorial 3: echo deployment behind nodePort 30007', () => {
  scenario('apply, scale, describe, re-apply, delete', async (kubectl) => {
    expect(await ok(kubectl, 'apply', '-f', 'echo-nodeport.yaml')).toBe(
      [
        'configmap/nginx-echo-config created',
        'deployment.apps/nginx-echo-nodeport created',
        'service/echo-nodeport-service created',
        '',
      ].join('\n'),
    );
    const deployments = tableRows(await ok(kubectl, 'get', 'deployments', '-o', 'wide'));
    expect(deployments[0]).toEqual([
      'NAME',
      'READY',
      'UP-TO-DATE',
      'AVAILABLE',
      'AGE',
      'CONTAINERS',
      'IMAGES',
      'SELECTOR',
    ]);
    expect(deployments[1]).toEqual([
      'nginx-echo-nodeport',
      '3/3',
      '3',
      '3',
      expect.stringMatching(AGE),
      'nginx',
      'nginx:alpine',
      'app=echo-nodeport',
    ]);

    expect(await ok(kubectl, 'rollout', 'status', 'deployment/nginx-echo-nodeport')).toBe(
      'deployment "nginx-echo-nodeport" successfully rolled out\n',
    );

    // A minute later (the lab's clock), the student scales up.
    await advanceLabClock(server, kubectl.labId, 60);
    expect(await ok(kubectl, 'scale', 'deployment/nginx-echo-nodeport', '--replicas=5')).toBe(
      'deployment.apps/nginx-echo-nodeport scaled\n',
    );
    const pods = tableRows(await ok(kubectl, 'get', 'pods', '-l', 'app=echo-nodeport'));
    expect(pods.slice(1)).toHaveLength(5);
    for (const row of pods.slice(1)) {
      expect(row[0]).toMatch(/^nginx-echo-nodeport-[a-z0-9]+-[a-z0-9]{5}$/);
      expect(row.slice(1, 4)).toEqual(['1/1', 'Running', '0']);
    }
    const endpoints = tableRows(await ok(kubectl, 'get', 'endpoints', 'echo-nodeport-service'));
    expect(endpoints[1]![1]).toMatch(
      /^(10\.244\.[12]\.\d+:80,){2}10\.244\.[12]\.\d+:80 \+ 2 more\.\.\.$/,
    );

    const described = await ok(kubectl, 'describe', 'deployment', 'nginx-echo-nodeport');
    expect(described).toMatch(
      /^Replicas:\s+5 desired \| 5 updated \| 5 total \| 5 available \| 0 unavailable$/m,
    );
    expect(described).toMatch(
      /^NewReplicaSet:\s+nginx-echo-nodeport-\S+ \(5\/5 replicas created\)$/m,
    );
    expect(described).toMatch(
      /ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set nginx-echo-nodeport-\S+ from 0 to 3/,
    );
    expect(described).toMatch(/Scaled up replica set nginx-echo-nodeport-\S+ from 3 to 5/);

    // The manifest still says 3 replicas: applying it again scales back.
    expect(await ok(kubectl, 'apply', '-f', 'echo-nodeport.yaml')).toBe(
      [
        'configmap/nginx-echo-config unchanged',
        'deployment.apps/nginx-echo-nodeport configured',
        'service/echo-nodeport-service unchanged',
        '',
      ].join('\n'),
    );
    expect(
      tableRows(await ok(kubectl, 'get', 'rs'))
        .slice(1)
        .map((r) => r.slice(1, 4)),
    ).toEqual([['3', '3', '3']]);

    expect(await ok(kubectl, 'delete', '-f', 'echo-nodeport.yaml')).toBe(
      [
        'configmap "nginx-echo-config" deleted',
        'deployment.apps "nginx-echo-nodeport" deleted',
        'service "echo-nodeport-service" deleted',
        '',
      ].join('\n'),
    );
    // nginx exits on its stop signal (SIGQUIT), so its pods go about 2 s after the delete;
    // until then they are Terminating.
    const left = tableRows((await kubectl('get', 'pods', '--no-headers')).stdout);
    expect(left.filter((r) => r[2] !== 'Terminating')).toEqual([]);
    await advanceLabClock(server, kubectl.labId, 2);
    const all = await kubectl('get', 'all');
    expect(all.code).toBe(0);
    expect(tableRows(all.stdout).map((r) => r[0])).toEqual(['NAME', 'service/kubernetes']);
  });
});

describe('tutorial 4: NodePort service in action (nodePort 30008, externalIPs)', () => {
  scenario('create, create again, get in every output format', async (kubectl) => {
    expect(await ok(kubectl, 'create', '-f', 'myapp-deployment.yaml')).toBe(
      'deployment.apps/myapp-deployment created\n',
    );
    expect(await ok(kubectl, 'create', '-f', 'node-port-service.yaml')).toBe(
      'service/node-port-service created\n',
    );
    const again = await kubectl('create', '-f', 'node-port-service.yaml');
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toBe(
      'Error from server (AlreadyExists): error when creating "node-port-service.yaml": services "node-port-service" already exists\n',
    );

    const services = tableRows(await ok(kubectl, 'get', 'svc'));
    expect(services[2]).toEqual([
      'node-port-service',
      'NodePort',
      expect.stringMatching(CLUSTER_IP),
      '1.2.3.110',
      '80:30008/TCP',
      expect.stringMatching(AGE),
    ]);
    expect(await ok(kubectl, 'get', 'svc', '-o', 'name')).toBe(
      'service/kubernetes\nservice/node-port-service\n',
    );
    const yaml = await ok(kubectl, 'get', 'svc', 'node-port-service', '-o', 'yaml');
    expect(yaml).toMatch(/^kind: Service$/m);
    expect(yaml).toMatch(/^ {2}- nodePort: 30008$/m);
    const json = JSON.parse(await ok(kubectl, 'get', 'svc', 'node-port-service', '-o', 'json'));
    expect(json.spec).toMatchObject({ type: 'NodePort', externalIPs: ['1.2.3.110'] });
    expect(json.spec.ports).toEqual([
      { port: 80, protocol: 'TCP', targetPort: 80, nodePort: 30008 },
    ]);

    const endpoints = tableRows(await ok(kubectl, 'get', 'endpoints', 'node-port-service'));
    expect(endpoints[1]![1]!.split(',')).toHaveLength(3);

    const everywhere = tableRows(await ok(kubectl, 'get', 'svc', '-A'));
    expect(everywhere[0]![0]).toBe('NAMESPACE');
    expect(everywhere.slice(1).map((r) => `${r[0]}/${r[1]}`)).toEqual([
      'default/kubernetes',
      'default/node-port-service',
      'kube-system/kube-dns',
    ]);
    const dns = tableRows(await ok(kubectl, 'get', 'svc', '-n', 'kube-system'));
    expect(dns[1]!.slice(0, 5)).toEqual([
      'kube-dns',
      'ClusterIP',
      '10.96.0.10',
      '<none>',
      '53/UDP,53/TCP,9153/TCP',
    ]);

    expect(await ok(kubectl, 'delete', 'svc', 'node-port-service')).toBe(
      'service "node-port-service" deleted\n',
    );
    const gone = await kubectl('get', 'svc', 'node-port-service');
    expect(gone.code).toBe(1);
    expect(gone.stderr).toBe(
      'Error from server (NotFound): services "node-port-service" not found\n',
    );
  });
});

describe('tutorial 5: NodePort pitfalls', () => {
  scenario('nodePort 80 is refused as kube-apiserver does; 31000 works', async (kubectl) => {
    const refused = await kubectl('apply', '-f', 'pitfall-nodeport-80.yaml');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      'The Service "my-nodeport-service" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767\n',
    );
    expect(await ok(kubectl, 'apply', '-f', 'pitfall-nodeport-31000.yaml')).toBe(
      'service/my-nodeport-service created\n',
    );
    const svc = tableRows(await ok(kubectl, 'get', 'svc', 'my-nodeport-service'));
    expect(svc[1]![4]).toBe('80:31000/TCP');
    const described = await ok(kubectl, 'describe', 'svc', 'my-nodeport-service');
    expect(described).toMatch(/^TargetPort:\s+8080\/TCP$/m);
    // kubectl 1.32 reads EndpointSlices (an empty one prints nothing), older ones Endpoints.
    expect(described).toMatch(/^Endpoints:\s*(<none>)?$/m);
  });
});
