// The "NodePort tutorial" folder of the Postman collection: the tutorials' steps in order, in a
// fresh lab, each request with the pm.test assertions a student would check by eye.
import { readFileSync } from 'node:fs';
import { postmanUrl, testEvent, type PostmanItem } from './postman-reference';

const example = (file: string) =>
  readFileSync(new URL(`../examples/${file}`, import.meta.url), 'utf8');

interface Step {
  name: string;
  description: string;
  method: string;
  path: string;
  query?: [string, string][];
  headers?: [string, string][];
  yaml?: string;
  json?: unknown;
  /** Overrides the collection's bearer auth (creating a lab takes the admin token). */
  auth?: unknown;
  tests: string[];
}

const json = (name: string, lines: string[]) => [
  `pm.test(${JSON.stringify(name)}, function () {`,
  ...lines.map((l) => `  ${l}`),
  '});',
];
const status = (code: number) => json(`answers ${code}`, [`pm.response.to.have.status(${code});`]);

const NGINX_422 =
  'Service "my-nodeport-service" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767';

const STEPS: Step[] = [
  {
    name: 'Create a lab for the tutorial',
    description:
      'A fresh, isolated cluster (three nodes: controlplane 192.168.1.2, node01 192.168.1.3, node02 192.168.1.4). ' +
      'Its id and token are saved in the collection variables `labId` and `token`; every later request acts in it.',
    method: 'POST',
    path: '/labs',
    json: { name: 'nodeport-tutorial' },
    auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{adminToken}}', type: 'string' }] },
    tests: [
      ...status(201),
      ...json('saves the lab id and its token', [
        'const lab = pm.response.json();',
        "pm.expect(lab.id).to.be.a('string');",
        "pm.collectionVariables.set('labId', lab.id);",
        "pm.collectionVariables.set('token', lab.token || '');",
      ]),
    ],
  },
  {
    name: 'Tutorial 1: apply the nginx pod',
    description: '`kubectl apply -f nginx-pod.yaml`',
    method: 'POST',
    path: '/manifests',
    yaml: example('nginx-pod.yaml'),
    tests: [
      ...status(201),
      ...json('creates pod/nginx-pod, Running on a worker', [
        'const body = pm.response.json();',
        "pm.expect(body.results).to.eql([{ kind: 'Pod', namespace: 'default', name: 'nginx-pod', action: 'created' }]);",
        "pm.expect(body.objects[0].status.phase).to.equal('Running');",
        "pm.expect(body.objects[0].spec.nodeName).to.be.oneOf(['node01', 'node02']);",
      ]),
    ],
  },
  {
    name: 'Tutorial 1: apply its NodePort service',
    description:
      '`kubectl apply -f nginx-nodeport-service.yaml`: nodePort 31110 in front of port 80.',
    method: 'POST',
    path: '/manifests',
    yaml: example('nginx-nodeport-service.yaml'),
    tests: [
      ...status(201),
      ...json('creates a NodePort service on 31110 with a clusterIP', [
        'const svc = pm.response.json().objects[0];',
        "pm.expect(svc.spec.type).to.equal('NodePort');",
        'pm.expect(svc.spec.ports[0]).to.include({ port: 80, targetPort: 80, nodePort: 31110 });',
        'pm.expect(svc.spec.clusterIP).to.match(/^10\\.(9[6-9]|10[0-9]|11[01])\\./);',
      ]),
    ],
  },
  {
    name: 'kubectl get services',
    description: 'The table kubectl prints (`Accept: text/plain`).',
    method: 'GET',
    path: '/api/v1/namespaces/default/services',
    headers: [['Accept', 'text/plain']],
    tests: [
      ...status(200),
      ...json('prints the NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE table', [
        "const lines = pm.response.text().trim().split('\\n');",
        'pm.expect(lines[0]).to.match(/^NAME\\s+TYPE\\s+CLUSTER-IP\\s+EXTERNAL-IP\\s+PORT\\(S\\)\\s+AGE$/);',
        'pm.expect(lines[1]).to.match(/^kubernetes\\s+ClusterIP\\s+10\\.96\\.0\\.1\\s+<none>\\s+443\\/TCP\\s/);',
        'pm.expect(lines[2]).to.match(/^nginx-nodeport-service\\s+NodePort\\s+10\\.\\S+\\s+<none>\\s+80:31110\\/TCP\\s/);',
      ]),
    ],
  },
  {
    name: 'Send 30 requests to node01 on 31110',
    description:
      '`for i in $(seq 30); do curl 192.168.1.3:31110; done`, in one call: `?count=30` answers the distribution.',
    method: 'GET',
    path: '/nodes/192.168.1.3/31110/request',
    query: [['count', '30']],
    tests: [
      ...status(200),
      ...json('all 30 reach nginx-pod', [
        'const body = pm.response.json();',
        'pm.expect(body.count).to.equal(30);',
        'pm.expect(body.outcomes).to.eql({ ok: 30 });',
        'pm.expect(body.distribution.total).to.equal(30);',
        "pm.expect(body.distribution.pods.map((p) => p.pod)).to.eql(['nginx-pod']);",
        'pm.expect(body.first.response.status).to.equal(200);',
      ]),
    ],
  },
  {
    name: 'Read the hit distribution',
    description:
      'Which pods answered, per pod and per node, and the chi-square test of an even split.',
    method: 'GET',
    path: '/hits/default/nginx-nodeport-service',
    tests: [
      ...status(200),
      ...json('counts the 30 hits, all on nginx-pod', [
        'const hits = pm.response.json();',
        'pm.expect(hits.total).to.equal(30);',
        "pm.expect(hits.pods[0]).to.include({ pod: 'nginx-pod', hits: 30, share: 1 });",
        "pm.expect(hits.endpoints).to.eql(['nginx-pod']);",
      ]),
    ],
  },
  {
    name: 'Tutorial 5: try nodePort 80',
    description: 'The classic mistake: a nodePort outside 30000-32767. kube-apiserver answers 422.',
    method: 'POST',
    path: '/manifests',
    yaml: example('pitfall-nodeport-80.yaml'),
    tests: [
      ...status(422),
      ...json('is Invalid, with the message kube-apiserver gives', [
        'const status = pm.response.json();',
        "pm.expect(status).to.include({ kind: 'Status', reason: 'Invalid', code: 422 });",
        `pm.expect(status.message).to.equal(${JSON.stringify(NGINX_422)});`,
        "pm.expect(status.details.causes[0].field).to.equal('spec.ports[0].nodePort');",
      ]),
    ],
  },
  {
    name: 'Tutorial 5: the fix, nodePort 31000',
    description: 'The same service with a nodePort in range.',
    method: 'POST',
    path: '/manifests',
    yaml: example('pitfall-nodeport-31000.yaml'),
    tests: [
      ...status(201),
      ...json('creates the service on 31000', [
        'pm.expect(pm.response.json().objects[0].spec.ports[0].nodePort).to.equal(31000);',
      ]),
    ],
  },
  {
    name: 'Tutorial 3: apply the echo deployment and its service',
    description: 'A ConfigMap-configured nginx, 3 replicas, behind nodePort 30007.',
    method: 'POST',
    path: '/manifests',
    yaml: example('echo-nodeport.yaml'),
    tests: [
      ...status(201),
      ...json('creates the ConfigMap, the Deployment and the Service', [
        "pm.expect(pm.response.json().results.map((r) => r.kind)).to.eql(['ConfigMap', 'Deployment', 'Service']);",
      ]),
    ],
  },
  {
    name: 'Tutorial 3: curl the echo service',
    description: 'What `curl 192.168.1.3:30007` prints.',
    method: 'GET',
    path: '/nodes/192.168.1.3/30007/request',
    headers: [['Accept', 'text/plain']],
    tests: [
      ...status(200),
      ...json('a pod says hello with its IP', [
        'pm.expect(pm.response.text()).to.match(/^Hello! I am Pod: 10\\.244\\.\\d+\\.\\d+\\n$/);',
      ]),
    ],
  },
  {
    name: 'Tutorial 3: 300 requests spread over the 3 pods',
    description: 'kube-proxy (iptables) picks an endpoint at random for each connection.',
    method: 'GET',
    path: '/nodes/192.168.1.4/30007/request',
    query: [['count', '300']],
    tests: [
      ...status(200),
      ...json('every pod answers some', [
        'const pods = pm.response.json().distribution.pods;',
        'pm.expect(pods).to.have.lengthOf(3);',
        'pods.forEach((p) => pm.expect(p.hits).to.be.above(50));',
      ]),
    ],
  },
  {
    name: 'Tutorial 3: is the split even?',
    description:
      "Pearson's chi-square test of the echo service's hits against an even split. The lab's seed " +
      'is random, so a fair split still gives a small p-value now and then: the check asks only ' +
      'for more than one in a million (a balancer that skips a pod gives about 1e-30).',
    method: 'GET',
    path: '/hits/default/echo-nodeport-service',
    tests: [
      ...status(200),
      ...json('301 hits over 3 endpoints, not far from even', [
        'const hits = pm.response.json();',
        'pm.expect(hits.total).to.equal(301);',
        'pm.expect(hits.endpoints).to.have.lengthOf(3);',
        'pm.expect(hits.evenSplit.pValue).to.be.above(1e-6);',
      ]),
    ],
  },
];

