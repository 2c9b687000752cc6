// The fields a kubelet and its container runtime fill in pod and node status: the official
// clients require some (the Python client refuses a ContainerStatus without imageID, a
// NodeSystemInfo without bootID) and `kubectl describe` prints them.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kubectlForNewLab, requireKubectl, startServer } from './kubectl-harness';
import { nodeOnly, startLab, type TestLab } from './support/app';
import { PODS, pod } from './support/manifests';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

const HEX64 = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface ContainerStatus {
  name: string;
  image: string;
  imageID: string;
  containerID: string;
  lastState: unknown;
  ready: boolean;
  restartCount: number;
  started: boolean;
}

async function podStatus(name: string) {
  const res = await lab.request.get(`${PODS}/${name}`);
  expect(res.status).toBe(200);
  return res.body.status as {
    qosClass: string;
    hostIP: string;
    hostIPs: { ip: string }[];
    podIPs: { ip: string }[];
    podIP: string;
    conditions: { type: string; status: string; lastTransitionTime: string }[];
    containerStatuses: ContainerStatus[];
  };
}

function resources(requests: object, limits: object) {
  return { containers: [{ name: 'app', image: 'nginx:1.27', resources: { requests, limits } }] };
}

describe('pod status', () => {
  it('has the runtime IDs, lastState and conditions a kubelet reports', async () => {
    expect((await lab.request.post(PODS).send(pod('web'))).status).toBe(201);
    const status = await podStatus('web');
    const [cs] = status.containerStatuses;
    expect(cs).toMatchObject({
      name: 'nginx',
      image: 'docker.io/library/nginx:latest',
      ready: true,
      restartCount: 0,
      started: true,
      lastState: {},
    });
    expect(cs!.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(cs!.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(cs!.containerID.slice('containerd://'.length)).toMatch(HEX64);
    expect(status.hostIPs).toEqual([{ ip: status.hostIP }]);
    expect(status.podIPs).toEqual([{ ip: status.podIP }]);
    expect(status.qosClass).toBe('BestEffort');
    expect(status.conditions.map((c) => `${c.type}=${c.status}`)).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
      'PodScheduled=True',
    ]);

    // The same image has the same digest in every pod; each container run its own ID, kept
    // while the pod runs.
    await lab.request.post(PODS).send(pod('other'));
    const other = (await podStatus('other')).containerStatuses[0]!;
    expect(other.imageID).toBe(cs!.imageID);
    expect(other.containerID).not.toBe(cs!.containerID);
    expect((await podStatus('web')).containerStatuses[0]!.containerID).toBe(cs!.containerID);
  });

  it.each([
    ['BestEffort', {}, {}],
    ['Burstable', { cpu: '100m' }, {}],
    ['Guaranteed', {}, { cpu: '500m', memory: '128Mi' }],
    ['Guaranteed', { cpu: '0.5', memory: '128Mi' }, { cpu: '500m', memory: '128Mi' }],
    ['Burstable', { cpu: '100m', memory: '128Mi' }, { cpu: '500m', memory: '128Mi' }],
  ])('qosClass %s for requests %j and limits %j', async (want, requests, limits) => {
    const res = await lab.request.post(PODS).send(pod('q', {}, resources(requests, limits)));
    expect(res.status).toBe(201);
    expect((await podStatus('q')).qosClass).toBe(want);
  });

  it('a container still being created has an empty imageID and no containerID', async () => {
    // A missing ConfigMap volume keeps the pod in ContainerCreating.
    const spec = {
      containers: [{ name: 'app', image: 'nginx', volumeMounts: [{ name: 'c', mountPath: '/c' }] }],
      volumes: [{ name: 'c', configMap: { name: 'absent' } }],
    };
    await lab.request.post(PODS).send(pod('waiting', {}, spec));
    const [cs] = (await podStatus('waiting')).containerStatuses;
    expect(cs).toMatchObject({ imageID: '', ready: false, started: false, lastState: {} });
    expect(cs).not.toHaveProperty('containerID');
  });
});

