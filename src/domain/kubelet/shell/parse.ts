// The POSIX shell grammar the simulation understands: words with '…', "…" and \ quoting and $NAME,
// ${NAME}, $? expansion; pipelines joined by |; lists joined by ;, &&, || and newlines; # comments;
// redirections to /dev/null and 2>&1. Command substitution, globbing, here-documents, functions
// and control flow (if, for, while) are not simulated: they are refused with a clear message.

/** A piece of a word: literal text, or a parameter expanded when the command runs. */
export type WordPart = { text: string } | { param: string; quoted: boolean };
export type Word = WordPart[];

export interface Redirect {
  fd: 1 | 2;
  /** `>>`: append instead of truncating. */
  append?: boolean;
  /** `/dev/null`, another file, or `&1` / `&2` (duplicate a descriptor). */
  target: string;
}

export interface SimpleCommand {
  words: Word[];
  redirects: Redirect[];
}

export type Connector = ';' | '&&' | '||';

/** A pipeline and how it is joined to the one before it. */
export interface ListItem {
  connector: Connector;
  pipeline: SimpleCommand[];
}

export class ShellSyntaxError extends Error {
  constructor(readonly token: string) {
    super(token);
  }
}

/** Bounds on what one command line may be, so a hostile line costs little. */
export const SHELL_LIMITS = {
  lineChars: 8192,
  words: 1024,
  pipeline: 8,
  listItems: 64,
  outputBytes: 256 * 1024,
  connections: 16,
} as const;

type Token = { op: string } | { word: Word };

const OPERATORS = ['&&', '||', '2>&1', '>&2', '1>&2', '2>>', '2>', '>>', '>', ';', '|', '\n', '&'];
const PARAM = /^(\?|[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\}|\{\?\})/;

function readParam(line: string, at: number, quoted: boolean, out: Word): number {
  const m = PARAM.exec(line.slice(at + 1));
  if (m === null) {
    if (line[at + 1] === '(' || line[at + 1] === '{') throw new ShellSyntaxError('$(');
    out.push({ text: '$' });
    return at + 1;
  }
  out.push({ param: m[1]!.replace(/[{}]/g, ''), quoted });
  return at + 1 + m[1]!.length;
}

/** Splits a command line into words and operators. */
export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < line.length && line[i] !== '\n') i++;
      continue;
    }
    const op = OPERATORS.find((o) => line.startsWith(o, i));
    if (op !== undefined) {
      tokens.push({ op });
      i += op.length;
      continue;
    }
    if (c === '`' || c === '<' || c === '(' || c === ')') throw new ShellSyntaxError(c);
    const word: Word = [];
    i = readWord(line, i, word);
    tokens.push({ word });
    if (tokens.length > SHELL_LIMITS.words) throw new ShellSyntaxError('too many words');
  }
  return tokens;
}

function readWord(line: string, start: number, word: Word): number {
  let i = start;
  const lit = (text: string) => word.push({ text });
  while (i < line.length) {
    const c = line[i]!;
    if (' \t\r\n;&|<>()`'.includes(c)) break;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError('unterminated');
      lit(line.slice(i + 1, end));
      i = end + 1;
    } else if (c === '"') {
      i = readDoubleQuoted(line, i + 1, word);
    } else if (c === '\\') {
      if (i + 1 < line.length && line[i + 1] !== '\n') lit(line[i + 1]!);
      i += 2;
    } else if (c === '$') {
      i = readParam(line, i, false, word);
    } else {
      let j = i;
      while (j < line.length && !' \t\r\n;&|<>()`\'"\\$'.includes(line[j]!)) j++;
      lit(line.slice(i, j));
      i = j;
    }
  }
  // An empty quoted word ('' or "") is still a word.
  if (word.length === 0) word.push({ text: '' });
  return i;
}

function readDoubleQuoted(line: string, start: number, word: Word): number {
  let i = start;
  let text = '';
  const flush = () => {
    word.push({ text });
    text = '';
  };
  while (i < line.length && line[i] !== '"') {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length && '$`"\\\n'.includes(line[i + 1]!)) {
      if (line[i + 1] !== '\n') text += line[i + 1];
      i += 2;
    } else if (c === '$') {
      flush();
      i = readParam(line, i, true, word);
    } else if (c === '`') {
      throw new ShellSyntaxError('`');
    } else {
      text += c;
      i++;
    }
  }
  if (i >= line.length) throw new ShellSyntaxError('unterminated');
  flush();
  return i + 1;
}

const REDIRECT_OPS: Record<string, { fd: 1 | 2; target?: string }> = {
  '>': { fd: 1 },
  '>>': { fd: 1 },
  '2>': { fd: 2 },
  '2>>': { fd: 2 },
  '2>&1': { fd: 2, target: '&1' },
  '>&2': { fd: 1, target: '&2' },
  '1>&2': { fd: 1, target: '&2' },
};

function literal(word: Word): string {
  return word.map((p) => ('text' in p ? p.text : `$${p.param}`)).join('');
}

/** Parses a command line into a list of pipelines. An empty line is an empty list. */
export function parseLine(line: string): ListItem[] {
  const tokens = tokenize(line);
  const items: ListItem[] = [];
  let connector: Connector = ';';
  let pipeline: SimpleCommand[] = [];
  let command: SimpleCommand = { words: [], redirects: [] };
  const endCommand = (op: string) => {
    if (command.words.length === 0) throw new ShellSyntaxError(op);
    pipeline.push(command);
    if (pipeline.length > SHELL_LIMITS.pipeline) throw new ShellSyntaxError('pipeline too long');
    command = { words: [], redirects: [] };
  };
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]!;
    if ('word' in token) {
      command.words.push(token.word);
      continue;
    }
    const redirect = Object.hasOwn(REDIRECT_OPS, token.op) ? REDIRECT_OPS[token.op] : undefined;
    if (redirect !== undefined) {
      if (redirect.target !== undefined) {
        command.redirects.push({ fd: redirect.fd, target: redirect.target });
        continue;
      }
      const next = tokens[++t];
      if (next === undefined || !('word' in next)) throw new ShellSyntaxError(token.op);
      const append = token.op.endsWith('>>');
      command.redirects.push({
        fd: redirect.fd,
        target: literal(next.word),
        ...(append ? { append } : {}),
      });
      continue;
    }
    if (token.op === '&') throw new ShellSyntaxError('&');
    if (token.op === '|') {
      endCommand('|');
      continue;
    }
    // ; && || and newlines end a pipeline; a bare newline or ; after nothing is allowed.
    if (command.words.length === 0 && pipeline.length === 0) {
      if (token.op === ';' || token.op === '\n') {
        if (token.op === ';') throw new ShellSyntaxError(';');
        continue;
      }
      throw new ShellSyntaxError(token.op);
    }
    endCommand(token.op);
    items.push({ connector, pipeline });
    if (items.length > SHELL_LIMITS.listItems) throw new ShellSyntaxError('list too long');
    pipeline = [];
    connector = token.op === '\n' ? ';' : (token.op as Connector);
  }
  if (command.words.length > 0 || pipeline.length > 0) {
    endCommand(connector);
    items.push({ connector, pipeline });
  } else if (connector !== ';') {
    throw new ShellSyntaxError('end of file');
  }
  return items;
}
