// The shell's builtins: what `sh` does itself rather than exec (exit, cd, pwd, export, unset,
// true, false, :). Exec'd without a shell they do not exist (the runtime finds no such program).
import type { ShellState } from './shell-state';
import type { ToolResult } from './tool';

export const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

export const BUILTINS: Record<
  string,
  (args: string[], sh: ShellState, stdin: string) => ToolResult
> = {
  exit(args, sh) {
    const code = args[0] === undefined ? sh.status : Number.parseInt(args[0], 10);
    sh.exited = Number.isNaN(code) ? 2 : ((code % 256) + 256) % 256;
    return { stdout: '', stderr: '', exitCode: sh.exited };
  },
  true: () => ({ stdout: '', stderr: '', exitCode: 0 }),
  false: () => ({ stdout: '', stderr: '', exitCode: 1 }),
  ':': () => ({ stdout: '', stderr: '', exitCode: 0 }),
  pwd: (_args, sh) => ({ stdout: `${sh.cwd}\n`, stderr: '', exitCode: 0 }),
  cd(args, sh) {
    const target = args[0] ?? sh.vars.get('HOME') ?? '/';
    const path = target.startsWith('/') ? target : `${sh.cwd}/${target}`;
    if (!sh.fs.isDir(path)) {
      const msg =
        sh.voice.flavour === 'dash'
          ? `${sh.voice.name}: ${sh.voice.line}: cd: can't cd to ${target}\n`
          : sh.voice.flavour === 'bash'
            ? `bash: cd: ${target}: No such file or directory\n`
            : `${sh.voice.name}: cd: can't cd to ${target}: No such file or directory\n`;
      return { stdout: '', stderr: msg, exitCode: sh.voice.flavour === 'dash' ? 2 : 1 };
    }
    sh.cwd = normalizeDir(path);
    return { stdout: '', stderr: '', exitCode: 0 };
  },
  export(args, sh) {
    for (const a of args) {
      const m = ASSIGNMENT.exec(a);
      if (m) sh.vars.set(m[1]!, m[2]!);
    }
    return { stdout: '', stderr: '', exitCode: 0 };
  },
  unset(args, sh) {
    for (const a of args) sh.vars.delete(a);
    return { stdout: '', stderr: '', exitCode: 0 };
  },
};

function normalizeDir(path: string): string {
  const parts: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '' && seg !== '.') parts.push(seg);
  }
  return `/${parts.join('/')}`;
}
