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
  /** Set when an argument was written with `\$`: nginx keeps that backslash (see unescapeToken). */
  escapedDollar?: true;
}

/** Thrown for a configuration nginx would refuse to start with. */
export class NginxConfigError extends Error {}

interface Token {
  kind: 'word' | ';' | '{' | '}';
  text: string;
  line: number;
  escapedDollar?: true;
}

/**
 * Unescapes a token as ngx_conf_read_token does: `\"`, `\'`, `\\`, `\t`, `\r`, `\n`; every other
 * pair stays as written. So `return 200 "Hello! I am Pod: \$server_addr\n";` in a ConfigMap answers
 * `Hello! I am Pod: \10.244.1.5`: the `\$` of tutorials is for a shell heredoc, where it passes a
 * `$` through; in a YAML file the line must say `$server_addr` (see hasEscapedDollar).
 */
export function unescapeToken(raw: string): string {
  const simple: Record<string, string> = {
    '"': '"',
    "'": "'",
    '\\': '\\',
    t: '\t',
    r: '\r',
    n: '\n',
  };
  return raw.replace(/\\(.)/gs, (pair, ch: string) => simple[ch] ?? pair);
}

/** True when a raw token holds `\$` (not `\\$`): a backslash nginx will keep before a variable. */
export function hasEscapedDollar(raw: string): boolean {
  return /(^|[^\\])(\\\\)*\\\$/.test(raw);
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
      const token: Token = { kind: 'word', text: unescapeToken(raw), line };
      if (hasEscapedDollar(raw)) token.escapedDollar = true;
      tokens.push(token);
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
  if (rest.some((w) => w.escapedDollar)) d.escapedDollar = true;
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
