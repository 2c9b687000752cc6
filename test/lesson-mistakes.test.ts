// The lessons of the common NodePort mistakes (issue 17, orders 10-19): in each one's start state
// the Service debugger's first failed step is the mistake the lesson is about, and its evidence
// names it; where a lesson accepts two fixes both pass, and a plausible wrong fix does not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLessons } from '../scripts/lessons';
import { startLab, type TestLab } from './support/app';

interface Step {
  step: string;
  result: string;
  evidence: string[];
}
interface Report {
  firstFailure?: string;
  steps: Step[];
}

let lab: TestLab;
beforeAll(async () => {
  lab = await startLab();
});
afterAll(() => lab.close());

async function labFrom(template: string): Promise<string> {
  const res = await lab.request.post('/labs').send({ template, seed: 7 });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

const get = (labId: string, path: string) =>
  lab.request.get(path).set('X-Lab-Id', labId).expect(200);

async function clusterIP(labId: string, ns: string, name: string): Promise<string> {
  const res = await get(labId, `/api/v1/namespaces/${ns}/services/${name}`);
  return res.body.spec.clusterIP;
}

interface Case {
  lesson: string;
  /** The debugger's path for what the student does in the start state. */
  path: (labId: string) => Promise<string> | string;
  firstFailure: string;
  /** A line of the failed step's evidence. */
  evidence: RegExp;
}

const cases: Case[] = [
  {
    lesson: 'selector-typo',
    path: () => '/debug/services/default/shop?ip=192.168.1.3&port=30100',
    firstFailure: 'selector-matches',
    evidence: /^pod shop-[a-z0-9]+-[a-z0-9]{5} has app=shop \(wanted shpo\)$/,
  },
  {
    lesson: 'clusterip-from-outside',
    path: async (labId) => `/debug/connections/${await clusterIP(labId, 'default', 'web')}/80`,
    firstFailure: 'address',
    evidence:
      /^10\.\S+ is the ClusterIP of service default\/web: it exists only inside the cluster/,
  },
  {
    lesson: 'wrong-node-address',
    path: () => '/debug/connections/192.168.1.30/30300',
    firstFailure: 'address',
    evidence:
      /^192\.168\.1\.30 is not a node's address, nor an external or load-balancer address of any service$/,
  },
  {
    lesson: 'local-traffic-policy',
    path: () => '/debug/connections/192.168.1.3/30400',
    firstFailure: 'local-endpoints',
    evidence: /^node01 \(192\.168\.1\.3\): no local endpoint, connections to it time out$/,
  },
  {
    lesson: 'wrong-namespace',
    path: () => '/debug/services/default/web',
    firstFailure: 'service-exists',
    evidence: /^a service web exists in namespace shop$/,
  },
  {
    lesson: 'wrong-namespace',
    path: () => '/debug/services/shop/web?ip=192.168.1.3&port=30600',
    firstFailure: 'selector-matches',
    evidence:
      /^pods with these labels run in namespace default: a Service selects pods of its own namespace only$/,
  },
  {
    lesson: 'pod-not-ready',
    path: () => '/debug/services/default/web?ip=192.168.1.3&port=30500',
    firstFailure: 'pods-ready',
    evidence:
      /^pod web-\S+ is not Ready: container nginx is waiting: ContainerCreating \(MountVolume.SetUp failed for volume "conf" : configmap "web-config" not found\)$/,
  },
  {
    lesson: 'dns-short-name',
    path: () => '/debug/services/frontend/api',
    firstFailure: 'service-exists',
    evidence: /^a service api exists in namespace backend$/,
  },
  {
    lesson: 'udp-protocol',
    path: () => '/debug/services/default/web?ip=192.168.1.3&port=30800',
    firstFailure: 'protocol',
    evidence: /^port 80: UDP$/,
  },
];

it('has a case for every lesson of a mistake', () => {
  const mistakes = readLessons()
    .filter((l) => l.front.order >= 10 && l.front.order <= 19)
    .map((l) => l.template.id);
  expect([...new Set(cases.map((c) => c.lesson))].sort()).toEqual(mistakes.sort());
});

describe.each(cases.map((c) => [c.lesson, c] as const))('lesson %s', (_, c) => {
  it(`the debugger's first failure on the start state is ${c.firstFailure}`, async () => {
    const labId = await labFrom(c.lesson);
    const res = await get(labId, await c.path(labId));
    const report = res.body as Report;
    expect(report.firstFailure).toBe(c.firstFailure);
    const failed = report.steps.find((s) => s.step === c.firstFailure)!;
    expect(
      failed.evidence.some((e) => c.evidence.test(e)),
      failed.evidence.join('\n'),
    ).toBe(true);
  });
});

async function grade(labId: string) {
  const res = await lab.request.post(`/labs/${labId}/grade`).set('X-Lab-Id', labId).expect(200);
  return res.body as { passed: boolean; checks: { id: string; passed: boolean }[] };
}

async function applyYaml(labId: string, yaml: string): Promise<void> {
  const res = await lab.request
    .post('/manifests')
    .set('X-Lab-Id', labId)
    .set('Content-Type', 'application/yaml')
    .send(yaml);
  expect(res.status, res.text).toBeLessThan(300);
}

const failing = (r: { checks: { id: string; passed: boolean }[] }) =>
  r.checks.filter((c) => !c.passed).map((c) => c.id);

describe('the other fix, and wrong fixes', () => {
  it('local-traffic-policy: keeping Local with a pod on each worker node also gets full marks', async () => {
    const labId = await labFrom('local-traffic-policy');
    await applyYaml(
      labId,
      `apiVersion: apps/v1
kind: Deployment
metadata: { name: web-node01 }
spec:
  replicas: 1
  selector: { matchLabels: { app: web, copy: node01 } }
  template:
    metadata: { labels: { app: web, copy: node01 } }
    spec:
      nodeSelector: { kubernetes.io/hostname: node01 }
      containers: [{ name: nginx, image: "nginx:1.27", ports: [{ containerPort: 80 }] }]
`,
    );
    const svc = await get(labId, '/api/v1/namespaces/default/services/web');
    expect(svc.body.spec.externalTrafficPolicy).toBe('Local');
    expect(failing(await grade(labId))).toEqual([]);
  });

  const configMap = (ns: string, name: string, data: Record<string, string>) =>
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { namespace: ns, name },
      data,
    });

  it('dns-short-name: api.backend and the FQDN pass, api.frontend does not', async () => {
    for (const [host, passes] of [
      ['api.backend', true],
      ['api.backend.svc.cluster.local.', true],
      ['api.frontend', false],
    ] as const) {
      const labId = await labFrom('dns-short-name');
      await applyYaml(labId, configMap('frontend', 'frontend-config', { BACKEND_HOST: host }));
      expect((await grade(labId)).passed, host).toBe(passes);
    }
  });

  it('wrong-node-address: any node passes, the ClusterIP does not', async () => {
    const labId = await labFrom('wrong-node-address');
    for (const node of ['192.168.1.2', '192.168.1.4']) {
      await applyYaml(labId, configMap('default', 'smoke-test', { NODE_ADDRESS: node }));
      expect((await grade(labId)).passed, node).toBe(true);
    }
    const ip = await clusterIP(labId, 'default', 'web');
    await applyYaml(labId, configMap('default', 'smoke-test', { NODE_ADDRESS: ip }));
    expect(failing(await grade(labId))).toEqual(['smoke-test-reaches']);
  });

  it('pod-not-ready: the kubelet records FailedMount for each waiting pod, as describe pod shows', async () => {
    const labId = await labFrom('pod-not-ready');
    const res = await get(labId, '/api/v1/namespaces/default/events');
    const warnings = res.body.items
      .filter((e: { reason: string }) => e.reason === 'FailedMount')
      .map((e: { type: string; message: string; source: { component: string } }) => [
        e.type,
        e.source.component,
        e.message,
      ]);
    const message = 'MountVolume.SetUp failed for volume "conf" : configmap "web-config" not found';
    expect(warnings).toEqual([
      ['Warning', 'kubelet', message],
      ['Warning', 'kubelet', message],
    ]);
    // Creating the ConfigMap the pods wait for mounts it: no more warnings, the same pods Ready.
    await applyYaml(
      labId,
      configMap('default', 'web-config', { 'default.conf': 'server { listen 80; }' }),
    );
    const after = await get(labId, '/api/v1/namespaces/default/events');
    expect(after.body.items.filter((e: { reason: string }) => e.reason === 'FailedMount')).toEqual(
      [],
    );
    expect((await grade(labId)).checks.find((c) => c.id === 'endpoints')?.passed).toBe(true);
  });
});
