import { describe, expect, it } from 'vitest';
import type { ConfigMap } from '../../../../schema/kube/core';
import type { Pod } from '../../../../schema/kube/pod';
import { loadPodNginx } from './image';

const conf = (body: string) => `server { listen 80; location / { return 200 "${body}"; } }\n`;
const configMap = (text: string): ConfigMap =>
  ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'web', namespace: 'default' },
    data: { 'default.conf': text },
  }) as ConfigMap;

function pod(startTime: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p-${startTime}`, namespace: 'default' },
    spec: {
      containers: [
        {
          name: 'nginx',
          image: 'nginx',
          volumeMounts: [{ name: 'c', mountPath: '/etc/nginx/conf.d' }],
        },
      ],
      volumes: [{ name: 'c', configMap: { name: 'web' } }],
    },
    status: { startTime },
  } as Pod;
}

const load = (p: Pod, cms: ConfigMap[]) => loadPodNginx(p, p.spec!.containers![0]!, cms);

describe('loadPodNginx', () => {
  it('parses a configuration once for pods started at other times from other ConfigMap objects', () => {
    const a = load(pod('2026-01-01T00:00:01Z'), [configMap(conf('same'))]);
    const b = load(pod('2026-01-01T00:00:02Z'), [configMap(conf('same'))]);
    if (!a.ok || !b.ok) throw new Error('nginx did not load');
    expect(b.model).toBe(a.model);
    // The files are each pod's own: their mtime is the pod's start.
    expect(a.files.files.get('/etc/nginx/conf.d/default.conf')?.mtime.toISOString()).toBe(
      '2026-01-01T00:00:01.000Z',
    );
    expect(b.files.files.get('/etc/nginx/conf.d/default.conf')?.mtime.toISOString()).toBe(
      '2026-01-01T00:00:02.000Z',
    );
  });

  it('parses another text, or the same text at another path, anew', () => {
    const a = load(pod('2026-01-01T00:00:03Z'), [configMap(conf('one'))]);
    const b = load(pod('2026-01-01T00:00:03Z'), [configMap(conf('two'))]);
    const moved = pod('2026-01-01T00:00:03Z');
    moved.spec!.containers![0]!.volumeMounts = [{ name: 'c', mountPath: '/etc/nginx/other' }];
    const c = load(moved, [configMap(conf('one'))]);
    if (!a.ok || !b.ok || !c.ok) throw new Error('nginx did not load');
    expect(b.model).not.toBe(a.model);
    expect(c.model).not.toBe(a.model);
  });

  it('answers the same [emerg] for a broken configuration from the cache', () => {
    const broken = configMap('server { listen 80;\n');
    const first = load(pod('2026-01-01T00:00:04Z'), [broken]);
    const again = load(pod('2026-01-01T00:00:05Z'), [configMap('server { listen 80;\n')]);
    expect(first.ok).toBe(false);
    expect(again).toEqual(first);
  });
});
