// Pods that run to completion, seen with the real kubectl: the echo tutorial's test pod, a failing
// command and a crash loop in `kubectl get pods`, `describe` and `logs`.
import { afterAll, beforeAll, describe, expect } from 'vitest';
import {
  advanceLabClock,
  kubectlScenarios,
  ok,
  requireKubectl,
  startServer,
  tableRows,
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

/** NAME -> [READY, STATUS, RESTARTS] from `kubectl get pods`. */
async function pods(kubectl: Kubectl): Promise<Record<string, string[]>> {
  const rows = tableRows(await ok(kubectl, 'get', 'pods')).slice(1);
  return Object.fromEntries(rows.map((r) => [r[0]!, r.slice(1, 4)]));
}

describe('kubectl run to completion', () => {
  scenario(
    "the echo tutorial's test pod ends Completed with the answer in its logs",
    async (kubectl) => {
      await ok(kubectl, 'apply', '-f', 'echo-nodeport.yaml');
      const created = await ok(
        kubectl,
        'run',
        'curl',
        '--image=curlimages/curl',
        '--restart=Never',
        '--',
        'curl',
        '-s',
        'http://echo-nodeport-service',
      );
      expect(created).toBe('pod/curl created\n');
      await advanceLabClock(server, kubectl.labId, 2);
      expect((await pods(kubectl)).curl).toEqual(['0/1', 'Completed', '0']);
      expect(await ok(kubectl, 'logs', 'curl')).toMatch(/^Hello! I am Pod: 10\.244\.\d+\.\d+\n$/);
      const described = await ok(kubectl, 'describe', 'pod', 'curl');
      expect(described).toMatch(/Status:\s+Succeeded\n/);
      expect(described).toMatch(/State:\s+Terminated\n\s+Reason:\s+Completed\n\s+Exit Code:\s+0\n/);
      expect(described).toMatch(/Normal\s+Started\s+.*\s+Started container curl\n/);
    },
  );

  scenario('a failing command is Error, with its exit code in describe', async (kubectl) => {
    await ok(
      kubectl,
      'run',
      'fail',
      '--image=busybox',
      '--restart=Never',
      '--',
      'sh',
      '-c',
      'echo oops >&2; exit 3',
    );
    await advanceLabClock(server, kubectl.labId, 2);
    expect((await pods(kubectl)).fail).toEqual(['0/1', 'Error', '0']);
    expect(await ok(kubectl, 'describe', 'pod', 'fail')).toMatch(
      /Reason:\s+Error\n\s+Exit Code:\s+3\n/,
    );
    expect(await ok(kubectl, 'logs', 'fail')).toBe('oops\n');
  });

  scenario(
    'restartPolicy Always: CrashLoopBackOff, restarts counted, --previous',
    async (kubectl) => {
      await ok(kubectl, 'run', 'loop', '--image=busybox', '--', 'sh', '-c', 'echo run; exit 1');
      await advanceLabClock(server, kubectl.labId, 3);
      const [ready, status, restarts] = (await pods(kubectl)).loop!;
      expect([ready, status]).toEqual(['0/1', 'CrashLoopBackOff']);
      expect(restarts).toMatch(/^2 \(\d+s ago\)$/);
      expect(await ok(kubectl, 'describe', 'pod', 'loop')).toMatch(
        /State:\s+Waiting\n\s+Reason:\s+CrashLoopBackOff\n\s+Last State:\s+Terminated\n\s+Reason:\s+Error\n\s+Exit Code:\s+1\n/,
      );
      expect(await ok(kubectl, 'describe', 'pod', 'loop')).toMatch(
        /Warning\s+BackOff\s+.*Back-off restarting failed container loop in pod loop_default\(/,
      );
      expect(await ok(kubectl, 'logs', 'loop', '--previous')).toBe('run\n');
    },
  );
});
