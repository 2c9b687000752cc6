// Lines share rows and come back as they were written: texts, times, ids growing within a run,
// a read resuming mid-row, and a line holding a newline kept whole in a row of its own.
import { describe, expect, it } from 'vitest';
import type { LogLine } from '../domain/kubelet/logs/container-log';
import { firstRowAfter, linesToRows, ROW_LINES, rowsToLines, type LogRow } from './log-rows';

const lines = (n: number, from = 0): LogLine[] =>
  Array.from({ length: n }, (_, i) => ({ time: 1000 + 7 * (from + i), text: `line ${from + i}` }));

/** Rows as a store would hand them back: ids in order. */
const stored = (ls: LogLine[], firstId = 1): LogRow[] =>
  linesToRows(ls).map((r, i) => ({ ...r, id: firstId + i }));

describe('log rows', () => {
  it('stores a run’s consecutive lines in rows of at most ROW_LINES', () => {
    const rows = linesToRows(lines(ROW_LINES * 2 + 3));
    expect(rows.map((r) => r.count)).toEqual([ROW_LINES, ROW_LINES, 3]);
    expect(rows[2]).toEqual({
      time: 1000 + 7 * ROW_LINES * 2,
      line: [0, 1, 2].map((i) => `line ${ROW_LINES * 2 + i}`).join('\n'),
      count: 3,
      times: '7,14',
    });
    expect(linesToRows(lines(1))).toEqual([{ time: 1000, line: 'line 0', count: 1, times: null }]);
  });

  it('reads back every line, its time and a growing id', () => {
    const written = lines(150);
    const read = rowsToLines(stored(written), 0, 1000);
    expect(read.map(({ time, text }) => ({ time, text }))).toEqual(written);
    const ids = read.map((l) => l.id);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
  });

  it('resumes after a line in the middle of a row, and stops at the limit', () => {
    const rows = stored(lines(150));
    const all = rowsToLines(rows, 0, 1000);
    const after = all[70]!.id;
    const from = rows.filter((r) => r.id >= firstRowAfter(after));
    expect(rowsToLines(from, after, 1000).map((l) => l.text)).toEqual(
      all.slice(71).map((l) => l.text),
    );
    expect(rowsToLines(rows, after, 5).map((l) => l.text)).toEqual(
      ['71', '72', '73', '74', '75'].map((i) => `line ${i}`),
    );
  });

  it('stores a line that repeats the one before as its time alone', () => {
    // curl in a loop: nginx's access line is the same until its second changes.
    const texts = ['GET / 1', 'GET / 1', 'GET / 1', '', '', 'GET / 2', 'GET / 1'];
    const written = texts.map((text, i) => ({ time: 1000 + 3 * i, text }));
    const rows = linesToRows(written);
    expect(rows).toEqual([
      {
        time: 1000,
        line: ['GET / 1', '', 'GET / 2', 'GET / 1'].join('\n'),
        count: 7,
        times: '3=,6=,9,12=,15,18',
      },
    ]);
    const read = rowsToLines(stored(written), 0, 100);
    expect(read.map(({ time, text }) => ({ time, text }))).toEqual(written);
    // A read resuming inside the repeats, and one cut by its limit, see the same lines.
    expect(rowsToLines(stored(written), read[1]!.id, 3).map((l) => l.text)).toEqual([
      'GET / 1',
      '',
      '',
    ]);
  });

  it('reads a row stored before repeats were marked', () => {
    const old: LogRow = { id: 2, time: 50, line: 'a\na\nb', count: 3, times: '1,2' };
    expect(rowsToLines([old], 0, 10)).toEqual([
      { id: 2 * ROW_LINES, time: 50, text: 'a' },
      { id: 2 * ROW_LINES + 1, time: 51, text: 'a' },
      { id: 2 * ROW_LINES + 2, time: 52, text: 'b' },
    ]);
  });

  it('keeps a line with a newline whole, alone in its row', () => {
    const written = [...lines(2), { time: 5, text: 'a\nb' }, ...lines(2, 2)];
    const rows = linesToRows(written);
    expect(rows.map((r) => r.count)).toEqual([2, 1, 2]);
    expect(rowsToLines(stored(written), 0, 100).map((l) => l.text)).toEqual(
      written.map((l) => l.text),
    );
  });
});
