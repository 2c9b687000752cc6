// Runs parsed command lines: parameter expansion, assignments, builtins, pipelines (each command's
// stdout is the next one's stdin), && / || / ; lists, redirections, and the image's programs.
import { ASSIGNMENT, BUILTINS } from './builtins';
import { containerFs } from './container-fs';
import type { ShellState } from './shell-state';
import type { Toolbox } from './images';
import { findProgram } from './images';
import { notFound, syntaxError, type ShellVoice } from './messages';
import { parseLine, ShellSyntaxError, SHELL_LIMITS, type SimpleCommand, type Word } from './parse';
import type { Tool, ToolIo, ToolResult } from './tool';
import { TOOLS } from './tools/index';
import type { ShellContext } from './types';

export type { ShellState };

export interface LineOutput {
  stdout: string;
  stderr: string;
}

/** A fresh shell in `ctx`'s container, with the process environment `env`. */
export function newShell(
  ctx: ShellContext,
  box: Toolbox,
  env: readonly (readonly [string, string])[],
  voice: ShellVoice,
  tty = false,
): ShellState {
  return {
    ctx,
    box,
    fs: containerFs(ctx, SHELL_LIMITS.outputBytes),
    voice,
    vars: new Map(env),
    cwd: box.user === 'root' ? '/' : box.home,
    status: 0,
    effects: [],
    seconds: 0,
    outputBytes: 0,
    tty,
  };
}

function expand(word: Word, sh: ShellState): string[] {
  if (word.length === 1 && 'param' in word[0]! && !word[0].quoted) {
    const value = paramValue(word[0].param, sh);
    return value.split(/[ \t\n]+/).filter((w) => w !== '');
  }
  return [word.map((p) => ('text' in p ? p.text : paramValue(p.param, sh))).join('')];
}

function paramValue(name: string, sh: ShellState): string {
  if (name === '?') return String(sh.status);
  return sh.vars.get(name) ?? '';
}

const SHELLS = new Set(['sh', 'ash', 'dash', 'bash']);

/** Runs `sh -c script` (or bash -c) as a child of `sh`: its own voice, the same environment. */
export function runChildShell(
  sh: ShellState,
  name: string,
  script: string,
  env: ReadonlyMap<string, string>,
): ToolResult {
  const flavour = name === 'bash' ? 'bash' : sh.box.shell === 'dash' ? 'dash' : 'ash';
  const child: ShellState = {
    ...sh,
    voice: { flavour, name, line: 1, dashC: true },
    vars: new Map(env),
    status: 0,
    effects: sh.effects,
  };
  delete child.exited;
  const out = runLine(child, script);
  sh.seconds = child.seconds;
  sh.outputBytes = child.outputBytes;
  return { ...out, exitCode: child.exited ?? child.status };
}

/**
 * Runs argv[0] as the shell would (builtins first) or, with `builtins` false, as the container
 * runtime execs it (only programs on the image's $PATH).
 */
export function runProgram(
  sh: ShellState,
  argv: string[],
  env: Map<string, string>,
  stdin: string,
  builtins = true,
): ToolResult {
  const word = argv[0]!;
  if (builtins && Object.hasOwn(BUILTINS, word)) return BUILTINS[word]!(argv.slice(1), sh, stdin);
  const program = findProgram(sh.box, word);
  if (program === undefined) return { stdout: '', stderr: notFound(sh.voice, word), exitCode: 127 };
  if (SHELLS.has(program)) return shellProgram(sh, program, argv.slice(1), env, stdin);
  const tool: Tool | undefined = Object.hasOwn(TOOLS, program) ? TOOLS[program] : undefined;
  if (tool === undefined) {
    return {
      stdout: '',
      stderr: `${program}: running ${program} is not simulated by NodePort Lab\n`,
      exitCode: 126,
    };
  }
  const io: ToolIo = {
    ctx: sh.ctx,
    box: sh.box,
    env,
    stdin,
    fs: sh.fs,
    cwd: sh.cwd,
    tty: sh.tty,
    connect: (request) => {
      const used = sh.effects.filter((e) => e.kind === 'connection').length;
      if (used >= SHELL_LIMITS.connections) return undefined;
      const decision = sh.ctx.connect(request);
      sh.effects.push({ kind: 'connection', decision });
      return decision;
    },
  };
  return tool(argv.slice(1), io);
}