describe('node status', () => {
  it('has the node IDs, pressure conditions and the kubelet endpoint', async () => {
    const res = await lab.request.get('/api/v1/nodes');
    const nodes = res.body.items as { status: Record<string, unknown> }[];
    expect(nodes).toHaveLength(3);
    const boots = new Set<string>();
    for (const { status } of nodes) {
      const info = status.nodeInfo as Record<string, string>;
      expect(info.bootID).toMatch(UUID);
      expect(info.systemUUID).toMatch(UUID);
      expect(info.machineID).toMatch(/^[0-9a-f]{32}$/);
      for (const f of ['kernelVersion', 'osImage', 'containerRuntimeVersion', 'kubeletVersion'])
        expect(info[f]).not.toBe('');
      expect(info).toHaveProperty('kubeProxyVersion');
      expect(info).toMatchObject({ operatingSystem: 'linux', architecture: 'amd64' });
      boots.add(info.bootID!);
      const conditions = status.conditions as { type: string; status: string }[];
      expect(conditions.map((c) => `${c.type}=${c.status}`)).toEqual([
        'MemoryPressure=False',
        'DiskPressure=False',
        'PIDPressure=False',
        'Ready=True',
      ]);
      expect(status.daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 10250 } });
      expect(Object.keys(status.capacity as object).sort()).toEqual([
        'cpu',
        'ephemeral-storage',
        'hugepages-1Gi',
        'hugepages-2Mi',
        'memory',
        'pods',
      ]);
      expect((status.addresses as { type: string }[]).map((a) => a.type)).toEqual([
        'InternalIP',
        'Hostname',
      ]);
    }
    expect(boots.size).toBe(3);
  });
});

describe('pods and nodes stored before they carried the kubelet fields', () => {
  nodeOnly('edits the Node server’s SQLite file')(
    'a pod is answered with the IDs it would get now',
    async () => {
      await lab.request.post(PODS).send(pod('old')).expect(201);
      const fresh = await podStatus('old');
      const db = new Database(lab.dbPath);
      const row = db.prepare("SELECT body FROM objects WHERE kind = 'Pod' AND name = 'old'");
      const stored = JSON.parse((row.get() as { body: string }).body) as {
        status: { containerStatuses: Record<string, unknown>[]; qosClass?: string };
      };
      for (const cs of stored.status.containerStatuses) {
        delete cs.imageID;
        delete cs.containerID;
        delete cs.lastState;
      }
      db.prepare("UPDATE objects SET body = ? WHERE kind = 'Pod' AND name = 'old'").run(
        JSON.stringify(stored),
      );
      db.close();
      lab = await lab.restart();
      expect(await podStatus('old')).toEqual(fresh);
      const listed = (await lab.request.get(PODS)).body.items as { status: unknown }[];
      expect(listed[0]!.status).toEqual(fresh);
    },
  );

  nodeOnly('edits the Node server’s SQLite file')(
    'a node is answered with the IDs a new lab draws for it',
    async () => {
      const path = '/api/v1/nodes/node01';
      const fresh = (await lab.request.get(path)).body as { status: Record<string, unknown> };
      // Strip what older versions did not store, as a lab created by them has it.
      const db = new Database(lab.dbPath);
      const row = db.prepare("SELECT body FROM objects WHERE kind = 'Node' AND name = 'node01'");
      const stored = JSON.parse((row.get() as { body: string }).body) as typeof fresh;
      const {
        bootID: _b,
        machineID: _m,
        systemUUID: _s,
        ...info
      } = stored.status.nodeInfo as Record<string, string>;
      stored.status = { ...stored.status, nodeInfo: info };
      delete stored.status.daemonEndpoints;
      db.prepare("UPDATE objects SET body = ? WHERE kind = 'Node' AND name = 'node01'").run(
        JSON.stringify(stored),
      );
      db.close();
      lab = await lab.restart();
      const healed = (await lab.request.get(path)).body as typeof fresh;
      expect(healed.status.nodeInfo).toMatchObject(fresh.status.nodeInfo as Record<string, string>);
      expect(healed.status.daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 10250 } });
      const listed = (await lab.request.get('/api/v1/nodes')).body.items as (typeof fresh)[];
      expect(listed[1]!.status.nodeInfo).toEqual(healed.status.nodeInfo);
    },
  );
});

describe('kubectl describe', () => {
  it('prints the container and image IDs, QoS class and the node system info', async () => {
    await requireKubectl();
    const server = await startServer();
    const kubectl = await kubectlForNewLab(server);
    try {
      expect((await kubectl('apply', '-f', 'nginx-pod.yaml')).code).toBe(0);
      const described = (await kubectl('describe', 'pod', 'nginx-pod')).stdout;
      expect(described).toMatch(/^\s+Container ID:\s+containerd:\/\/[0-9a-f]{64}$/m);
      expect(described).toMatch(/^\s+Image ID:\s+docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/m);
      expect(described).toMatch(/^QoS Class:\s+BestEffort$/m);
      const node = (await kubectl('describe', 'node', 'node01')).stdout;
      expect(node).toMatch(/^\s+Machine ID:\s+[0-9a-f]{32}$/m);
      expect(node).toMatch(/^\s+Boot ID:\s+[0-9a-f-]{36}$/m);
      expect(node).toMatch(/^\s+System UUID:\s+[0-9a-f-]{36}$/m);
      expect(node).toMatch(/^\s+MemoryPressure\s+False\s/m);
    } finally {
      kubectl.dispose();
      await server.close();
    }
  }, 60_000);
});
