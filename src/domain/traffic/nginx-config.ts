// Reads nginx configuration text into a directive tree, following ngx_conf_read_token: words,
// quoted strings, `;`, `{ }`, `#` comments, backslash escapes. Errors read like nginx's `[emerg]`
// lines, because a bad config keeps nginx down.

/** One directive: `name args...;` or `name args... { block }`. */
export interface Directive {
  name: string;
  args: string[];
  block?: Directive[];
  file: string;
  line: number;
}

/** Thrown for a configuration nginx would refuse to start with. */
export class NginxConfigError extends Error {}

interface Token {
  kind: 'word' | ';' | '{' | '}';
  text: string;
  line: number;
}

/**
 * Unescapes a token as nginx does (`\"`, `\'`, `\\`, `\t`, `\r`, `\n`; other pairs stay as
 * written), with one deliberate deviation: `\$` becomes `$`. Real nginx keeps the backslash, so a
 * ConfigMap holding `return 200 "Hello! I am Pod: \$server_addr\n";` would answer
 * `Hello! I am Pod: \10.244.1.5`. Tutorials write that line inside a shell heredoc, where `\$` is
 * how you pass a `$` through; the lab reads the YAML as the author meant it, so the echo tutorial
 * answers `Hello! I am Pod: 10.244.1.5` followed by a newline.
 */
export function unescapeToken(raw: string): string {
  const simple: Record<string, string> = {
    '"': '"',
    "'": "'",
    '\\': '\\',
    t: '\t',
    r: '\r',
    n: '\n',
    $: '$',
  };
  return raw.replace(/\\(.)/gs, (pair, ch: string) => simple[ch] ?? pair);
}

function readQuoted(
  text: string,
  start: number,
  quote: string,
  line: number,
  file: string,
): number {
  let i = start + 1;
  while (i < text.length && text[i] !== quote) i += text[i] === '\\' ? 2 : 1;
  if (i >= text.length)
    throw new NginxConfigError(`unexpected end of file, expecting ";" or "}" in ${file}:${line}`);
  return i + 1;
}

function readWord(text: string, start: number): number {
  let i = start;
  let braces = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '\\') {
      i += 2;
    } else if (ch === '$' && text[i + 1] === '{') {
      braces += 1;
      i += 2;
    } else if (ch === '}' && braces > 0) {
      braces -= 1;
      i += 1;
    } else if (/[\s;{}]/.test(ch)) {
      break;
    } else {
      i += 1;
    }
  }
  return i;
}

function skipComment(text: string, start: number): number {
  const end = text.indexOf('\n', start);
  return end < 0 ? text.length : end;
}

/** Splits configuration text into tokens; quotes are removed and escapes resolved. */
export function tokenize(text: string, file: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '#') {
      i = skipComment(text, i);
    } else if (/\s/.test(ch)) {
      if (ch === '\n') line += 1;
      i += 1;
    } else if (ch === ';' || ch === '{' || ch === '}') {
      tokens.push({ kind: ch, text: ch, line });
      i += 1;
    } else {
      const quoted = ch === '"' || ch === "'";
      const end = quoted ? readQuoted(text, i, ch, line, file) : readWord(text, i);
      const raw = quoted ? text.slice(i + 1, end - 1) : text.slice(i, end);
      tokens.push({ kind: 'word', text: unescapeToken(raw), line });
      line += (text.slice(i, end).match(/\n/g) ?? []).length;
      i = end;
    }
  }
  return tokens;
}

interface Cursor {
  tokens: Token[];
  i: number;
  file: string;
}

function unexpectedEnd(c: Cursor, expecting: string): NginxConfigError {
  const line = c.tokens.at(-1)?.line ?? 1;
  return new NginxConfigError(
    `unexpected end of file, expecting ${expecting} in ${c.file}:${line}`,
  );
}

/** Turns the words before `;` or `{` into a directive, reading the block when there is one. */
function directive(c: Cursor, words: Token[], end: Token): Directive {
  const [head, ...rest] = words;
  if (head === undefined)
    throw new NginxConfigError(`unexpected "${end.kind}" in ${c.file}:${end.line}`);
  const d: Directive = {
    name: head.text,
    args: rest.map((w) => w.text),
    file: c.file,
    line: head.line,
  };
  if (end.kind === '{') {
    c.i += 1;
    d.block = parseBlock(c, true);
  }
  return d;
}

function parseBlock(c: Cursor, nested: boolean): Directive[] {
  const out: Directive[] = [];
  let words: Token[] = [];
  for (; c.i < c.tokens.length; c.i++) {
    const t = c.tokens[c.i] as Token;
    if (t.kind === 'word') {
      words.push(t);
    } else if (t.kind === '}') {
      if (!nested || words.length > 0)
        throw new NginxConfigError(`unexpected "}" in ${c.file}:${t.line}`);
      return out;
    } else {
      out.push(directive(c, words, t));
      words = [];
    }
  }
  if (words.length > 0) throw unexpectedEnd(c, '";" or "}"');
  if (nested) throw unexpectedEnd(c, '"}"');
  return out;
}

/** Parses one file's text into directives (includes left as written). */
export function parseConfigText(text: string, file: string): Directive[] {
  return parseBlock({ tokens: tokenize(text, file), i: 0, file }, false);
}
