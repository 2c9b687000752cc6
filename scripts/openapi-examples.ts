// Real answers for the OpenAPI document's examples: the tutorials' steps and their classic mistakes,
// sent to a fresh in-memory Node app on a frozen clock, so the examples are exact and reproducible.
import { readFileSync } from 'node:fs';
import { buildNodeApp } from '../src/node';
import type { CapturedExample } from '../src/http/docs/lab-api/operations';

const CLOCK = { now: () => new Date('2026-11-22T10:00:00Z') };
/** Lab ids are random (crypto); the example shows this one instead. */
export const EXAMPLE_LAB_ID = 'lab-5f3a9c0e12b7d4e6';

interface Step {
  name: string;
  summary: string;
  method: string;
  /** `{lab}` stands for the lab the `lab-created` step made. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Sends the admin token, or the token of the lab `lab-created` made. */
  auth?: 'admin' | 'lab';
}

const yaml = { 'content-type': 'application/yaml' };
const json = { 'content-type': 'application/json' };
const text = { accept: 'text/plain' };

function example(file: string): string {
  return readFileSync(new URL(`../examples/${file}`, import.meta.url), 'utf8');
}

const takenPort = `apiVersion: v1
kind: Service
metadata:
  name: second-service
spec:
  type: NodePort
  selector:
    app: nginx
  ports:
    - port: 80
      nodePort: 31110
`;

