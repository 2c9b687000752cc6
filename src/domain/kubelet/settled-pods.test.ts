import { describe, expect, it } from 'vitest';
import type { Pod } from '../../schema/kube/pod';
import { bootstrapCluster } from '../lab/bootstrap';
import { DEFAULT_SETTINGS, type ClusterState } from '../lab/cluster-state';
import { ClusterDraft } from '../registry/draft';
import type { KubeObject } from '../apimachinery/objects';
import { seededRandom } from '../apimachinery/random';
import { reconcile } from '../controllers/reconcile';
import { isSettledPod } from './settled-pods';

const now = new Date('2026-12-01T00:00:00Z');
const configMap: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name: 'conf',
    namespace: 'default',
    uid: '',
    resourceVersion: '',
    creationTimestamp: '',
  },
  data: { 'default.conf': 'server { listen 80; }' },
};
const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web',
    namespace: 'default',
    uid: '',
    resourceVersion: '',
    creationTimestamp: '',
  },
  spec: {
    containers: [
      {
        name: 'nginx',
        image: 'nginx',
        volumeMounts: [{ name: 'c', mountPath: '/etc/nginx/conf.d' }],
      },
    ],
    volumes: [{ name: 'c', configMap: { name: 'conf' } }],
  },
};

/** A settled lab with the pod running, then a fresh draft on it (the next write). */
function nextWrite(): ClusterDraft {
  const empty: ClusterState = {
    labId: 't',
    revision: 0,
    settings: DEFAULT_SETTINGS,
    objects: [],
    allocations: { nodePorts: new Set(), clusterIPs: new Set() },
  };
  const first = new ClusterDraft(empty, { now, random: seededRandom(1) });
  bootstrapCluster(first);
  first.put(configMap);
  first.put(pod);
  reconcile(first);
  const settled: ClusterState = { ...empty, revision: 1, objects: first.plan().upserts };
  return new ClusterDraft(settled, { now, random: seededRandom(2) });
}

const stored = (draft: ClusterDraft) => draft.peek('Pod')[0] as unknown as Pod;

describe('isSettledPod', () => {
  it('leaves a running pod alone when the write touched nothing it reads', () => {
    const draft = nextWrite();
    expect(stored(draft).status?.phase).toBe('Running');
    expect(isSettledPod(draft, stored(draft))).toBe(true);
    draft.put({ ...configMap, metadata: { ...configMap.metadata, name: 'other' } });
    reconcile(draft);
    expect(draft.written().map((o) => o.metadata.name)).toEqual(['other']);
  });

  it.each([
    ['the pod itself', (d: ClusterDraft) => void d.put(d.get('Pod', 'default', 'web')!)],
    ['a ConfigMap it mounts', (d: ClusterDraft) => void d.remove('ConfigMap', 'default', 'conf')],
    ['its node', (d: ClusterDraft) => void d.put(d.get('Node', '', stored(d).spec!.nodeName!)!)],
  ])('runs the pod again when the write touched %s', (_, touch) => {
    const draft = nextWrite();
    touch(draft);
    expect(isSettledPod(draft, stored(draft))).toBe(false);
  });

  it('brings the pod down when the write deletes the ConfigMap it mounts', () => {
    const draft = nextWrite();
    draft.remove('ConfigMap', 'default', 'conf');
    reconcile(draft);
    const after = draft.peek('Pod')[0] as unknown as Pod;
    expect(after.status?.containerStatuses?.[0]?.state).toEqual({
      waiting: { reason: 'ContainerCreating' },
    });
  });
});
