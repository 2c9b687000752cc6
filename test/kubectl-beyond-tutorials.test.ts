// kubectl commands beyond the tutorials (label, patch, edit, get -w, server-side apply, validation),
// run with the real kubectl binary against NodePort Lab. Needs kubectl on PATH (or KUBECTL).
import { describe, expect } from 'vitest';
import { tableRows, ok } from './kubectl-harness';
import { clientMinor, scenario, useKubectlServer } from './support/kubectl-server';

useKubectlServer();

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
