// `kubectl run -it --rm` and `kubectl attach` with the real kubectl on Node and on the Worker:
// the echo tutorial's test pod (a curl run to completion, its output shown, the pod deleted),
// an interactive busybox shell whose exit code becomes the pod's, and attach to a stdin shell.
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
  if (minor < 30) throw new Error(`kubectl 1.${minor} speaks SPDY only; these tests need 1.30+`);
  server = await startServer();
}, 60_000);
afterAll(() => server?.close());

const scenario = kubectlScenarios(() => server);

/** Moves the lab clock on while kubectl waits, so runs end (the Worker's clock is frozen). */
function tickWhile<T>(kubectl: Kubectl, running: Promise<T>): Promise<T> {
  let done = false;
  const tick = async () => {
    while (!done) {
      await new Promise((r) => setTimeout(r, 1500));
      if (!done) await advanceLabClock(server, kubectl.labId, 5);
    }
  };
  void tick();
  return running.finally(() => (done = true));
}

describe('kubectl run -it --rm', () => {
  scenario("prints the test pod's curl answer and deletes the pod", async (kubectl) => {
    await ok(kubectl, 'apply', '-f', 'echo-nodeport.yaml');
    const args = ['run', 'tmp', '--image=curlimages/curl', '-i', '--rm', '--restart=Never'];
    const r = await tickWhile(
      kubectl,
      kubectlWith(kubectl, '', [...args, '--', 'curl', '-s', 'http://echo-nodeport-service']),
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Hello! I am Pod: 10\.244\.\d+\.\d+\npod "tmp" deleted\n$/);
    expect((await kubectl('get', 'pod', 'tmp')).stderr).toContain('pods "tmp" not found');
  });

  scenario("gives busybox's shell; its exit code is the pod's and kubectl's", async (kubectl) => {
    const args = ['run', 'tmp', '--image=busybox', '-it', '--rm', '--restart=Never', '--', 'sh'];
    const r = await kubectlWith(kubectl, '\recho hi\rexit 3\r', args, true);
    expect(r.stdout).toContain("If you don't see a command prompt, try pressing enter.");
    expect(r.stdout).toContain('/ # echo hi\r\nhi\r\n/ # exit 3\r\n');
    expect(r.stdout).toContain('pod "tmp" deleted');
    expect(r.stdout).toContain('pod default/tmp terminated (Error)');
    expect(r.code).toBe(3);
  });
});

describe('kubectl attach', () => {
  scenario("joins a pod's stdin shell; the shell's end completes the pod", async (kubectl) => {
    const pod = kubectl.write(
      'shell.yaml',
      `apiVersion: v1
kind: Pod
metadata: {name: shell}
spec:
  restartPolicy: Never
  containers: [{name: sh, image: busybox, stdin: true, stdinOnce: true}]
`,
    );
    await ok(kubectl, 'apply', '-f', pod);
    const r = await kubectlWith(kubectl, 'echo attached\nexit 0\n', ['attach', '-i', 'shell']);
    expect(r.stdout).toBe('attached\n');
    expect(r.code).toBe(0);
    const status = await ok(kubectl, 'get', 'pod', 'shell', '-o', 'jsonpath={.status.phase}');
    expect(status).toBe('Succeeded');
  });
});