function item(step: Step): PostmanItem {
  const header = [
    ...(step.yaml ? [['Content-Type', 'application/yaml']] : []),
    ...(step.json ? [['Content-Type', 'application/json']] : []),
    ...(step.headers ?? []),
    // The lab the first step created; the token says the same, for servers with ADMIN_TOKEN.
    ...(step.auth ? [] : [['X-Lab-Id', '{{labId}}']]),
  ].map(([key, value]) => ({ key, value }));
  const query = (step.query ?? []).map(([key, value]) => ({ key, value }));
  const raw = step.yaml ?? (step.json ? JSON.stringify(step.json, null, 2) : undefined);
  return {
    name: step.name,
    request: {
      method: step.method,
      header,
      url: postmanUrl(step.path, [], query),
      ...(raw
        ? {
            body: { mode: 'raw', raw, options: { raw: { language: step.yaml ? 'text' : 'json' } } },
          }
        : {}),
      ...(step.auth ? { auth: step.auth } : {}),
      description: step.description,
    },
    event: [testEvent(step.tests)],
  };
}

export const TUTORIAL_FOLDER = 'NodePort tutorial';

/** The folder, steps in tutorial order. */
export function tutorialFolder(): PostmanItem {
  return {
    name: TUTORIAL_FOLDER,
    description:
      'The NodePort tutorials, step by step, in a lab of their own: run the folder (Run folder, or ' +
      '`npm run test:postman`) against a server (`npm start`).',
    item: STEPS.map(item),
  };
}
