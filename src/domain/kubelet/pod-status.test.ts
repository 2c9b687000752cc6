import { describe, expect, it } from 'vitest';
import type { Pod } from '../../schema/kube/pod';
import { withKubeletFields } from './pod-status';

const since = '2026-01-01T00:00:00Z';
const pod = (status: Record<string, unknown>) =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', uid: 'uid-1' },
    spec: { containers: [{ name: 'app', image: 'nginx' }] },
    status,
  }) as unknown as Pod;
const container = (state: object, extra: object = {}) => ({
  startTime: since,
  conditions: [{ type: 'Ready', status: 'True' }],
  containerStatuses: [
    {
      name: 'app',
      image: 'docker.io/library/nginx:latest',
      ready: true,
      restartCount: 0,
      state,
      ...extra,
    },
  ],
});

describe('withKubeletFields', () => {
  it.each([
    ['running', container({ running: { startedAt: since } })],
    ['being created', container({ waiting: { reason: 'ContainerCreating' } })],
    [
      'crash-looping',
      container(
        { waiting: { reason: 'CrashLoopBackOff' } },
        { restartCount: 1, lastState: { terminated: { exitCode: 1, reason: 'Error' } } },
      ),
    ],
  ])(
    'a %s container: applied twice as once (reads of stored pods answer them as stored)',
    (_n, status) => {
      const once = withKubeletFields(status, pod({}), 1);
      const twice = withKubeletFields(once, pod(once), 1);
      expect(JSON.stringify(twice)).toBe(JSON.stringify(once));
    },
  );

  it('gives a created container its IDs, one being created none', () => {
    const running = withKubeletFields(container({ running: {} }), pod({}), 1);
    expect(running.containerStatuses).toMatchObject([
      { imageID: expect.stringMatching(/@sha256:/) },
    ]);
    const creating = withKubeletFields(container({ waiting: {} }), pod({}), 1);
    expect(creating.containerStatuses).toMatchObject([{ imageID: '', lastState: {} }]);
    expect((creating.containerStatuses as object[])[0]).not.toHaveProperty('containerID');
  });

  it('evaluates many readiness gates against many conditions in linear time', () => {
    const n = 50_000;
    const gated = pod({
      conditions: Array.from({ length: n }, (_, i) => ({ type: `c${i}`, status: 'True' })),
    });
    (gated.spec as Record<string, unknown>).readinessGates = Array.from({ length: n }, (_, i) => ({
      conditionType: `c${i}`,
    }));
    const started = performance.now();
    const status = withKubeletFields(container({ running: {} }), gated, 1);
    expect(performance.now() - started).toBeLessThan(2000);
    const ready = (status.conditions as { type: string; status: string }[]).find(
      (c) => c.type === 'Ready',
    );
    expect(ready?.status).toBe('True');
  });
});
