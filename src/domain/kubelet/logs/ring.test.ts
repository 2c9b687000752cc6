import { describe, expect, it } from 'vitest';
import type { ContainerLogWrite } from './log-types';
import { newestLines } from './ring';

const write = (pod: string, ...texts: string[]): ContainerLogWrite => ({
  namespace: 'default',
  pod,
  container: 'nginx',
  run: `containerd://${pod}`,
  lines: texts.map((text, i) => ({ time: i, text })),
});
const texts = (ws: ContainerLogWrite[]) =>
  ws.map((w) => `${w.pod}:${w.lines.map((l) => l.text).join(',')}`);

describe('newestLines', () => {
  it('keeps everything that fits, in order', () => {
    const ws = [write('a', '1'), write('b', '2'), write('a', '3')];
    expect(newestLines(ws, { linesPerRun: 5, linesPerLab: 10 })).toEqual(ws);
  });

  it("keeps a run's newest lines, across writes", () => {
    const ws = [write('a', '1', '2'), write('b', 'x'), write('a', '3', '4')];
    expect(texts(newestLines(ws, { linesPerRun: 3, linesPerLab: 10 }))).toEqual([
      'a:2',
      'b:x',
      'a:3,4',
    ]);
  });

  it("keeps the lab's newest lines over all its runs", () => {
    const ws = [write('a', '1', '2'), write('b', '3'), write('a', '4')];
    expect(texts(newestLines(ws, { linesPerRun: 5, linesPerLab: 2 }))).toEqual(['b:3', 'a:4']);
  });
});
