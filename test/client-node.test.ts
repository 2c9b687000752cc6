// The official JavaScript client (@kubernetes/client-node) against NodePort Lab: a kubeconfig
// from GET /kubeconfig, then listing, creating and patching objects as an application would.
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type V1Deployment,
  type V1Service,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLab, fetchKubeconfig, startServer, type LabServer } from './kubectl-harness';

let server: LabServer;
let core: CoreV1Api;
let apps: AppsV1Api;

beforeAll(async () => {
  server = await startServer();
  const kc = new KubeConfig();
  kc.loadFromString(await fetchKubeconfig(server, await createLab(server)));
  core = kc.makeApiClient(CoreV1Api);
  apps = kc.makeApiClient(AppsV1Api);
}, 60_000);
afterAll(() => server?.close());

const namespace = 'default';

function service(name: string, nodePort: number): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels: { app: name } },
    spec: {
      type: 'NodePort',
      selector: { app: name },
      ports: [{ name: 'http', port: 80, targetPort: 8080, nodePort }],
    },
  };
}

async function apiError(promise: Promise<unknown>): Promise<ApiException<string>> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof ApiException) return e as ApiException<string>;
    throw e;
  }
  throw new Error('expected the call to fail');
}

describe('@kubernetes/client-node', () => {
  it('lists the nodes and the kubernetes service', async () => {
    const nodes = await core.listNode();
    expect(nodes.items.map((n) => n.metadata?.name)).toEqual(['controlplane', 'node01', 'node02']);
    expect(nodes.items[1]?.status?.addresses).toContainEqual({
      type: 'InternalIP',
      address: '192.168.1.3',
    });
    const services = await core.listNamespacedService({ namespace });
    expect(services.items.map((s) => s.spec?.clusterIP)).toEqual(['10.96.0.1']);
  });

  it('creates a service, refuses it twice, and reports validation errors', async () => {
    const created = await core.createNamespacedService({ namespace, body: service('web', 30080) });
    expect(created.spec?.ports?.[0]).toMatchObject({ port: 80, nodePort: 30080, protocol: 'TCP' });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);

    const again = await apiError(
      core.createNamespacedService({ namespace, body: service('web', 30081) }),
    );
    expect(again.code).toBe(409);
    expect(JSON.parse(again.body)).toMatchObject({
      kind: 'Status',
      reason: 'AlreadyExists',
      message: 'services "web" already exists',
    });

    const invalid = await apiError(
      core.createNamespacedService({ namespace, body: service('low', 80) }),
    );
    expect(invalid.code).toBe(422);
    expect(JSON.parse(invalid.body).details.causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        message:
          'Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
        field: 'spec.ports[0].nodePort',
      },
    ]);
  });

  it('patches with a strategic merge patch, a merge patch and a JSON patch', async () => {
    await core.createNamespacedService({ namespace, body: service('api', 30090) });
    const strategic = await core.patchNamespacedService(
      { name: 'api', namespace, body: { spec: { ports: [{ port: 80, nodePort: 30091 }] } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    // Merged into the port with key 80: its name and targetPort stay.
    expect(strategic.spec?.ports).toEqual([
      { name: 'http', port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 30091 },
    ]);
    const merged = await core.patchNamespacedService(
      { name: 'api', namespace, body: { metadata: { labels: { tier: 'backend' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(merged.metadata?.labels).toEqual({ app: 'api', tier: 'backend' });
    const jsonPatched = await core.patchNamespacedService({
      name: 'api',
      namespace,
      body: [
        { op: 'replace', path: '/spec/type', value: 'ClusterIP' },
        { op: 'remove', path: '/spec/ports/0/nodePort' },
      ],
    });
    expect(jsonPatched.spec?.type).toBe('ClusterIP');
    expect(jsonPatched.spec?.ports?.[0]?.nodePort).toBeUndefined();
  });

  it('creates a deployment, scales it, and reads its pods and endpoints', async () => {
    const deployment: V1Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'shop' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'shop' } },
        template: {
          metadata: { labels: { app: 'shop' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }] }] },
        },
      },
    };
    await apps.createNamespacedDeployment({ namespace, body: deployment });
    await core.createNamespacedService({
      namespace,
      body: {
        ...service('shop', 30100),
        spec: { ...service('shop', 30100).spec, ports: [{ port: 80, nodePort: 30100 }] },
      },
    });
    const scale = await apps.patchNamespacedDeploymentScale(
      { name: 'shop', namespace, body: { spec: { replicas: 4 } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(scale.spec?.replicas).toBe(4);
    const pods = await core.listNamespacedPod({ namespace, labelSelector: 'app=shop' });
    expect(pods.items).toHaveLength(4);
    for (const pod of pods.items) expect(pod.status?.phase).toBe('Running');
    const endpoints = await core.readNamespacedEndpoints({ name: 'shop', namespace });
    expect(endpoints.subsets?.[0]?.addresses).toHaveLength(4);
    const events = await core.listNamespacedEvent({
      namespace,
      fieldSelector: 'involvedObject.kind=Deployment,involvedObject.name=shop',
    });
    expect(events.items.map((e) => e.reason)).toContain('ScalingReplicaSet');
  });
});
