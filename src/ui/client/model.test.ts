// What the map derives from the objects, case by case (the browser tests show it drawn).
import { describe, expect, it } from 'vitest';
import { nearMisses, podState, selectedPods, targetPortProblem } from './model';
import type { Pod, Service } from './types';

const pod = (name: string, labels: Record<string, string>, extra: Partial<Pod> = {}): Pod => ({
  metadata: { name, namespace: 'default', labels },
  ...extra,
});
const svc = (selector: Record<string, string>): Service => ({
  metadata: { name: 's', namespace: 'default' },
  spec: { selector },
});

describe('selectedPods and nearMisses', () => {
  const pods = [
    pod('a', { app: 'web', tier: 'fe' }),
    pod('b', { app: 'web' }),
    pod('c', { app: 'db', tier: 'fe' }),
    // Another namespace: never selected, never near.
    { metadata: { name: 'd', namespace: 'other', labels: { app: 'web', tier: 'fe' } } },
  ];
  const cases: [string, Record<string, string>, string[], string[]][] = [
    [
      'every selector label matches; pods one label off are near',
      { app: 'web', tier: 'fe' },
      ['a'],
      ['b', 'c'],
    ],
    ['a subset of the labels matches', { app: 'web' }, ['a', 'b'], ['c']],
    [
      'a typo selects nothing; the pods one label off are near misses',
      { app: 'wbe' },
      [],
      ['a', 'b', 'c'],
    ],
    ['no selector selects nothing, and nothing is near', {}, [], []],
  ];
  for (const [name, selector, picked, near] of cases) {
    it(name, () => {
      expect(selectedPods(svc(selector), pods).map((p) => p.metadata.name)).toEqual(picked);
      expect(nearMisses(svc(selector), pods).map((m) => m.pod.metadata.name)).toEqual(near);
    });
  }

  it('says what the near miss has instead', () => {
    const [miss] = nearMisses(svc({ app: 'web', tier: 'be' }), pods);
    expect(miss).toMatchObject({ label: 'tier=fe, not be' });
    expect(nearMisses(svc({ app: 'web', zone: 'a' }), [pods[1]!])[0]?.label).toBe('no label zone');
    // Inherited property names are no labels (own-property access only).
    expect(nearMisses(svc({ app: 'web', constructor: 'x' }), [pods[1]!])[0]?.label).toBe(
      'no label constructor',
    );
  });
});

describe('targetPortProblem', () => {
  const withPorts = pod(
    'p',
    {},
    {
      spec: { containers: [{ name: 'c', ports: [{ containerPort: 80, name: 'http' }] }] },
    },
  );
  it('accepts a declared port by number or name, and pods that declare none', () => {
    expect(targetPortProblem({ port: 80, targetPort: 80 }, withPorts)).toBeUndefined();
    expect(targetPortProblem({ port: 80, targetPort: 'http' }, withPorts)).toBeUndefined();
    expect(targetPortProblem({ port: 8080 }, pod('q', {}))).toBeUndefined();
  });
  it('names the mismatch', () => {
    expect(targetPortProblem({ port: 80, targetPort: 8080 }, withPorts)).toBe(
      'targetPort 8080 is not a declared containerPort (80)',
    );
    expect(targetPortProblem({ port: 80, targetPort: 'web' }, withPorts)).toBe(
      'no container port named "web"',
    );
  });
});

describe('podState', () => {
  const creating = pod(
    'p',
    {},
    {
      spec: { volumes: [{ name: 'config-volume', configMap: { name: 'cfg' } }] },
      status: {
        phase: 'Pending',
        containerStatuses: [
          { name: 'c', ready: false, state: { waiting: { reason: 'ContainerCreating' } } },
        ],
      },
    },
  );
  it('says which ConfigMap the kubelet cannot mount', () => {
    expect(podState(creating, new Set())).toEqual({
      ready: false,
      text: 'ContainerCreating',
      detail: 'MountVolume.SetUp failed for volume "config-volume" : configmap "cfg" not found',
    });
    expect(podState(creating, new Set(['default/cfg'])).detail).toBeUndefined();
  });
  it("shows a crashed container's error and a ready pod as Ready", () => {
    const crashed = pod(
      'p',
      {},
      {
        status: {
          containerStatuses: [
            {
              name: 'c',
              ready: false,
              state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off' } },
              lastState: { terminated: { message: 'nginx: [emerg] unknown directive "x"' } },
            },
          ],
        },
      },
    );
    expect(podState(crashed, new Set())).toMatchObject({
      text: 'CrashLoopBackOff',
      detail: 'nginx: [emerg] unknown directive "x"',
    });
    const ready = pod('r', {}, { status: { conditions: [{ type: 'Ready', status: 'True' }] } });
    expect(podState(ready, new Set())).toEqual({ ready: true, text: 'Ready' });
  });
});
