// A command in a container as the channel protocol drives it, over the simulated shell as the
// cluster adapter offers it (ContainerShell). `kubectl exec pod -- argv` runs argv to its end;
// with `-i` an interactive shell (`sh`, `bash`) reads the client's keystrokes or lines as they
// come, and any other program reads the whole of stdin first (kubectl sends the v5 close signal
// at its EOF). Chunks are handled one at a time, in order, each awaited: a command may route a
// request through the lab (curl) and record its hit.
import type { ProcessOutput, RemoteProcess, StreamOptions } from './remote-command';

/** What one run or one chunk of input produced. */
export interface ShellOutput {
  stdout: string;
  stderr: string;
  /** Set once the process ended. */
  exitCode?: number;
  /** Simulated seconds (sleeps); Infinity when it never ends by itself (`sleep infinity`). */
  seconds?: number;
}

/** An interactive shell in the container. */
export interface InteractiveShell {
  /** The prompt before the first input ('' without a tty). */
  readonly banner: string;
  input(text: string): Promise<ShellOutput>;
  /** stdin ended: the shell exits with its last status. */
  close(): Promise<ShellOutput>;
}

/** The container's side (src/cluster/pod-exec.ts binds it to a lab's pod). */
export interface ContainerShell {
  /** Whether argv starts an interactive shell the image has. */
  isShell(argv: readonly string[]): boolean;
  run(argv: readonly string[], options: { tty: boolean; stdin: string }): Promise<ShellOutput>;
  open(argv: readonly string[], options: { tty: boolean }): InteractiveShell;
}

/** The most stdin a non-interactive command is given (a piped file, not a disk image). */
export const MAX_STDIN_BYTES = 1024 * 1024;

const IDLE: RemoteProcess = { input() {}, endInput() {}, resize() {}, hangup() {} };

/** Writes `out`; ends the stream when the process ended. */
function emit(output: ProcessOutput, out: ShellOutput): void {
  output.stdout(out.stdout);
  output.stderr(out.stderr);
  // A process that never ends by itself keeps the stream until the client hangs up (^C).
  if (out.exitCode !== undefined && out.seconds !== Infinity) output.exit(out.exitCode);
}

function failed(output: ProcessOutput) {
  return (e: unknown) => {
    console.error(e);
    output.fail(`Internal error occurred: ${(e as Error)?.message ?? String(e)}`);
  };
}

/** Starts argv in the container behind `shell`, wired to the protocol's `output`. */
export function startProcess(
  shell: ContainerShell,
  argv: readonly string[],
  options: StreamOptions,
  output: ProcessOutput,
): RemoteProcess {
  const fail = failed(output);
  if (options.stdin && shell.isShell(argv)) return interactive(shell, argv, options, output, fail);
  // Without a tty, stdin is a pipe: read to its end first. A terminal never ends by itself.
  if (!options.stdin || options.tty) {
    shell.run(argv, { tty: options.tty, stdin: '' }).then((out) => emit(output, out), fail);
    return IDLE;
  }
  const decoder = new TextDecoder();
  let stdin = '';
  let bytes = 0;
  let started = false;
  return {
    input(data) {
      if (started || bytes + data.byteLength > MAX_STDIN_BYTES) return;
      bytes += data.byteLength;
      stdin += decoder.decode(data, { stream: true });
    },
    endInput() {
      if (started) return;
      started = true;
      stdin += decoder.decode();
      shell.run(argv, { tty: false, stdin }).then((out) => emit(output, out), fail);
    },
    resize() {},
    hangup() {
      started = true;
    },
  };
}

function interactive(
  shell: ContainerShell,
  argv: readonly string[],
  options: StreamOptions,
  output: ProcessOutput,
  fail: (e: unknown) => void,
): RemoteProcess {
  const session = shell.open(argv, { tty: options.tty });
  const decoder = new TextDecoder();
  let queue: Promise<void> = Promise.resolve();
  let pending = 0;
  let ended = false;
  const step = (next: () => Promise<ShellOutput>, size: number) => {
    if (ended || pending + size > MAX_STDIN_BYTES) return;
    pending += size;
    queue = queue.then(async () => {
      pending -= size;
      if (ended) return;
      const out = await next();
      if (out.exitCode !== undefined) ended = true;
      emit(output, out);
    });
    queue = queue.catch((e: unknown) => {
      ended = true;
      fail(e);
    });
  };
  output.stdout(session.banner);
  return {
    input(data) {
      const text = decoder.decode(data, { stream: true });
      step(() => session.input(text), data.byteLength);
    },
    endInput() {
      step(() => session.close(), 0);
    },
    resize() {},
    hangup() {
      ended = true;
    },
  };
}
