// An interactive shell: the bytes a terminal sends in, what the terminal shows out. With a tty the
// pty echoes keystrokes, turns Enter (\r) into a line, handles backspace, ^C and ^D, writes \r\n,
// and the shell prints its prompt (ash `/ # `, dash `# `, bash `root@pod:/# `); without one the
// shell reads lines from stdin and prints no prompt. `exit N` or EOF ends it.
import { processEnv } from './environment';
import { findProgram, toolboxOf } from './images';
import { newShell, runLine, type ShellState } from './interpreter';
import type { ShellVoice } from './messages';
import { SHELL_LIMITS } from './parse';
import type { SessionOutput, ShellContext, ShellEffect, ShellSession } from './types';

const SHELL_NAMES = new Set(['sh', 'ash', 'bash', 'dash']);

/** Whether argv starts an interactive shell the image has (`sh`, `/bin/bash -l`, `ash -i`). */
export function isShellCommand(argv: readonly string[], ctx: ShellContext): boolean {
  const program = findProgram(toolboxOf(ctx.container.image), argv[0] ?? '');
  return (
    program !== undefined &&
    SHELL_NAMES.has(program) &&
    argv.slice(1).every((a) => /^-[il]+$/.test(a))
  );
}

function voiceOf(program: string, dash: boolean): ShellVoice {
  if (program === 'bash') return { flavour: 'bash', name: 'bash', line: 1, dashC: false };
  return {
    flavour: dash ? 'dash' : 'ash',
    name: program === 'ash' ? 'ash' : 'sh',
    line: 1,
    dashC: false,
  };
}

function prompt(sh: ShellState): string {
  const root = sh.box.user === 'root';
  const dir = sh.cwd === sh.box.home ? '~' : sh.cwd;
  if (sh.voice.flavour === 'bash')
    return `${sh.box.user}@${sh.ctx.pod.metadata.name ?? ''}:${dir}${root ? '#' : '$'} `;
  if (sh.voice.flavour === 'dash') return root ? '# ' : '$ ';
  return `${dir} ${root ? '#' : '$'} `;
}

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

class Session implements ShellSession {
  private buffer = '';
  private effects: ShellEffect[] = [];
  ended = false;
  readonly banner: string;

  constructor(
    private readonly sh: ShellState,
    private readonly tty: boolean,
  ) {
    this.banner = tty ? prompt(sh) : '';
  }

  input(text: string): SessionOutput {
    const out = { output: '', stderr: '' };
    for (const c of text) {
      if (this.ended) break;
      if (this.tty) this.key(c, out);
      else if (c === '\n') this.line(out);
      else if (this.buffer.length < SHELL_LIMITS.lineChars + 1) this.buffer += c;
    }
    return this.result(out);
  }

  close(): SessionOutput {
    const out = { output: '', stderr: '' };
    if (!this.ended) {
      if (!this.tty && this.buffer !== '') this.line(out);
      if (!this.ended) this.finish(out, this.sh.status);
    }
    return this.result(out);
  }

  private key(c: string, out: { output: string; stderr: string }): void {
    if (c === '\r' || c === '\n') {
      out.output += '\r\n';
      this.line(out);
      if (!this.ended) out.output += prompt(this.sh);
    } else if (c === '\x7f' || c === '\b') {
      if (this.buffer === '') return;
      this.buffer = this.buffer.slice(0, -1);
      out.output += '\b \b';
    } else if (c === '\x03') {
      this.buffer = '';
      out.output += `^C\r\n${prompt(this.sh)}`;
    } else if (c === '\x04') {
      if (this.buffer === '') this.finish(out, this.sh.status);
    } else if (c >= ' ' && this.buffer.length < SHELL_LIMITS.lineChars + 1) {
      this.buffer += c;
      out.output += c;
    }
  }

  private line(out: { output: string; stderr: string }): void {
    const line = this.buffer;
    this.buffer = '';
    const r = runLine(this.sh, line);
    this.sh.voice.line++;
    this.effects.push(...this.sh.effects.splice(0));
    if (this.tty) out.output += crlf(r.stdout + r.stderr);
    else {
      out.output += r.stdout;
      out.stderr += r.stderr;
    }
    if (this.sh.exited !== undefined) this.finish(out, this.sh.exited);
  }

  private finish(out: { output: string }, code: number): void {
    if (this.tty && this.sh.voice.flavour === 'bash') out.output += 'exit\r\n';
    this.ended = true;
    this.sh.exited = code;
  }

  private result(out: { output: string; stderr: string }): SessionOutput {
    const effects = this.effects;
    this.effects = [];
    const base = { output: out.output, stderr: out.stderr, effects };
    return this.ended ? { ...base, exitCode: this.sh.exited ?? 0 } : base;
  }
}

/**
 * Opens the image's shell (`shell`: argv[0] as given, `sh` by default) in `ctx`'s container; the
 * caller checks isShellCommand first (an image without it fails as runCommand says).
 */
export function openSession(
  ctx: ShellContext,
  opts: { tty: boolean; shell?: string },
): ShellSession {
  const box = toolboxOf(ctx.container.image);
  const program = findProgram(box, opts.shell ?? 'sh') ?? 'sh';
  const sh = newShell(
    ctx,
    box,
    processEnv(ctx, box),
    voiceOf(program, box.shell === 'dash'),
    opts.tty,
  );
  return new Session(sh, opts.tty);
}
