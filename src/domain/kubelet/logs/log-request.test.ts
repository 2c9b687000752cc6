import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../schema/kube/pod';
import { ApiError } from '../../apimachinery/errors';
import { limitText, logRun, parseLogOptions, selectLines } from './log-request';

function podWith(status: Record<string, unknown>): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web' },
    spec: { containers: [{ name: 'app' }] },
    status: { containerStatuses: [{ name: 'app', ready: false, restartCount: 0, ...status }] },
  } as Pod;
}

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return `${e.code} ${e.message}`;
    throw e;
  }
  return 'no error';
}

describe('logRun', () => {
  const last = { terminated: { containerID: 'containerd://old' } };
  it.each([
    [
      'a running container',
      { containerID: 'containerd://now', state: { running: {} } },
      false,
      'containerd://now',
    ],
    [
      'a crash loop: the last run',
      {
        containerID: 'containerd://old',
        state: { waiting: { reason: 'CrashLoopBackOff' } },
        lastState: last,
      },
      false,
      'containerd://old',
    ],
    [
      'previous of a restarted one',
      { containerID: 'containerd://now', state: { running: {} }, lastState: last },
      true,
      'containerd://old',
    ],
    [
      'ContainerCreating',
      { state: { waiting: { reason: 'ContainerCreating' } } },
      false,
      '400 container "app" in pod "web" is waiting to start: ContainerCreating',
    ],
    [
      'ErrImagePull',
      { state: { waiting: { reason: 'ErrImagePull' } } },
      false,
      `400 container "app" in pod "web" is waiting to start: image can't be pulled`,
    ],
    [
      'previous of a never restarted one',
      { containerID: 'containerd://now', state: { running: {} } },
      true,
      '400 previous terminated container "app" in pod "web" not found',
    ],
  ])('%s', (_, status, previous, expected) => {
    const pod = podWith(status);
    const got = expected.startsWith('4')
      ? message(() => logRun(pod, 'app', previous))
      : logRun(pod, 'app', previous);
    expect(got).toBe(expected);
  });
});

describe('parseLogOptions', () => {
  const q = (query: Record<string, string>) => (k: string) => query[k];
  it.each([
    [
      { tailLines: '-1' },
      '422 PodLogOptions "web" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0',
    ],
    [
      { limitBytes: '0' },
      '422 PodLogOptions "web" is invalid: limitBytes: Invalid value: 0: must be greater than 0',
    ],
    [
      { sinceSeconds: '0' },
      '422 PodLogOptions "web" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0',
    ],
    [
      { sinceSeconds: '5', sinceTime: '2026-12-01T00:00:00Z' },
      '422 PodLogOptions "web" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified',
    ],
    [{ tailLines: 'x' }, '400 tailLines: strconv.ParseInt: parsing "x": invalid syntax'],
    [{ follow: 'yes' }, '400 follow: strconv.ParseBool: parsing "yes": invalid syntax'],
  ])('%j', (query, expected) => {
    expect(message(() => parseLogOptions('web', q(query)))).toBe(expected);
  });

  it('reads every option', () => {
    const options = parseLogOptions(
      'web',
      q({
        container: 'app',
        follow: 'true',
        previous: '1',
        timestamps: 'True',
        tailLines: '3',
        sinceTime: '2026-12-01T00:00:00.5Z',
        limitBytes: '9',
      }),
    );
    expect(options).toEqual({
      container: 'app',
      follow: true,
      previous: true,
      timestamps: true,
      tailLines: 3,
      sinceTime: Date.UTC(2026, 11, 1),
      limitBytes: 9,
    });
  });
});

describe('selectLines and limitText', () => {
  const lines = [1, 2, 3, 4].map((s) => ({ time: s * 1000, text: `l${s}` }));
  it('takes the tail, then the lines since', () => {
    const base = { follow: false, previous: false, timestamps: false };
    expect(selectLines(lines, { ...base, tailLines: 2 }, 0).map((l) => l.text)).toEqual([
      'l3',
      'l4',
    ]);
    expect(selectLines(lines, { ...base, tailLines: 0 }, 0)).toEqual([]);
    expect(selectLines(lines, { ...base, sinceSeconds: 2 }, 4000).map((l) => l.text)).toEqual([
      'l2',
      'l3',
      'l4',
    ]);
  });
  it('cuts at a byte count', () => {
    expect(limitText('abcdef', 4)).toEqual({ text: 'abcd', full: true });
    expect(limitText('ab', 4)).toEqual({ text: 'ab', full: false });
  });
});
