import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../schema/kube/pod';
import { bootstrapCluster } from '../../lab/bootstrap';
import { DEFAULT_SETTINGS, type ClusterState } from '../../lab/cluster-state';
import { ClusterDraft } from '../../registry/draft';
import type { KubeObject } from '../../apimachinery/objects';
import { seededRandom } from '../../apimachinery/random';
import { reconcile } from '../../controllers/reconcile';
import { recordContainerStarts } from './container-starts';
import {
  appendContainerOutput,
  currentRun,
  draftLogs,
  LOG_BOUNDS,
  outputLines,
} from './container-log';

const now = new Date('2026-12-01T00:00:00Z');
const meta = (name: string) => ({
  name,
  namespace: 'default',
  uid: '',
  resourceVersion: '',
  creationTimestamp: '',
});
const pod = (image: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: meta('web'),
  spec: { containers: [{ name: 'app', image }] },
});

function empty(): ClusterState {
  return {
    labId: 't',
    revision: 0,
    settings: DEFAULT_SETTINGS,
    objects: [],
    allocations: { nodePorts: new Set(), clusterIPs: new Set() },
  };
}

/** A draft that creates `obj` and settles; the state after it; the draft. */
function created(obj: KubeObject) {
  const draft = new ClusterDraft(empty(), { now, random: seededRandom(1) });
  bootstrapCluster(draft);
  draft.put(obj);
  reconcile(draft);
  const state: ClusterState = { ...empty(), revision: 1, objects: draft.plan().upserts };
  return { draft, state };
}

describe('container start-up logs', () => {
  it('writes a started container run once, with its start-up output', () => {
    const { draft, state } = created(pod('httpd:2.4'));
    const stored = state.objects.find((o) => o.kind === 'Pod') as unknown as Pod;
    const run = currentRun(stored, 'app');
    const logs = draftLogs(draft);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ pod: 'web', container: 'app', run, starts: true });
    expect(logs[0]!.keepRuns).toBeUndefined();
    expect(logs[0]!.lines.map((l) => l.text)[2]).toMatch(
      /^\[Tue Dec 01 00:00:00\.000000 2026\] \[mpm_event:notice\] \[pid 1:tid 1\] AH00489: Apache\/2\.4\.65 \(Unix\) configured -- resuming normal operations$/,
    );
    // The next write that touches the pod finds the run known: nothing is written again.
    const next = new ClusterDraft(state, { now, random: seededRandom(2) });
    next.put(next.get('Pod', 'default', 'web')!);
    reconcile(next);
    expect(draftLogs(next)).toEqual([]);
  });

  it('on a restart keeps the run before it and writes the start-up again', () => {
    const { state } = created(pod('httpd:2.4'));
    const draft = new ClusterDraft(state, { now, random: seededRandom(2) });
    const stored = draft.get('Pod', 'default', 'web') as unknown as Pod;
    const old = currentRun(stored, 'app')!;
    const status = stored.status!.containerStatuses![0]! as Record<string, unknown>;
    Object.assign(status, {
      containerID: 'containerd://new',
      restartCount: 1,
      lastState: { terminated: { exitCode: 1, containerID: old } },
    });
    draft.put(stored as unknown as KubeObject);
    recordContainerStarts(draft);
    const [write] = draftLogs(draft);
    expect(write).toMatchObject({ run: 'containerd://new', keepRuns: ['containerd://new', old] });
    expect(write!.lines.at(-1)!.text).toContain('AH00094');
  });

  it('starts a run with no lines for the generic echo app', () => {
    const [write] = draftLogs(created(pod('ghcr.io/acme/api:1')).draft);
    expect(write?.lines).toEqual([]);
  });
});

describe('appendContainerOutput', () => {
  it("appends a command's output to the container's current run at the lab time", () => {
    const { state } = created(pod('busybox'));
    const draft = new ClusterDraft(state, {
      now: new Date(now.getTime() + 5000),
      random: seededRandom(3),
    });
    const stored = draft.get('Pod', 'default', 'web') as unknown as Pod;
    expect(appendContainerOutput(draft, stored, 'app', 'hello\nworld\n')).toBe(true);
    const [write] = draftLogs(draft);
    expect(write!.lines).toEqual([
      { time: now.getTime() + 5000, text: 'hello' },
      { time: now.getTime() + 5000, text: 'world' },
    ]);
    expect(write!.run).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(write!.keepRuns).toBeUndefined();
  });

  it('refuses a container that has no run yet', () => {
    const draft = new ClusterDraft(empty(), { now, random: seededRandom(1) });
    expect(appendContainerOutput(draft, pod('busybox') as unknown as Pod, 'app', 'x')).toBe(false);
    expect(draftLogs(draft)).toEqual([]);
  });

  it('splits output into clipped lines, keeping an unterminated last line', () => {
    const long = 'x'.repeat(LOG_BOUNDS.lineChars + 10);
    expect(outputLines(`a\n\nb`, 1).map((l) => l.text)).toEqual(['a', '', 'b']);
    expect(outputLines('', 1)).toEqual([]);
    expect(outputLines(long, 1)[0]!.text).toHaveLength(LOG_BOUNDS.lineChars);
  });
});
