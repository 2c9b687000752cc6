// `kubectl logs` with the real kubectl: the echo tutorial's load balancing with -l --prefix, -f
// seeing a new request, --previous of a crash loop, and the kubelet's refusals.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import {
  EXAMPLES,
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
  server = await startServer();
}, 60_000);
afterAll(() => server?.close());

const scenario = kubectlScenarios(() => server);

/** A request through the lab's request route, as `curl` from outside (or `inside` a pod's view). */
async function send(kubectl: Kubectl, path: string): Promise<Response> {
  const headers = { 'X-Lab-Id': kubectl.labId, 'User-Agent': 'curl/8.5.0' };
  return fetch(`${server.url}${path}`, { headers });
}

async function podIps(kubectl: Kubectl, selector: string): Promise<Map<string, string>> {
  const out = await ok(
    kubectl,
    'get',
    'pods',
    '-l',
    selector,
    '-o',
    'jsonpath={range .items[*]}{.metadata.name} {.status.podIP}{"\\n"}{end}',
  );
  return new Map(
    out
      .trim()
      .split('\n')
      .map((l) => l.split(' ') as [string, string]),
  );
}

const brokenPod = `apiVersion: v1
kind: ConfigMap
metadata:
  name: bad
data:
  default.conf: |
    server { listen 80; } }
---
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx
      volumeMounts:
        - name: conf
          mountPath: /etc/nginx/conf.d
  volumes:
    - name: conf
      configMap:
        name: bad
`;

describe('kubectl logs', () => {
  scenario(
    '-l app=echo-nodeport --prefix shows each request on the pod that served it',
    async (kubectl) => {
      await ok(kubectl, 'apply', '-f', 'echo-nodeport.yaml');
      for (let i = 0; i < 6; i++) {
        expect((await send(kubectl, `/nodes/192.168.1.3/30007/request/r${i}`)).status).toBe(200);
      }
      const out = await ok(kubectl, 'logs', '-l', 'app=echo-nodeport', '--prefix');
      const served = out
        .split('\n')
        .map((l) =>
          /^\[pod\/(\S+)\/nginx\] 192\.168\.1\.3 - - \[[^\]]+\] "GET \/r(\d) HTTP\/1\.1" 200 \d+ "-" "curl\/8\.5\.0" "-"$/.exec(
            l,
          ),
        )
        .filter((m) => m !== null);
      expect(served.map((m) => m[2]).sort()).toEqual(['0', '1', '2', '3', '4', '5']);
      // Each pod's lines are what /hits counted for it.
      const hits = (await (await send(kubectl, '/hits')).json()) as {
        services: { pods: { pod: string; hits: number }[] }[];
      };
      const counted = new Map<string, number>();
      for (const s of hits.services ?? []) for (const p of s.pods) counted.set(p.pod, p.hits);
      for (const pod of new Set(served.map((m) => m[1]!))) {
        expect(served.filter((m) => m[1] === pod).length).toBe(counted.get(pod));
      }
    },
  );

  scenario('-f prints a request that arrives while it follows', async (kubectl) => {
    await ok(kubectl, 'run', 'web', '--image=nginx');
    const ip = (await podIps(kubectl, 'run=web')).get('web')!;
    const env = { PATH: process.env.PATH, HOME: kubectl.dir, KUBECONFIG: kubectl.kubeconfigPath };
    const child = spawn(KUBECTL, ['--cache-dir', join(kubectl.dir, 'cache'), 'logs', '-f', 'web'], {
      cwd: EXAMPLES,
      env,
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    const seen = async (pattern: RegExp) => {
      for (let i = 0; i < 100 && !pattern.test(out); i++)
        await new Promise((r) => setTimeout(r, 100));
      return pattern.test(out);
    };
    try {
      expect(await seen(/start worker processes\n/)).toBe(true);
      expect(out).not.toContain('/followed');
      expect((await send(kubectl, `/cluster/${ip}/80/request/followed`)).status).toBe(404);
      expect(await seen(/"GET \/followed HTTP\/1\.1" 404 \d+ "-" "curl\/8\.5\.0" "-"\n/)).toBe(
        true,
      );
      expect(child.exitCode).toBeNull();
      // The follow ends with the container: nginx exits at once on its stop signal.
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      await ok(kubectl, 'delete', 'pod', 'web', '--wait=false');
      expect(await exited).toBe(0);
    } finally {
      child.kill();
    }
  });

  scenario('--previous shows the [emerg] of a crash-looping nginx', async (kubectl) => {
    await ok(kubectl, 'apply', '-f', kubectl.write('broken.yaml', brokenPod));
    const previous = await ok(kubectl, 'logs', 'web', '--previous');
    expect(previous).toMatch(
      / \[emerg\] 1#1: unexpected "}" in \/etc\/nginx\/conf\.d\/default\.conf:1\n/,
    );
    expect(
      previous.endsWith('nginx: [emerg] unexpected "}" in /etc/nginx/conf.d/default.conf:1\n'),
    ).toBe(true);
    expect(await ok(kubectl, 'logs', 'web')).toBe(previous);
  });

  scenario('refuses as the kubelet does: waiting to start, no previous run', async (kubectl) => {
    const waiting = brokenPod.split('---\n')[1]!;
    await ok(kubectl, 'apply', '-f', kubectl.write('waiting.yaml', waiting));
    const creating = await kubectl('logs', 'web');
    expect(creating.code).toBe(1);
    expect(creating.stderr).toBe(
      'Error from server (BadRequest): container "app" in pod "web" is waiting to start: ContainerCreating\n',
    );
    await ok(kubectl, 'run', 'fine', '--image=nginx');
    const none = await kubectl('logs', 'fine', '--previous');
    expect(none.stderr).toBe(
      'Error from server (BadRequest): previous terminated container "fine" in pod "fine" not found\n',
    );
    const unknown = await kubectl('logs', 'fine', '-c', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('error: container nope is not valid for pod fine\n');
    const all = await ok(kubectl, 'logs', 'fine');
    expect(await ok(kubectl, 'logs', 'fine', '--tail=1')).toBe(
      `${all.trimEnd().split('\n').at(-1)}\n`,
    );
  });
});
