// Container log lines as rows: consecutive lines of one run share a row (their texts joined by
// newlines, each later line's time as an offset from the row's), so a burst of access lines spread
// over a class of labs writes a row and an index entry per run, not per line. A line whose text is
// the line's before it (curl in a loop: nginx's access line changes once a second) is stored as
// its offset marked REPEAT and no text: spread over 1,000 labs no lab's ring overflowed between
// two stores of the access buffer, so every line reached SQLite, about 13 MB of text a store.
// A reader sees lines again, each with an id that grows within its run: the row's id times
// ID_SPAN plus the line's place in the row. Rows written before REPEAT existed read as they did.
import { LOG_BOUNDS, type LogLine } from '../domain/kubelet/logs/container-log';

/** Lines per row at most. A ring is trimmed by whole rows, so it may keep this many minus one more. */
export const ROW_LINES = LOG_BOUNDS.rowLines;

/** Marks a time offset whose line repeats the text before it (an offset is otherwise digits). */
const REPEAT = '=';

/** Line ids per row id: a line's id is its row's id times this, plus its place in the row. */
const ID_SPAN = ROW_LINES;

/** What a row stores of its lines. */
export interface LogRowLines {
  time: number;
  line: string;
  count: number;
  times: string | null;
}

/** The rows that store `lines` in order: up to ROW_LINES a row; a line with a newline alone. */
export function linesToRows(lines: readonly LogLine[]): LogRowLines[] {
  const rows: LogRowLines[] = [];
  let i = 0;
  while (i < lines.length) {
    const first = lines[i]!;
    let end = i + 1;
    if (!first.text.includes('\n')) {
      while (end < lines.length && end - i < ROW_LINES && !lines[end]!.text.includes('\n')) end++;
    }
    rows.push(end - i === 1 ? single(first) : joined(lines.slice(i, end)));
    i = end;
  }
  return rows;
}

function single(l: LogLine): LogRowLines {
  return { time: l.time, line: l.text, count: 1, times: null };
}

function joined(lines: readonly LogLine[]): LogRowLines {
  const time = lines[0]!.time;
  let text = lines[0]!.text;
  let times = '';
  for (let k = 1; k < lines.length; k++) {
    const line = lines[k]!;
    times += (k > 1 ? ',' : '') + String(line.time - time);
    if (line.text === lines[k - 1]!.text) times += REPEAT;
    else text += '\n' + line.text;
  }
  return { time, line: text, count: lines.length, times };
}

/**
 * The SQL of a trim's cut, around the rows' condition and the lines kept: the id of the newest row
 * wholly past the newest `keep` lines of the rows that match. It and every older row go; the row
 * holding the bound's oldest line stays whole.
 */
export const CUT_ROW_SQL = [
  '(SELECT id FROM (SELECT id, SUM(count) OVER (ORDER BY id DESC) - count AS newer FROM container_logs WHERE ',
  ') WHERE newer >= ',
  ' ORDER BY id DESC LIMIT 1)',
] as const;

/** A stored row, as a read selects it. */
export interface LogRow extends LogRowLines {
  id: number;
}

/** A line as readers see it. */
export interface IdentifiedLine {
  id: number;
  time: number;
  text: string;
}

/** The first row that may hold a line after line `afterId`. */
export function firstRowAfter(afterId: number): number {
  return Math.floor(afterId / ID_SPAN);
}

/**
 * The lines of `rows` (oldest first) after line `afterId`, at most `limit` of them. A row of one
 * line is that line whole (it may hold a newline: a single row is never split).
 */
export function rowsToLines(
  rows: readonly LogRow[],
  afterId: number,
  limit: number,
): IdentifiedLine[] {
  const out: IdentifiedLine[] = [];
  for (const r of rows) {
    const base = r.id * ID_SPAN;
    if (r.count <= 1) {
      if (base > afterId) out.push({ id: base, time: r.time, text: r.line });
    } else {
      const texts = r.line.split('\n');
      const offsets = (r.times ?? '').split(',');
      let t = 0;
      for (let k = 0; k < r.count; k++) {
        const offset = k === 0 ? '0' : (offsets[k - 1] ?? '0');
        const repeat = offset.endsWith(REPEAT);
        if (k > 0 && !repeat) t++;
        // A row stores count lines; one that names fewer texts (never written so) ends there.
        if (t >= texts.length) break;
        const id = base + k;
        if (id <= afterId) continue;
        const time = r.time + Number(repeat ? offset.slice(0, -1) : offset);
        out.push({ id, time, text: texts[t]! });
        if (out.length >= limit) return out;
      }
    }
    if (out.length >= limit) return out;
  }
  return out;
}
