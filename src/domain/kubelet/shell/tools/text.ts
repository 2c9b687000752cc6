// The text tools a pipeline feeds: cat, echo, grep (fixed strings, ^ and $ anchors), head, tail,
// wc. BusyBox and GNU coreutils word their errors differently; both are modelled.
import { fail, ok, type Tool, type ToolIo, type ToolResult } from '../tool';

const busybox = (io: ToolIo) => io.box.shell !== 'dash';

/** The inputs named by `files` (or stdin): their text, and the errors of the ones missing. */
function inputs(
  tool: string,
  files: readonly string[],
  io: ToolIo,
): { text: string; errors: string } {
  if (files.length === 0) return { text: io.stdin, errors: '' };
  let text = '';
  let errors = '';
  for (const f of files) {
    if (f === '-') {
      text += io.stdin;
      continue;
    }
    const path = f.startsWith('/') ? f : `${io.cwd}/${f}`;
    const content = io.fs.read(path);
    if (content !== undefined) text += content;
    else if (io.fs.isDir(path))
      errors += busybox(io)
        ? `${tool}: read error: Is a directory\n`
        : `${tool}: ${f}: Is a directory\n`;
    else
      errors += busybox(io)
        ? `${tool}: can't open '${f}': No such file or directory\n`
        : `${tool}: ${f}: No such file or directory\n`;
  }
  return { text, errors };
}

const withErrors = (stdout: string, errors: string): ToolResult => ({
  stdout,
  stderr: errors,
  exitCode: errors ? 1 : 0,
});

export const cat: Tool = (args, io) => {
  const { text, errors } = inputs(
    'cat',
    args.filter((a) => a !== '-u'),
    io,
  );
  return withErrors(text, errors);
};

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', '\\': '\\', a: '\x07', r: '\r' };

function unescape(text: string): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c !== '\\' || next === undefined) out += c;
    else if (next === 'c') return { text: out, stop: true };
    else if (Object.hasOwn(ESCAPES, next)) {
      out += ESCAPES[next];
      i++;
    } else out += c;
  }
  return { text: out, stop: false };
}

export const echo: Tool = (args, io) => {
  let newline = true;
  let escapes = io.box.shell === 'dash';
  let i = 0;
  for (; i < args.length && /^-[neE]+$/.test(args[i]!); i++) {
    if (args[i]!.includes('n')) newline = false;
    if (args[i]!.includes('e')) escapes = true;
  }
  const joined = args.slice(i).join(' ');
  if (!escapes) return ok(newline ? `${joined}\n` : joined);
  const { text, stop } = unescape(joined);
  return ok(newline && !stop ? `${text}\n` : text);
};

function parseFlags(
  args: readonly string[],
  withValue: string,
): { flags: Set<string>; value?: string; rest: string[] } {
  const flags = new Set<string>();
  const rest: string[] = [];
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (/^-\d+$/.test(a)) value = a.slice(1);
    else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const f = a[j]!;
        if (withValue.includes(f)) {
          value = a.slice(j + 1) || args[++i];
          break;
        }
        flags.add(f);
      }
    } else rest.push(a);
  }
  return value === undefined ? { flags, rest } : { flags, value, rest };
}

function lines(text: string): string[] {
  const all = text.split('\n');
  if (all[all.length - 1] === '') all.pop();
  return all;
}

export const grep: Tool = (args, io) => {
  const { flags, rest } = parseFlags(args, 'e');
  const pattern = rest[0];
  if (pattern === undefined)
    return fail(
      busybox(io)
        ? 'Usage: grep [-HhnlLoqvsrRiwFE] PATTERN/-e PATTERN.../-f FILE [FILE]...\n'
        : "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
      2,
    );
  const { text, errors } = inputs('grep', rest.slice(1), io);
  const fold = (s: string) => (flags.has('i') ? s.toLowerCase() : s);
  const p = fold(pattern);
  const anchoredStart = p.startsWith('^');
  const anchoredEnd = p.endsWith('$') && p.length > 1;
  const needle = p.slice(anchoredStart ? 1 : 0, anchoredEnd ? -1 : undefined);
  const matches = (line: string) => {
    const l = fold(line);
    if (anchoredStart && anchoredEnd) return l === needle;
    if (anchoredStart) return l.startsWith(needle);
    if (anchoredEnd) return l.endsWith(needle);
    return l.includes(needle);
  };
  const found = lines(text).filter((l) => matches(l) !== flags.has('v'));
  const stdout = flags.has('q')
    ? ''
    : flags.has('c')
      ? `${found.length}\n`
      : found.map((l) => `${l}\n`).join('');
  return { stdout, stderr: errors, exitCode: errors ? 2 : found.length > 0 ? 0 : 1 };
};

function headTail(which: 'head' | 'tail'): Tool {
  return (args, io) => {
    const { value, rest } = parseFlags(args, 'n');
    const n = Number.parseInt(value ?? '10', 10);
    if (Number.isNaN(n)) return fail(`${which}: invalid number '${value ?? ''}'\n`);
    const { text, errors } = inputs(which, rest, io);
    const all = lines(text);
    const picked = which === 'head' ? all.slice(0, n) : all.slice(Math.max(all.length - n, 0));
    return withErrors(picked.map((l) => `${l}\n`).join(''), errors);
  };
}
export const head = headTail('head');
export const tail = headTail('tail');

export const wc: Tool = (args, io) => {
  const { flags, rest } = parseFlags(args, '');
  const { text, errors } = inputs('wc', rest, io);
  const counts = {
    l: (text.match(/\n/g) ?? []).length,
    w: text.split(/\s+/).filter((w) => w !== '').length,
    c: new TextEncoder().encode(text).length,
  };
  const picked = (['l', 'w', 'c'] as const).filter((f) => flags.size === 0 || flags.has(f));
  const cells = picked.map((f) => String(counts[f]));
  const out = picked.length === 1 ? cells[0]! : cells.map((c) => c.padStart(7)).join(' ');
  return withErrors(`${out}\n`, errors);
};
