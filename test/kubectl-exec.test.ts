// `kubectl exec` with the real kubectl (1.30+: WebSockets, v5.channel.k8s.io) on Node and on the
// Worker: output, exit codes, stdin (-i), a terminal (-it, under `script` for a pseudo-terminal),
// and the student's mistakes in Kubernetes' words.
import { afterAll, beforeAll, describe, expect } from 'vitest';
import {
  advanceLabClock,
  kubectlScenarios,
  ok,
  requireKubectl,
  startServer,
  type Kubectl,
  type LabServer,
} from './kubectl-harness';
import { kubectlWith } from './support/kubectl-input';

let server: LabServer;
beforeAll(async () => {
  const minor = await requireKubectl();
  if (minor < 30) {
    throw new Error(`kubectl 1.${minor} speaks SPDY only for exec; these tests need kubectl 1.30+`);
  }
  server = await startServer();
}, 60_000);
afterAll(() => server?.close());

const scenario = kubectlScenarios(() => server);

async function runningPods(kubectl: Kubectl) {
  await ok(kubectl, 'apply', '-f', 'echo-nodeport.yaml');
  await ok(kubectl, 'run', 'bb', '--image=busybox', '--', 'sleep', '3600');
  await ok(kubectl, 'run', 'web', '--image=nginx');
}

describe('kubectl exec', () => {
  scenario('prints the output and exits with the command', async (kubectl) => {
    await runningPods(kubectl);
    expect(await ok(kubectl, 'exec', 'bb', '--', 'echo', 'hello', 'world')).toBe('hello world\n');
    const failed = await kubectl('exec', 'bb', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3');
    expect(failed).toEqual({
      code: 3,
      stdout: 'out\n',
      stderr: 'err\ncommand terminated with exit code 3\n',
    });
    const curl = await ok(
      kubectl,
      'exec',
      'web',
      '--',
      'curl',
      '-s',
      'http://echo-nodeport-service',
    );
    expect(curl).toMatch(/^Hello! I am Pod: 10\.244\.\d+\.\d+\n$/);
    const missing = await kubectl(
      'exec',
      'web',
      '--',
      'wget',
      '-qO-',
      'http://echo-nodeport-service',
    );
    expect(missing.code).toBe(126);
    expect(missing.stderr).toContain('exec: "wget": executable file not found in $PATH');
  });

  scenario(
    '-i gives the command stdin: a shell reads its script, cat copies it',
    async (kubectl) => {
      await runningPods(kubectl);
      const sh = await kubectlWith(kubectl, 'echo from stdin\nexit 5\n', [
        'exec',
        '-i',
        'bb',
        '--',
        'sh',
      ]);
      expect(sh).toEqual({
        code: 5,
        stdout: 'from stdin\n',
        stderr: 'command terminated with exit code 5\n',
      });
      const cat = await kubectlWith(kubectl, 'line 1\nline 2\n', ['exec', '-i', 'bb', '--', 'cat']);
      expect(cat).toEqual({ code: 0, stdout: 'line 1\nline 2\n', stderr: '' });
    },
  );

  scenario('-it gives a shell with a prompt in a terminal', async (kubectl) => {
    await runningPods(kubectl);
    const r = await kubectlWith(
      kubectl,
      'echo hi there\rexit 4\r',
      ['exec', '-it', 'bb', '--', 'sh'],
      true,
    );
    expect(r.stdout).toContain('/ # echo hi there\r\nhi there\r\n/ # exit 4\r\n');
    expect(r.stdout).toContain('command terminated with exit code 4');
    expect(r.code).toBe(4);
  });

  scenario(
    'fails as on a cluster: no pod, no such container, a container that is not running',
    async (kubectl) => {
      await runningPods(kubectl);
      expect(await kubectl('exec', 'nope', '--', 'true')).toMatchObject({
        code: 1,
        stderr: 'Error from server (NotFound): pods "nope" not found\n',
      });
      expect(await kubectl('exec', 'web', '-c', 'side', '--', 'true')).toMatchObject({
        code: 1,
        stderr: 'Error from server (BadRequest): container side is not valid for pod web\n',
      });
      // A ConfigMap that does not exist keeps the container in ContainerCreating.
      const pod = kubectl.write(
        'waiting.yaml',
        `apiVersion: v1
kind: Pod
metadata: {name: waiting}
spec:
  containers: [{name: app, image: nginx, volumeMounts: [{name: c, mountPath: /etc/c}]}]
  volumes: [{name: c, configMap: {name: missing}}]
`,
      );
      await ok(kubectl, 'apply', '-f', pod);
      expect(await kubectl('exec', 'waiting', '--', 'true')).toMatchObject({
        code: 1,
        stderr:
          'error: Internal error occurred: unable to upgrade connection: container not found ("app")\n',
      });
      await ok(kubectl, 'run', 'done', '--image=busybox', '--restart=Never', '--', 'echo', 'hi');
      await advanceLabClock(server, kubectl.labId, 5);
      expect(await kubectl('exec', 'done', '--', 'true')).toMatchObject({
        code: 1,
        stderr:
          'error: cannot exec into a container in a completed pod; current phase is Succeeded\n',
      });
    },
  );

  scenario(
    'tells a kubectl that speaks only SPDY (1.29 and older) what it needs',
    async (kubectl) => {
      await runningPods(kubectl);
      // kubectl 1.30+ with WebSockets turned off sends what kubectl 1.29 and older send.
      const spdy = { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false' };
      const r = await kubectlWith(kubectl, '', ['exec', 'bb', '--', 'true'], false, spdy);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'Error from server (BadRequest): Upgrade request required: NodePort Lab serves exec over ' +
          'WebSockets only (v5.channel.k8s.io, v4.channel.k8s.io: kubectl 1.30 or newer); this client ' +
          'asked for SPDY/3.1 (kubectl 1.29 and older, or KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false)\n',
      );
    },
  );
});
