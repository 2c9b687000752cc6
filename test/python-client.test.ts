// The official Python client (Debian's python3-kubernetes, 22.x) against NodePort Lab, through the
// kubeconfig of GET /kubeconfig: the scripts in test/python/ print what the client decoded as
// JSON. Runs /usr/bin/python3 by path, the interpreter Debian's package is installed for (a pyenv
// or venv python3 earlier on PATH would not see it); PYTHON overrides. Fails, never skips,
// without the package: .ci/run installs it.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLab, fetchKubeconfig, startServer, type LabServer } from './kubectl-harness';

const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';
const SCRIPTS = fileURLToPath(new URL('./python/', import.meta.url));

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function python(args: string[], env: NodeJS.ProcessEnv = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const options = {
      timeout: 60_000,
      env: { PATH: '/usr/bin:/bin', PYTHONDONTWRITEBYTECODE: '1', ...env },
    };
    execFile(PYTHON, args, options, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr: stderr || (error && !stdout ? error.message : '') });
    });
  });
}

let server: LabServer;
let dir: string;
beforeAll(async () => {
  const probe = await python(['-c', 'import kubernetes; print(kubernetes.__version__)']);
  if (probe.code !== 0) {
    throw new Error(
      `the Python client is required by this suite and ${PYTHON} cannot import it:\n${probe.stderr}\n` +
        'Install it (Debian: apt-get install python3-kubernetes; .ci/run does this) or set PYTHON.',
    );
  }
  server = await startServer();
  dir = mkdtempSync(join(tmpdir(), 'nodeport-lab-python-'));
}, 60_000);
afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs one script against a fresh lab and answers the JSON it printed. */
async function runScript(script: string): Promise<Json> {
  const kubeconfig = join(dir, `${script}.yaml`);
  writeFileSync(kubeconfig, await fetchKubeconfig(server, await createLab(server)));
  const r = await python([join(SCRIPTS, script), kubeconfig], { HOME: dir });
  expect(r.stderr, `${script} failed`).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Json;
}

describe('the Python client', () => {
  it('reads pods and nodes: every field its models require is there', async () => {
    const out = await runScript('pods_and_nodes.py');
    expect(out.created).toEqual(['v1', 'Pod', 'py-web']);
    expect(out.listed).toEqual(['py-web']);
    expect(out).toMatchObject({ phase: 'Running', qosClass: 'Burstable' });
    expect(out.hostIP).toMatch(/^192\.168\.1\.\d+$/);
    expect(out.podIPs[0]).toMatch(/^10\.244\.\d+\.\d+$/);
    expect(out.conditions).toContain('Ready');
    expect(out.container).toMatchObject({ ready: true, restartCount: 0, started: true });
    expect(out.container.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(out.container.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(out.nodes).toEqual(['controlplane', 'node01', 'node02']);
    expect(out.node.bootID).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.node.machineID).toMatch(/^[0-9a-f]{32}$/);
    expect(out.node.systemUUID).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.node).toMatchObject({ kubeletPort: 10250, addresses: ['InternalIP', 'Hostname'] });
  }, 60_000);

  it('creates without kind, writes /status by replace and both patch types, deletes', async () => {
    const out = await runScript('status.py');
    expect(out.created).toEqual(['v1', 'Service', 'LoadBalancer']);
    expect(out.readKind).toBe('Service');
    // (22.x models predate ipMode, so they drop the VIP the server defaults)
    expect(out.replaced).toEqual({ type: 'LoadBalancer', ingress: ['203.0.113.5'] });
    expect(out.patched).toEqual(['203.0.113.6']);
    expect(out.jsonPatched).toEqual(['203.0.113.6', '203.0.113.9']);
    expect(out.deployment).toEqual({ readyReplicas: 2, specReplicasAfterPatch: 2 });
    expect(out.remaining).toEqual(['kubernetes']);
  }, 60_000);

  it('watches with watch=True until timeout_seconds; discovery with trailing slashes', async () => {
    const out = await runScript('watch.py');
    expect(out.events).toEqual([['ADDED', 'ConfigMap', 'py-cm']]);
    expect(out.version).toMatch(/^v1\.\d+\.\d+$/);
    expect(out.apiVersions).toEqual(['v1']);
    expect(out.statusSubresources).toEqual(['pods/status', 'services/status']);
  }, 60_000);

  it('creates, reads, watches and deletes a NetworkPolicy through NetworkingV1Api', async () => {
    const out = await runScript('network_policy.py');
    expect(out).toEqual({
      created: ['networking.k8s.io/v1', 'NetworkPolicy', 'py-np'],
      policyTypes: ['Ingress'],
      port: ['TCP', 80, 90],
      except: ['10.1.0.0/16'],
      events: [['ADDED', 'NetworkPolicy', 'py-np']],
      remaining: [],
    });
  }, 60_000);
});
