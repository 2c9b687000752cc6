// How long a container's command runs, read from the command line before it runs: the sum of its
// `sleep`s (whichever branch of && / || they sit in), forever for `sleep infinity`, `tail -f`, a
// `while true` loop, or a shell reading a stdin the pod keeps open (`stdin: true`, kubectl run -it).
// The time curl spends waiting on a dead connection is not counted.
import { findProgram, type Toolbox } from './images';
import { parseLine, SHELL_LIMITS, ShellSyntaxError, type Word } from './parse';

const SHELLS = new Set(['sh', 'ash', 'dash', 'bash']);
const MAX_DEPTH = 4;

const literal = (w: Word) => w.map((p) => ('text' in p ? p.text : '')).join('');

function sleepSeconds(arg: string | undefined): number {
  if (arg === 'infinity' || arg === 'inf') return Infinity;
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg ?? '');
  if (!m) return 0;
  return (
    Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd']
  );
}

function scriptSeconds(script: string, box: Toolbox, depth: number): number {
  // A line past the bound is refused when it runs; it has nothing to plan.
  if (script.length > SHELL_LIMITS.lineChars) return 0;
  if (/(^|[;&|\n]\s*)(while|until)\s/.test(script)) return Infinity;
  let items;
  try {
    items = parseLine(script);
  } catch (e) {
    if (e instanceof ShellSyntaxError) return 0;
    throw e;
  }
  let total = 0;
  for (const item of items)
    for (const cmd of item.pipeline)
      total += argvSeconds(cmd.words.map(literal), box, false, depth + 1);
  return total;
}

function argvSeconds(argv: string[], box: Toolbox, stdinOpen: boolean, depth: number): number {
  if (depth > MAX_DEPTH) return 0;
  const program = findProgram(box, argv[0] ?? '');
  if (program === 'sleep') return sleepSeconds(argv[1]);
  if (program === 'tail' && argv.includes('-f')) return Infinity;
  if (program !== undefined && SHELLS.has(program)) {
    const c = argv.indexOf('-c');
    if (c >= 0) return scriptSeconds(argv[c + 1] ?? '', box, depth);
    return stdinOpen && argv.length === 1 ? Infinity : 0;
  }
  return 0;
}

/** Seconds `argv` runs as a container's main process; Infinity when it never ends by itself. */
export function plannedSeconds(argv: readonly string[], box: Toolbox, stdinOpen: boolean): number {
  return argvSeconds([...argv], box, stdinOpen, 0);
}
