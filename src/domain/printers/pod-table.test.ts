import { describe, expect, it } from 'vitest';
import type { Pod } from '../../schema/kube/pod';
import { podStatus } from './pod-table';
import { tableForKind } from './resources';

const now = new Date('2025-06-16T12:00:00Z');

describe('podStatus', () => {
  const pod = (status: Pod['status'], deleting = false): Pod => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', ...(deleting ? { deletionTimestamp: '2025-06-16T11:00:00Z' } : {}) },
    ...(status ? { status } : {}),
  });
  const cs = (state: Record<string, unknown>, ready = false) => ({
    name: 'c',
    ready,
    restartCount: 0,
    state,
  });
  it.each([
    { name: 'phase', pod: pod({ phase: 'Running' }), text: 'Running' },
    { name: 'no status yet', pod: pod(undefined), text: 'Pending' },
    {
      name: 'waiting reason',
      pod: pod({
        phase: 'Pending',
        containerStatuses: [cs({ waiting: { reason: 'ImagePullBackOff' } })],
      }),
      text: 'ImagePullBackOff',
    },
    {
      name: 'crash loop',
      pod: pod({
        phase: 'Running',
        containerStatuses: [cs({ waiting: { reason: 'CrashLoopBackOff' } })],
      }),
      text: 'CrashLoopBackOff',
    },
    {
      name: 'terminated reason',
      pod: pod({
        phase: 'Failed',
        containerStatuses: [cs({ terminated: { reason: 'Error', exitCode: 1 } })],
      }),
      text: 'Error',
    },
    {
      name: 'terminated by signal',
      pod: pod({ phase: 'Failed', containerStatuses: [cs({ terminated: { signal: 9 } })] }),
      text: 'Signal:9',
    },
    {
      name: 'terminated exit code',
      pod: pod({ phase: 'Failed', containerStatuses: [cs({ terminated: { exitCode: 2 } })] }),
      text: 'ExitCode:2',
    },
    { name: 'deleting', pod: pod({ phase: 'Running' }, true), text: 'Terminating' },
  ])('$name', ({ pod, text }) => {
    expect(podStatus(pod)).toBe(text);
  });

  it('READY counts ready containers of the spec and RESTARTS sums restarts', () => {
    const p: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'a' }, { name: 'b' }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          { name: 'a', ready: true, restartCount: 2 },
          { name: 'b', ready: false, restartCount: 3 },
        ],
      },
    };
    expect(tableForKind('Pod', [p], now).rows[0]?.cells.slice(1, 4)).toEqual([
      '1/2',
      'Running',
      '5',
    ]);
  });
});
