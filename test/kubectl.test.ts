// The tutorials' kubectl commands, run with the real kubectl binary against NodePort Lab, in order,
// with the output each tutorial shows. Needs kubectl on PATH (or KUBECTL); never skips.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import {
  advanceLabClock,
  EXAMPLES,
  requireKubectl,
  startServer,
  tableRows,
  type LabServer,
  kubectlScenarios,
  ok,
} from './kubectl-harness';

let server: LabServer;
/** kubectl's minor version: before 1.25 it validates fields itself, against /openapi/v2. */
let clientMinor: number;
beforeAll(async () => {
  clientMinor = await requireKubectl();
  server = await startServer();
}, 60_000);
afterAll(() => server?.close());

const AGE = /^\d+(s|m\d*s?)$/;
const CLUSTER_IP = /^10\.(9[6-9]|10\d|11[01])\.\d+\.\d+$/;
const POD_IP = /^10\.244\.[12]\.\d+$/;

const scenario = kubectlScenarios(() => server);

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

describe('beyond the tutorials', () => {
  scenario(
    'imperative commands: create deployment, expose, create service, run',
    async (kubectl) => {
      // kubectl sends these as protobuf.
      expect(
        await ok(
          kubectl,
          'create',
          'deployment',
          'web',
          '--image=nginx',
          '--replicas=2',
          '--port=80',
        ),
      ).toBe('deployment.apps/web created\n');
      expect(await ok(kubectl, 'expose', 'deployment', 'web', '--type=NodePort', '--port=80')).toBe(
        'service/web exposed\n',
      );
      const web = tableRows(await ok(kubectl, 'get', 'svc', 'web'));
      expect(web[1]!.slice(0, 2)).toEqual(['web', 'NodePort']);
      expect(web[1]![4]).toMatch(/^80:3\d{4}\/TCP$/);
      const endpoints = tableRows(await ok(kubectl, 'get', 'endpoints', 'web'));
      expect(endpoints[1]![1]!.split(',')).toHaveLength(2);
      expect(
        await ok(
          kubectl,
          'create',
          'service',
          'nodeport',
          'api',
          '--tcp=80:8080',
          '--node-port=30080',
        ),
      ).toBe('service/api created\n');
      expect(tableRows(await ok(kubectl, 'get', 'svc', 'api'))[1]![4]).toBe('80:30080/TCP');
      expect(await ok(kubectl, 'create', 'configmap', 'settings', '--from-literal=a=b')).toBe(
        'configmap/settings created\n',
      );
      expect(await ok(kubectl, 'get', 'cm', 'settings', '-o', 'jsonpath={.data.a}')).toBe('b');
      expect(await ok(kubectl, 'create', 'namespace', 'team')).toBe('namespace/team created\n');
      expect(await ok(kubectl, '-n', 'team', 'run', 'nginx', '--image=nginx')).toBe(
        'pod/nginx created\n',
      );
      const pods = tableRows(await ok(kubectl, 'get', 'pods', '-A'));
      expect(pods.slice(1).map((r) => r[0])).toEqual(['default', 'default', 'team']);
    },
  );

  scenario('label, patch, replace and edit an object as served', async (kubectl) => {
    await ok(kubectl, 'apply', '-f', 'nginx-pod.yaml');
    expect(await ok(kubectl, 'label', 'pod', 'nginx-pod', 'tier=front')).toBe(
      'pod/nginx-pod labeled\n',
    );
    // kubectl 1.26-1.28 print `annotate` here, the others `annotated`.
    expect(await ok(kubectl, 'annotate', 'pod', 'nginx-pod', 'note=hello')).toMatch(
      /^pod\/nginx-pod annotated?\n$/,
    );
    const yaml = kubectl.write(
      'pod.yaml',
      await ok(kubectl, 'get', 'pod', 'nginx-pod', '-o', 'yaml'),
    );
    expect(await ok(kubectl, 'replace', '-f', yaml)).toBe('pod/nginx-pod replaced\n');
    await ok(kubectl, 'apply', '-f', 'nginx-nodeport-service.yaml');
    const patch = '{"spec":{"ports":[{"port":80,"nodePort":30555}]}}';
    expect(await ok(kubectl, 'patch', 'svc', 'nginx-nodeport-service', '-p', patch)).toBe(
      'service/nginx-nodeport-service patched\n',
    );
    const jsonPatch = '[{"op":"replace","path":"/spec/sessionAffinity","value":"ClientIP"}]';
    expect(
      await ok(kubectl, 'patch', 'svc', 'nginx-nodeport-service', '--type=json', '-p', jsonPatch),
    ).toBe('service/nginx-nodeport-service patched\n');
    const svc = tableRows(
      await ok(kubectl, 'get', 'svc', 'nginx-nodeport-service', '--show-labels'),
    );
    expect(svc[1]![4]).toBe('80:30555/TCP');
    const described = await ok(kubectl, 'describe', 'svc', 'nginx-nodeport-service');
    expect(described).toMatch(/^Session Affinity:\s+ClientIP$/m);
    const pods = tableRows(await ok(kubectl, 'get', 'pods', '--show-labels'));
    expect(pods[1]![5]).toBe('app=nginx,tier=front');
  });

  scenario('get -w lists, then prints pods as they come', async (kubectl) => {
    await ok(kubectl, 'apply', '-f', 'nginx-pod.yaml');
    const watching = kubectl('get', 'pods', '-w', '--request-timeout=4s');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await ok(kubectl, 'apply', '-f', 'myapp-deployment.yaml');
    const watched = await watching;
    expect(watched.code).toBe(0);
    const rows = tableRows(watched.stdout);
    expect(rows[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(rows[1]!.slice(0, 3)).toEqual(['nginx-pod', '1/1', 'Running']);
    const added = rows.slice(2).map((r) => r[0]);
    expect(added).toHaveLength(3);
    for (const name of added) expect(name).toMatch(/^myapp-deployment-[a-z0-9]+-[a-z0-9]{5}$/);
  });

  scenario('server-side apply, strict field validation, discovery', async (kubectl) => {
    expect(await ok(kubectl, 'apply', '--server-side', '-f', 'myapp-deployment.yaml')).toBe(
      'deployment.apps/myapp-deployment serverside-applied\n',
    );
    expect(await ok(kubectl, 'apply', '--server-side', '-f', 'myapp-deployment.yaml')).toBe(
      'deployment.apps/myapp-deployment serverside-applied\n',
    );
    const typo = kubectl.write(
      'typo.yaml',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: typo\nspec:\n  ports:\n    - port: 80\n      nodeport: 30080\n',
    );
    const strict = await kubectl('apply', '-f', typo);
    expect(strict.code).toBe(1);
    if (clientMinor >= 25) {
      // The server validates (fieldValidation=Strict), as kube-apiserver does.
      expect(strict.stderr).toBe(
        `Error from server (BadRequest): error when creating "${typo}": Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.ports[0].nodeport"\n`,
      );
      const warned = await kubectl('apply', '--validate=warn', '-f', typo);
      expect(warned.code).toBe(0);
      expect(warned.stdout).toBe('service/typo created\n');
      expect(warned.stderr).toBe('Warning: unknown field "spec.ports[0].nodeport"\n');
    } else {
      // Older kubectl validates against /openapi/v2 (protobuf) itself.
      expect(strict.stderr).toBe(
        `error: error validating "${typo}": error validating data: ValidationError(Service.spec.ports[0]): unknown field "nodeport" in io.k8s.api.core.v1.ServicePort; if you choose to ignore these errors, turn validation off with --validate=false\n`,
      );
    }

    const resources = tableRows(await ok(kubectl, 'api-resources'));
    expect(resources.map((r) => r[0])).toEqual([
      'NAME',
      'configmaps',
      'endpoints',
      'events',
      'namespaces',
      'nodes',
      'pods',
      'services',
      'deployments',
      'replicasets',
      'leases',
      'endpointslices',
      'networkpolicies',
    ]);
    expect(resources.find((r) => r[0] === 'services')).toEqual([
      'services',
      'svc',
      'v1',
      'true',
      'Service',
    ]);
  });
});
