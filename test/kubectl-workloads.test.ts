// Rollouts and graceful deletion, driven with the real kubectl as a student does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { target } from './support/app';
import {
  advanceLabClock,
  requireKubectl,
  startServer,
  tableRows,
  type Kubectl,
  type LabServer,
  kubectlScenarios,
  ok,
} from './kubectl-harness';

let server: LabServer;
beforeAll(async () => {
  await requireKubectl();
  server = await startServer();
}, 60_000);
afterAll(() => server?.close());

const scenario = kubectlScenarios(() => server);

/** ReplicaSet name -> DESIRED, from `kubectl get rs`. */
async function replicaSets(kubectl: Kubectl): Promise<Record<string, string>> {
  const rows = tableRows(await ok(kubectl, 'get', 'rs')).slice(1);
  return Object.fromEntries(rows.map((r) => [r[0]!, r[1]!]));
}

describe('rollout undo', () => {
  scenario('set image, undo, restart, undo: the old ReplicaSets are reused', async (kubectl) => {
    await ok(kubectl, 'create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2');
    const [first] = Object.keys(await replicaSets(kubectl));
    await ok(kubectl, 'set', 'image', 'deployment/web', 'nginx=nginx:1.26');
    expect(await ok(kubectl, 'rollout', 'undo', 'deployment/web')).toBe(
      'deployment.apps/web rolled back\n',
    );
    const afterUndo = await replicaSets(kubectl);
    expect(Object.keys(afterUndo)).toHaveLength(2);
    expect(afterUndo[first!]).toBe('2');
    expect(await ok(kubectl, 'rollout', 'history', 'deployment/web')).toBe(
      'deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n',
    );

    await ok(kubectl, 'rollout', 'restart', 'deployment/web');
    expect(Object.keys(await replicaSets(kubectl))).toHaveLength(3);
    await ok(kubectl, 'rollout', 'undo', 'deployment/web');
    const afterSecondUndo = await replicaSets(kubectl);
    expect(Object.keys(afterSecondUndo)).toHaveLength(3);
    expect(afterSecondUndo[first!]).toBe('2');
    expect(
      await ok(kubectl, 'get', 'deploy', 'web', '-o', 'jsonpath={.metadata.annotations}'),
    ).toBe('{"deployment.kubernetes.io/revision":"5"}');
    expect(
      await ok(
        kubectl,
        'get',
        'rs',
        first!,
        '-o',
        'jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision-history}',
      ),
    ).toBe('1,3');
  });
});

describe('graceful deletion', () => {
  // The Worker under test runs a frozen clock (labs move by POST /cluster/clock only), and this
  // scenario waits for wall time to pass on the lab clock, as a student's kubectl does.
  const wallClock = target === 'worker' ? it.skip : it;
  scenario(
    'delete of nginx waits 1-3 s: nginx exits on SIGQUIT',
    async (kubectl) => {
      await ok(kubectl, 'apply', '-f', 'nginx-pod.yaml');
      const started = Date.now();
      // kubectl waits for the pod to go, watching it: the watch sees it removed with no other write.
      expect(await ok(kubectl, 'delete', 'pod', 'nginx-pod')).toBe('pod "nginx-pod" deleted\n');
      const seconds = (Date.now() - started) / 1000;
      expect(seconds).toBeGreaterThanOrEqual(1);
      expect(seconds).toBeLessThan(6);
      const gone = await kubectl('get', 'pod', 'nginx-pod');
      expect(gone.stderr).toBe('Error from server (NotFound): pods "nginx-pod" not found\n');
    },
    wallClock,
  );

  scenario(
    'sleep ignores SIGTERM: Terminating; --grace-period=0 --force removes at once',
    async (kubectl) => {
      await ok(kubectl, 'run', 'sleeper', '--image=busybox', '--', 'sleep', '3600');
      expect(await ok(kubectl, 'delete', 'pod', 'sleeper', '--wait=false')).toBe(
        'pod "sleeper" deleted\n',
      );
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const rows = tableRows(await ok(kubectl, 'get', 'pods'));
      expect(rows[1]!.slice(0, 3)).toEqual(['sleeper', '1/1', 'Terminating']);
      const forced = await kubectl('delete', 'pod', 'sleeper', '--grace-period=0', '--force');
      expect(forced.code).toBe(0);
      expect(forced.stderr).toBe(
        'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
      );
      expect(forced.stdout).toMatch(/^pod "sleeper" force deleted/);
      const gone = await kubectl('get', 'pod', 'sleeper');
      expect(gone.stderr).toBe('Error from server (NotFound): pods "sleeper" not found\n');
    },
  );

  scenario('get -w during a scale-down prints Terminating, then the deletion', async (kubectl) => {
    // busybox's sleep ignores SIGTERM, so the surplus pod waits out its grace period.
    await ok(
      kubectl,
      'create',
      'deployment',
      'web',
      '--image=busybox',
      '--replicas=2',
      '--',
      'sleep',
      '3600',
    );
    const before = tableRows(await ok(kubectl, 'get', 'pods', '--no-headers'));
    const watching = kubectl('get', 'pods', '-w', '--output-watch-events', '--request-timeout=5s');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await ok(kubectl, 'scale', 'deployment/web', '--replicas=1');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await advanceLabClock(server, kubectl.labId, 30);
    const watched = await watching;
    const events = tableRows(watched.stdout)
      .slice(1)
      .map((r) => [r[0], r[1], r[3]]);
    const names = before.map((r) => r[0]);
    const doomed = events.find((e) => e[2] === 'Terminating')?.[1];
    expect(names).toContain(doomed);
    expect(events).toContainEqual(['MODIFIED', doomed, 'Terminating']);
    expect(events.at(-1)).toEqual(['DELETED', doomed, 'Terminating']);
  });
});
