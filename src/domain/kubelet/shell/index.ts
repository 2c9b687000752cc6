// The simulated shell inside a pod's container (issue 15): `runCommand` is what `kubectl exec pod
// -- argv...` runs, `openSession` the interactive shell of `kubectl exec -it pod -- sh`. Pure: the
// lab's state comes in through a ShellContext, output and effects (connections) go out.
import { processEnv } from './environment';
import { findProgram, toolboxOf } from './images';
import { newShell, runProgram } from './interpreter';
import { RUNTIME_NOT_FOUND_EXIT, runtimeNotFound } from './messages';
import { SHELL_LIMITS } from './parse';
import type { CommandResult, RunOptions, ShellContext } from './types';

export type * from './types';
export { openSession, isShellCommand } from './session';
export { SHELL_LIMITS } from './parse';
export { startErrorMessage } from './messages';
export { toolboxOf } from './images';

/**
 * Runs argv in the container as the runtime execs it: argv[0] must be a program of the image
 * (else runc's `executable file not found in $PATH`, exit 126, as kubectl reports it); a shell
 * given `-c` runs its script.
 */
export function runCommand(
  argv: readonly string[],
  ctx: ShellContext,
  options: RunOptions = {},
): CommandResult {
  const box = toolboxOf(ctx.container.image);
  const word = argv[0] ?? '';
  if (word === '' || findProgram(box, word) === undefined) {
    return {
      stdout: '',
      stderr: runtimeNotFound(word),
      exitCode: RUNTIME_NOT_FOUND_EXIT,
      effects: [],
      seconds: 0,
    };
  }
  const flavour = box.shell === 'dash' ? 'dash' : 'ash';
  const sh = newShell(
    ctx,
    box,
    processEnv(ctx, box),
    { flavour, name: 'sh', line: 1, dashC: true },
    options.tty ?? false,
  );
  const env = new Map(sh.vars);
  const r = runProgram(sh, [...argv], env, options.stdin ?? '', false);
  const seconds = sh.seconds + (r.seconds ?? 0);
  const cut = (text: string) => text.slice(0, SHELL_LIMITS.outputBytes);
  r.stdout = cut(r.stdout);
  r.stderr = cut(r.stderr);
  // A tty has one output stream: what went to stderr shows in it too.
  const stdout = options.tty ? r.stdout + r.stderr : r.stdout;
  const stderr = options.tty ? '' : r.stderr;
  return { stdout, stderr, exitCode: r.exitCode, effects: sh.effects, seconds };
}
