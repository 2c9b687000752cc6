import { describe, expect, it } from 'vitest';
import { LOG_BOUNDS, type ContainerLogWrite } from '../domain/kubelet/logs/container-log';
import { AccessLogBuffer, GROUP_EVERY } from './access-log-buffer';

const line = (pod: string, n: number): ContainerLogWrite => ({
  namespace: 'default',
  pod,
  container: 'nginx',
  run: `containerd://${pod}`,
  lines: [{ time: n, text: `${pod} ${n}` }],
});

describe('AccessLogBuffer', () => {
  it('counts what waits, holds a run to twice its ring once grouped, and hands each lab its rings', () => {
    const buffer = new AccessLogBuffer();
    for (let i = 0; i < 5000; i++) buffer.add('a', [line('web', i)], i === 4999);
    buffer.add('b', [line('api', 0)], false);
    // Grouped every GROUP_EVERY requests, each run held to twice its ring there.
    expect(buffer.lines).toBeLessThanOrEqual(2 * LOG_BOUNDS.linesPerRun + GROUP_EVERY);
    // Characters are counted as added (an upper bound on what waits): 'web 0' to 'web 4999', 'api 0'.
    const added = Array.from({ length: 5000 }, (_, i) => `web ${i}`.length).reduce((x, y) => x + y);
    expect(buffer.chars).toBe(added + 'api 0'.length);
    const [a, b] = buffer.take();
    expect(a!.labId).toBe('a');
    expect(a!.trim).toBe(true);
    const texts = a!.writes.flatMap((w) => w.lines.map((l) => l.text));
    expect(texts).toHaveLength(LOG_BOUNDS.linesPerRun);
    expect([texts[0], texts.at(-1)]).toEqual(['web 4000', 'web 4999']);
    expect(b).toMatchObject({ labId: 'b', trim: false });
    expect(buffer.empty).toBe(true);
    expect(buffer.lines).toBe(0);
    expect(buffer.chars).toBe(0);
  });
});