const STEPS: Step[] = [
  { name: 'health', summary: 'Healthy', method: 'GET', path: '/healthz' },
  {
    name: 'apply-nginx-pod',
    summary: 'Tutorial 1: the nginx pod, created',
    method: 'POST',
    path: '/manifests',
    headers: yaml,
    body: example('nginx-pod.yaml'),
  },
  {
    name: 'apply-nginx-service-text',
    summary: 'Tutorial 1: the NodePort service, as kubectl prints it',
    method: 'POST',
    path: '/manifests',
    headers: { ...yaml, ...text },
    body: example('nginx-nodeport-service.yaml'),
  },
  {
    name: 'service-list',
    summary: 'The services of the default namespace',
    method: 'GET',
    path: '/api/v1/namespaces/default/services',
  },
  {
    name: 'service-table',
    summary: 'kubectl get services',
    method: 'GET',
    path: '/api/v1/namespaces/default/services',
    headers: text,
  },
  {
    name: 'node-request',
    summary: 'node01 on nodePort 31110: nginx answers',
    method: 'GET',
    path: '/nodes/192.168.1.3/31110/request',
  },
  {
    name: 'node-request-batch',
    summary: '30 requests to node01 (?count=30)',
    method: 'GET',
    path: '/nodes/192.168.1.3/31110/request?count=30',
  },
  {
    name: 'connection-refused',
    summary: 'No service on nodePort 30999',
    method: 'GET',
    path: '/nodes/192.168.1.3/30999/request',
  },
  {
    name: 'cluster-request',
    summary: 'From a pod: curl nginx-nodeport-service',
    method: 'GET',
    path: '/cluster/nginx-nodeport-service/80/request',
  },
  { name: 'hits', summary: 'Hits of every service', method: 'GET', path: '/hits' },
  {
    name: 'hits-table',
    summary: 'Hits of every service, as a table',
    method: 'GET',
    path: '/hits',
    headers: text,
  },
  {
    name: 'service-hits',
    summary: 'Hits of nginx-nodeport-service',
    method: 'GET',
    path: '/hits/default/nginx-nodeport-service',
  },
  {
    name: 'invalid-nodeport-80',
    summary: 'Tutorial 5: nodePort 80 is out of range',
    method: 'POST',
    path: '/manifests',
    headers: yaml,
    body: example('pitfall-nodeport-80.yaml'),
  },
  {
    name: 'nodeport-taken',
    summary: 'nodePort 31110 is already allocated',
    method: 'POST',
    path: '/manifests',
    headers: yaml,
    body: takenPort,
  },
  {
    name: 'service-exists',
    summary: 'Creating a service that exists',
    method: 'POST',
    path: '/api/v1/namespaces/default/services',
    headers: yaml,
    body: example('nginx-nodeport-service.yaml'),
  },
  {
    name: 'service-not-found',
    summary: 'No such service',
    method: 'GET',
    path: '/api/v1/namespaces/default/services/nope',
  },
  {
    name: 'malformed-yaml',
    summary: 'Malformed YAML',
    method: 'POST',
    path: '/manifests',
    headers: yaml,
    body: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: [web\n',
  },
  {
    name: 'unknown-kind',
    summary: 'A kind the cluster does not serve',
    method: 'POST',
    path: '/manifests',
    headers: yaml,
    body: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n',
  },
  {
    name: 'unsupported-media-type',
    summary: 'A body that is not YAML or JSON',
    method: 'POST',
    path: '/manifests',
    headers: { 'content-type': 'text/csv' },
    body: 'kind,name\nService,web\n',
  },
  {
    name: 'namespace-forbidden',
    summary: 'The default namespace cannot be deleted',
    method: 'DELETE',
    path: '/api/v1/namespaces/default',
  },
  { name: 'cluster', summary: 'The default lab', method: 'GET', path: '/cluster' },
  {
    name: 'cluster-patched',
    summary: 'Switched to IPVS',
    method: 'PATCH',
    path: '/cluster',
    headers: json,
    body: '{"proxyMode":"ipvs"}',
  },
  {
    name: 'cluster-patch-invalid',
    summary: 'An unknown proxy mode',
    method: 'PATCH',
    path: '/cluster',
    headers: json,
    body: '{"proxyMode":"userspace"}',
  },
  {
    name: 'clock-advanced',
    summary: 'Three hours later',
    method: 'POST',
    path: '/cluster/clock',
    headers: json,
    body: '{"advanceSeconds":10800}',
  },
  {
    name: 'hits-reset',
    summary: 'Hits deleted',
    method: 'DELETE',
    path: '/hits/default/nginx-nodeport-service',
  },
  {
    name: 'lab-created',
    summary: "Alice's lab, from the nodeport-basics template",
    method: 'POST',
    path: '/labs',
    headers: json,
    body: '{"name":"alice","template":"nodeport-basics","seed":7}',
  },
  {
    name: 'lab-invalid',
    summary: 'A negative seed',
    method: 'POST',
    path: '/labs',
    headers: json,
    body: '{"seed":-1}',
  },
  { name: 'lab-detail', summary: "Alice's lab", method: 'GET', path: '/labs/{lab}' },
  { name: 'lab-list', summary: 'The first lab', method: 'GET', path: '/labs?limit=1' },
  {
    name: 'lab-grade',
    summary: 'Graded before any work: nothing passes',
    method: 'POST',
    path: '/labs/{lab}/grade',
  },
  {
    name: 'lab-grade-gradescope',
    summary: 'The same, as a Gradescope results.json',
    method: 'POST',
    path: '/labs/{lab}/grade?format=gradescope',
  },
  {
    name: 'lab-checks',
    summary: 'One check of your own',
    method: 'POST',
    path: '/labs/{lab}/checks',
    headers: json,
    body: JSON.stringify([
      { id: 'has-nginx-pod', type: 'objectExists', points: 1, kind: 'Pod', name: 'nginx-pod' },
    ]),
  },
  { name: 'lab-reset', summary: 'Back to the start', method: 'POST', path: '/labs/{lab}/reset' },
  { name: 'lab-token', summary: 'A new token', method: 'POST', path: '/labs/{lab}/token' },
  { name: 'lab-deleted', summary: 'Deleted', method: 'DELETE', path: '/labs/{lab}' },
  { name: 'lab-not-found', summary: 'No such lab', method: 'GET', path: '/labs/{lab}' },
  { name: 'templates', summary: 'The lessons', method: 'GET', path: '/templates' },
  { name: 'version', summary: 'Kubernetes v1.34', method: 'GET', path: '/version' },
  { name: 'core-resources', summary: 'The core group', method: 'GET', path: '/api/v1' },
];

/** Steps on a server with an ADMIN_TOKEN. */
const GUARDED_STEPS: Step[] = [
  {
    name: 'lab-created',
    summary: 'A lab, by the admin',
    method: 'POST',
    path: '/labs',
    headers: json,
    body: '{}',
    auth: 'admin',
  },
  {
    name: 'unauthorized',
    summary: 'No token, on a server with an ADMIN_TOKEN',
    method: 'GET',
    path: '/api/v1/namespaces/default/services',
  },
  {
    name: 'admin-only',
    summary: "A lab's token cannot create labs",
    method: 'POST',
    path: '/labs',
    headers: json,
    body: '{}',
    auth: 'lab',
  },
];

export const EXAMPLE_TOKEN = `${EXAMPLE_LAB_ID}.Xq3v9Jm2LkP0aZr7TbYw5Nc8Hd1Gf4Se6Ui2Oo0QpRs`;
const ADMIN_TOKEN = 'example-admin-token';

interface Created {
  id: string;
  token: string;
}

/** The answer's text with the random lab id and tokens replaced by fixed ones. */
function withExampleIds(text: string, lab: Created | undefined): string {
  if (!lab) return text;
  return text
    .replace(/"token":"[^"]+"/g, `"token":"${EXAMPLE_TOKEN}"`)
    .split(lab.id)
    .join(EXAMPLE_LAB_ID);
}

/** Runs `steps` on a fresh in-memory app and records the answers by step name. */
async function run(steps: Step[], adminToken?: string): Promise<Record<string, CapturedExample>> {
  const { app, store } = await buildNodeApp(':memory:', CLOCK, { adminToken });
  const out: Record<string, CapturedExample> = {};
  let lab: Created | undefined;
  try {
    for (const step of steps) {
      const token = step.auth === 'admin' ? adminToken : step.auth === 'lab' ? lab?.token : '';
      const res = await app.request(step.path.replace('{lab}', lab?.id ?? 'none'), {
        method: step.method,
        headers: { ...step.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
        ...(step.body !== undefined ? { body: step.body } : {}),
      });
      const contentType = res.headers.get('content-type') ?? '';
      const raw = await res.text();
      if (step.name === 'lab-created') lab = JSON.parse(raw) as Created;
      const text = withExampleIds(raw, lab);
      const body = contentType.includes('json') ? (JSON.parse(text) as unknown) : text;
      out[step.name] = { summary: step.summary, status: res.status, contentType, body };
    }
  } finally {
    store.close();
  }
  return out;
}

/** Real answers by name: the open server's, and a guarded one's for 401 and 403. */
export async function captureExamples(): Promise<Record<string, CapturedExample>> {
  const { 'lab-created': _guardedLab, ...guarded } = await run(GUARDED_STEPS, ADMIN_TOKEN);
  return { ...(await run(STEPS)), ...guarded };
}
