import { describe, expect, it } from 'vitest';
import { deriveEvents } from './events';
import type { KubeObject } from '../apimachinery/objects';

function meta(name: string, uid: string, created: string, extra: Record<string, unknown> = {}) {
  return {
    name,
    namespace: 'default',
    uid,
    resourceVersion: '7',
    creationTimestamp: created,
    ...extra,
  };
}

const T0 = '2026-11-22T10:00:00Z';
const T1 = '2026-11-22T10:05:00Z';
const owner = (kind: string, name: string, uid: string) => ({
  ownerReferences: [{ apiVersion: 'apps/v1', kind, name, uid, controller: true }],
});

function runningPod(name: string, created: string, rs?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(name, `uid-${name}`, created, rs ? owner('ReplicaSet', rs, `uid-${rs}`) : {}),
    spec: { nodeName: 'node01', containers: [{ name: 'nginx', image: 'nginx' }] },
    status: {
      conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: created }],
      containerStatuses: [
        { name: 'nginx', ready: true, restartCount: 0, state: { running: { startedAt: created } } },
      ],
    },
  };
}

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta('web', 'uid-web', T0),
};
const replicaSet: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: meta('web-abc', 'uid-web-abc', T0, owner('Deployment', 'web', 'uid-web')),
  spec: { replicas: 3 },
};

describe('deriveEvents', () => {
  it('tells a running pod’s story: scheduled, image present, created, started', () => {
    const events = deriveEvents([runningPod('nginx', T0)]);
    expect(
      events.map((e) => [e.reason, e.message, (e.source as { component: string }).component]),
    ).toEqual([
      ['Scheduled', 'Successfully assigned default/nginx to node01', 'default-scheduler'],
      ['Pulled', 'Container image "nginx" already present on machine', 'kubelet'],
      ['Created', 'Created container: nginx', 'kubelet'],
      ['Started', 'Started container nginx', 'kubelet'],
    ]);
    expect(events[1]).toMatchObject({
      involvedObject: {
        kind: 'Pod',
        name: 'nginx',
        uid: 'uid-nginx',
        fieldPath: 'spec.containers{nginx}',
      },
      firstTimestamp: T0,
      lastTimestamp: T0,
      count: 1,
      type: 'Normal',
    });
  });

  it('adds the kubelet’s Killing for a terminating pod, when its deletion began', () => {
    const pod = runningPod('web', T0);
    pod.metadata.deletionTimestamp = '2026-11-22T10:05:30Z';
    pod.metadata.deletionGracePeriodSeconds = 30;
    const last = deriveEvents([pod]).at(-1) as unknown as Record<string, unknown>;
    expect(last).toMatchObject({
      reason: 'Killing',
      message: 'Stopping container nginx',
      firstTimestamp: T1,
      involvedObject: { fieldPath: 'spec.containers{nginx}' },
      source: { component: 'kubelet', host: 'node01' },
    });
  });

  it('reports an unschedulable pod as FailedScheduling', () => {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta('stuck', 'uid-stuck', T0),
      status: {
        conditions: [{ type: 'PodScheduled', status: 'False', message: '0/3 nodes are available' }],
      },
    };
    expect(deriveEvents([pod]).map((e) => [e.type, e.reason, e.message])).toEqual([
      ['Warning', 'FailedScheduling', '0/3 nodes are available'],
    ]);
  });

  it('derives a scale-up per batch of pods, and a SuccessfulCreate per pod', () => {
    const objects = [
      deployment,
      replicaSet,
      runningPod('web-abc-1', T0, 'web-abc'),
      runningPod('web-abc-2', T0, 'web-abc'),
      runningPod('web-abc-3', T1, 'web-abc'),
    ];
    const events = deriveEvents(objects);
    const of = (kind: string) =>
      events
        .filter((e) => (e.involvedObject as { kind: string }).kind === kind)
        .map((e) => e.message);
    expect(of('Deployment')).toEqual([
      'Scaled up replica set web-abc from 0 to 2',
      'Scaled up replica set web-abc from 2 to 3',
    ]);
    expect(of('ReplicaSet')).toEqual([
      'Created pod: web-abc-1',
      'Created pod: web-abc-2',
      'Created pod: web-abc-3',
    ]);
  });

  it('names events stably and keeps them in time order', () => {
    const objects = [runningPod('late', T1), runningPod('early', T0)];
    const first = deriveEvents(objects);
    expect(deriveEvents(objects)).toEqual(first);
    expect(first.map((e) => e.metadata.name.split('.')[0])).toEqual([
      ...Array(4).fill('early'),
      ...Array(4).fill('late'),
    ]);
    expect(first[0]!.metadata.name).toMatch(/^early\.[0-9a-f]{16}$/);
    // Another object's events never rename these.
    const more = deriveEvents([...objects, runningPod('other', T0)]);
    expect(
      more.filter((e) => e.metadata.name.startsWith('late.')).map((e) => e.metadata.name),
    ).toEqual(first.filter((e) => e.metadata.name.startsWith('late.')).map((e) => e.metadata.name));
  });

  it('keeps to one namespace when asked', () => {
    const elsewhere = runningPod('x', T0);
    elsewhere.metadata.namespace = 'team';
    expect(deriveEvents([elsewhere], 'default')).toEqual([]);
    expect(deriveEvents([elsewhere], 'team')).toHaveLength(4);
  });
});