/** `sh -c '...'` runs a script; `sh` with stdin runs what it reads; `sh` alone reads nothing. */
function shellProgram(
  sh: ShellState,
  name: string,
  args: string[],
  env: Map<string, string>,
  stdin: string,
): ToolResult {
  if (args[0] === '-c') {
    if (args[1] === undefined)
      return { stdout: '', stderr: `${name}: -c: option requires an argument\n`, exitCode: 2 };
    return runChildShell(sh, name, args[1], env);
  }
  if (args.length > 0 && !args[0]!.startsWith('-')) {
    const script = sh.fs.read(args[0]!);
    if (script === undefined)
      return {
        stdout: '',
        stderr: `${name}: can't open '${args[0]}': No such file or directory\n`,
        exitCode: 2,
      };
    return runChildShell(sh, name, script, env);
  }
  return runChildShell(sh, name, stdin, env);
}

function runCommand(sh: ShellState, cmd: SimpleCommand, stdin: string): ToolResult {
  const words = cmd.words.flatMap((w) => expand(w, sh));
  const env = new Map(sh.vars);
  let i = 0;
  for (; i < words.length; i++) {
    const m = ASSIGNMENT.exec(words[i]!);
    if (!m) break;
    env.set(m[1]!, m[2]!);
  }
  if (i === words.length) {
    // Only assignments: they set shell variables.
    for (const [k, v] of env) sh.vars.set(k, v);
    return { stdout: '', stderr: '', exitCode: 0 };
  }
  const result = runProgram(sh, words.slice(i), env, stdin);
  if (result.seconds !== undefined) sh.seconds += result.seconds;
  return redirect(sh, cmd, result);
}

function redirect(sh: ShellState, cmd: SimpleCommand, r: ToolResult): ToolResult {
  let { stdout, stderr } = r;
  for (const { fd, target, append = false } of cmd.redirects) {
    if (fd === 2 && target === '&1') {
      stdout += stderr;
      stderr = '';
    } else if (fd === 1 && target === '&2') {
      stderr += stdout;
      stdout = '';
    } else if (fd === 1) {
      sh.fs.write(target, stdout, append);
      stdout = '';
    } else {
      sh.fs.write(target, stderr, append);
      stderr = '';
    }
  }
  return { ...r, stdout, stderr };
}

/** Runs one command line; `sh.status` is left at the last pipeline's status. */
export function runLine(sh: ShellState, line: string, stdin = ''): LineOutput {
  const out: LineOutput = { stdout: '', stderr: '' };
  if (line.length > SHELL_LIMITS.lineChars) {
    out.stderr = `${sh.voice.name}: command line too long (NodePort Lab's bound is ${SHELL_LIMITS.lineChars} characters)\n`;
    sh.status = 2;
    return out;
  }
  let items;
  try {
    items = parseLine(line);
  } catch (e) {
    if (!(e instanceof ShellSyntaxError)) throw e;
    out.stderr = syntaxError(sh.voice, e.token);
    sh.status = 2;
    return out;
  }
  for (const item of items) {
    if (sh.exited !== undefined || sh.seconds === Infinity) break;
    if (item.connector === '&&' && sh.status !== 0) continue;
    if (item.connector === '||' && sh.status === 0) continue;
    let input = stdin;
    for (const [index, cmd] of item.pipeline.entries()) {
      const r = runCommand(sh, cmd, input);
      const last = index === item.pipeline.length - 1;
      out.stderr += r.stderr;
      if (last) out.stdout += r.stdout;
      input = r.stdout;
      if (last) sh.status = r.exitCode;
    }
    sh.outputBytes = out.stdout.length + out.stderr.length;
    if (sh.outputBytes > SHELL_LIMITS.outputBytes) {
      out.stdout = out.stdout.slice(0, SHELL_LIMITS.outputBytes);
      out.stderr += `${sh.voice.name}: output cut at ${SHELL_LIMITS.outputBytes} bytes (NodePort Lab's bound)\n`;
      break;
    }
  }
  return out;
}
