// `kubectl port-forward` with the real kubectl (1.31+ tunnels SPDY/3.1 inside a WebSocket):
// svc/, deploy/ and pod/ targets, a real HTTP request to the local port answered by the pod
// kubectl picked and counted as a hit, a port nothing listens on failing in the kubelet's words,
// and a kubectl that insists on SPDY told why. On Node (the https listener) and on the Worker
// (the `/k8s/<lab>` kubeconfig of `wrangler dev`, which port-forward's URL keeps).
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { target } from './support/app';
import {
  KUBECTL,
  kubectlScenarios,
  ok,
  requireKubectl,
  startServer,
  type Kubectl,
  type LabServer,
} from './kubectl-harness';

let server: LabServer;
beforeAll(async () => {
  await requireKubectl();
  server = await startServer({ https: true });
}, 60_000);
afterAll(() => server?.close());

const scenario = kubectlScenarios(() => server);

interface Forward {
  port: number;
  child: ChildProcess;
  output: () => string;
  exit: Promise<number>;
}

/** Starts `kubectl port-forward <what> :<remote>` and waits for its local port. */
async function portForward(k: Kubectl, what: string, remote: number, env = {}): Promise<Forward> {
  const child = spawn(KUBECTL, ['port-forward', what, `:${remote}`], {
    env: { PATH: process.env.PATH, HOME: k.dir, KUBECONFIG: k.kubeconfigPath, ...env },
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exit = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve(Number(m[1]));
      }
    }, 50);
    void exit.then((code) => {
      clearInterval(timer);
      reject(new Error(`kubectl port-forward exited ${code}: ${out}`));
    });
  });
  return { port, child, output: () => out, exit };
}

async function hits(labId: string) {
  const res = await fetch(`${server.url}/hits`, { headers: { 'X-Lab-Id': labId } });
  return (await res.json()) as { total: number; services: { pods: { pod: string }[] }[] };
}

/** A GET that tells a dropped connection from an answer. */
function get(port: number): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (e) => resolve({ error: e.message }));
    req.end();
  });
}

describe('kubectl port-forward', () => {
  scenario(
    'svc/echo-nodeport-service: the pod kubectl picked answers, each request a hit',
    async (k) => {
      await ok(k, 'apply', '-f', 'echo-nodeport.yaml');
      const fwd = await portForward(k, 'svc/echo-nodeport-service', 80);
      try {
        const answers = new Set<string>();
        for (let i = 0; i < 3; i++) {
          const res = await fetch(`http://127.0.0.1:${fwd.port}/`);
          expect(res.status).toBe(200);
          answers.add(await res.text());
        }
        // One pod, as on a cluster: port-forward does not load-balance.
        expect([...answers]).toHaveLength(1);
        expect([...answers][0]).toMatch(/^Hello! I am Pod: 10\.244\.\d+\.\d+\n$/);
        const recorded = await hits(k.labId);
        expect(recorded.total).toBe(3);
        expect(recorded.services[0]!.pods).toHaveLength(1);
        expect(fwd.output()).toContain('Handling connection for');
      } finally {
        fwd.child.kill();
      }
    },
  );

  scenario('deploy/ and pod/ targets, HEAD and a path, through the same tunnel', async (k) => {
    await ok(k, 'apply', '-f', 'echo-nodeport.yaml', '-f', 'nginx-pod.yaml');
    const deploy = await portForward(k, 'deploy/nginx-echo-nodeport', 80);
    const pod = await portForward(k, 'pod/nginx-pod', 80);
    try {
      expect(await (await fetch(`http://127.0.0.1:${deploy.port}/x`)).text()).toMatch(
        /^Hello! I am Pod: /,
      );
      const page = await fetch(`http://127.0.0.1:${pod.port}/`);
      expect(page.headers.get('server')).toMatch(/^nginx\//);
      expect(await page.text()).toContain('<title>Welcome to nginx!</title>');
      const head = await fetch(`http://127.0.0.1:${pod.port}/`, { method: 'HEAD' });
      expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
      const missing = await fetch(`http://127.0.0.1:${pod.port}/nope`);
      expect(missing.status).toBe(404);
    } finally {
      deploy.child.kill();
      pod.child.kill();
    }
  });

  scenario(
    'a port nothing listens on: connection refused in the kubelet words, kubectl gives up',
    async (k) => {
      await ok(k, 'apply', '-f', 'nginx-pod.yaml');
      const fwd = await portForward(k, 'pod/nginx-pod', 81);
      const answer = await get(fwd.port);
      expect(answer).toHaveProperty('error');
      expect(await fwd.exit).toBe(1);
      const out = fwd.output();
      expect(out).toMatch(
        /an error occurred forwarding \d+ -> 81: error forwarding port 81 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace/,
      );
      expect(out).toContain('IPv4: dial tcp4 127.0.0.1:81: connect: connection refused');
      expect(out).toContain('error: lost connection to pod');
      expect((await hits(k.labId)).total).toBe(0);
    },
  );

  scenario('kubectl that asks for SPDY is told that only WebSockets are served', async (k) => {
    await ok(k, 'apply', '-f', 'nginx-pod.yaml');
    const forced = spawn(KUBECTL, ['port-forward', 'pod/nginx-pod', ':80'], {
      env: {
        PATH: process.env.PATH,
        HOME: k.dir,
        KUBECONFIG: k.kubeconfigPath,
        KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false',
      },
    });
    let err = '';
    forced.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number>((r) => forced.on('exit', (c) => r(c ?? -1)));
    expect(code).toBe(1);
    // `wrangler dev` drops the SPDY Upgrade header on its way to the Worker.
    const asked = target === 'worker' ? 'no upgrade' : 'SPDY/3.1';
    expect(err).toBe(
      'error: error upgrading connection: Upgrade request required: NodePort Lab serves port-forward over WebSockets only ' +
        `(SPDY/3.1+portforward.k8s.io, kubectl 1.31 or newer, or 1.30 with KUBECTL_PORT_FORWARD_WEBSOCKETS=true); this request asks for ${asked}\n`,
    );
  });

  scenario('a pod that is not running is refused by kubectl itself', async (k) => {
    const pending = k.write(
      'pending.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: stuck}\nspec:\n  nodeSelector: {disk: none}\n  containers: [{name: c, image: nginx}]\n',
    );
    await ok(k, 'apply', '-f', pending);
    const r = await k('port-forward', 'pod/stuck', ':80');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'error: unable to forward port because pod is not running. Current status=Pending\n',
    );
  });
});
