// kubectl against the https listener, as `npm start` serves it: the kubeconfig fetched over http
// names https and carries the lab token, so `kubectl get --raw` and `kubectl proxy` (which keeps
// no path prefix) act in the kubeconfig's lab, not the default one; the proxy subresources
// answer what the pods answer. Node only: `wrangler dev` under test serves plain http (on
// Cloudflare the Worker is https, where kubectl sends the token all the same).
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
const nodeOnly = target === 'worker' ? it.skip : it;
const ECHO = '/api/v1/namespaces/default/services/echo-nodeport-service';

async function hits(labId: string): Promise<number> {
  const res = await fetch(`${server.url}/hits`, { headers: { 'X-Lab-Id': labId } });
  return ((await res.json()) as { total: number }).total;
}

/** `kubectl proxy --port=0` until it says where it serves; answers that origin and a stop. */
async function kubectlProxy(k: Kubectl): Promise<{ origin: string; stop: () => void }> {
  const child = spawn(KUBECTL, ['proxy', '--port=0'], {
    env: { PATH: process.env.PATH, HOME: k.dir, KUBECONFIG: k.kubeconfigPath },
  });
  const origin = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Starting to serve on ([\d.]+:\d+)/.exec(out);
      if (m) resolve(`http://${m[1]}`);
    });
    child.on('exit', (code) => reject(new Error(`kubectl proxy exited ${code}: ${out}`)));
  });
  return { origin, stop: () => child.kill() };
}

describe('kubectl over the https listener', () => {
  scenario(
    'the kubeconfig names https with the certificate and the lab token',
    async (k) => {
      const text = await (
        await fetch(`${server.url}/kubeconfig`, { headers: { 'X-Lab-Id': k.labId } })
      ).text();
      expect(text).toMatch(/server: "https:\/\/127\.0\.0\.1:\d+"\n/);
      expect(text).toContain('tls-server-name: localhost');
      expect(text).toContain(`token: "lab:${k.labId}"`);
      expect(text).not.toContain('insecure-skip-tls-verify');
      // The old kubeconfig (plain http, the lab in the path) is still served on request.
      const old = await fetch(`${server.url}/kubeconfig?transport=http`, {
        headers: { 'X-Lab-Id': k.labId },
      });
      expect(await old.text()).toContain(`server: "${server.url}/k8s/${k.labId}"`);
    },
    nodeOnly,
  );

  scenario(
    'kubectl get --raw reaches the Service proxy of the lab, counted as a hit',
    async (k) => {
      await ok(k, 'apply', '-f', 'echo-nodeport.yaml');
      expect(await ok(k, 'get', '--raw', `${ECHO}/proxy/`)).toMatch(
        /^Hello! I am Pod: 10\.244\.\d+\.\d+\n$/,
      );
      const pod = (await ok(k, 'get', 'pods', '-o', 'name')).split('\n')[0]!.replace('pod/', '');
      const podAnswer = await ok(
        k,
        'get',
        '--raw',
        `/api/v1/namespaces/default/pods/${pod}/proxy/`,
      );
      expect(podAnswer).toMatch(/^Hello! I am Pod: /);
      expect(await hits(k.labId)).toBe(2);
      const wrong = await k('get', '--raw', `${ECHO}:81/proxy/`);
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toBe(
        'Error from server (ServiceUnavailable): no service port 81 found for service "echo-nodeport-service"\n',
      );
      const none = await k('get', '--raw', '/api/v1/namespaces/default/services/nope/proxy/');
      expect(none.stderr).toBe('Error from server (NotFound): endpoints "nope" not found\n');
    },
    nodeOnly,
  );

  scenario(
    'kubectl proxy and a browser: the Service answers as `minikube service --url` would show',
    async (k) => {
      await ok(k, 'apply', '-f', 'echo-nodeport.yaml');
      const proxy = await kubectlProxy(k);
      try {
        const res = await fetch(`${proxy.origin}${ECHO}/proxy/`);
        expect(res.status).toBe(200);
        expect(await res.text()).toMatch(/^Hello! I am Pod: /);
        expect(res.headers.get('content-security-policy')).toMatch(/^sandbox;/);
        const redirect = await fetch(`${proxy.origin}${ECHO}/proxy`, { redirect: 'manual' });
        expect(redirect.status).toBe(301);
        expect(await hits(k.labId)).toBe(1);
      } finally {
        proxy.stop();
      }
    },
    nodeOnly,
  );
});
