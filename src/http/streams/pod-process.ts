// A command in a container as the channel protocol drives it, over the simulated shell as the
// cluster adapter offers it (ContainerShell). `kubectl exec pod -- argv` runs argv to its end;
// with `-i` an interactive shell (`sh`, `bash`) reads the client's keystrokes or lines as they
// come, and any other program reads the whole of stdin first (kubectl sends the v5 close signal
// at its EOF). Chunks are handled one at a time, in order, each awaited: a command may route a
// request through the lab (curl) and record its hit.
import type { ProcessOutput, RemoteProcess, StreamOptions } from './remote-command';
import type { PodProcessRequest, StartPodProcess } from './remote-command-route';

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
  /** The container's own process (command and args, else the image's default). */
  mainArgv(): readonly string[];
  /** Whether the container keeps stdin open for attach (`stdin: true`) and closes it after one (`stdinOnce`). */
  stdin(): { open: boolean; once: boolean };
  /** The container's own process ended with `code` (the kubelet then sets the pod's status). */
  mainExited(code: number): Promise<void>;
}

/** The container shell of a request's pod and container (the cluster adapter). */
export type ShellFor = (request: PodProcessRequest) => ContainerShell;

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

interface Interactive {
  /** exec shows the new shell's prompt; attach joins a shell that showed it before. */
  banner: boolean;
  /** attach: the container's own shell ended (exit, or stdin closed with stdinOnce). */
  exited?: (code: number) => Promise<void>;
  /** attach: a hang-up closes the container's stdin (stdinOnce), which ends its shell. */
  hangupEnds?: boolean;
}

function interactive(
  shell: ContainerShell,
  argv: readonly string[],
  options: StreamOptions,
  output: ProcessOutput,
  fail: (e: unknown) => void,
  how: Interactive = { banner: true },
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
      if (out.exitCode === undefined) return emit(output, out);
      ended = true;
      await how.exited?.(out.exitCode);
      // attach ends with Success: the exit code is the pod's status, not the stream's.
      emit(output, how.exited ? { ...out, exitCode: 0 } : out);
    });
    queue = queue.catch((e: unknown) => {
      ended = true;
      fail(e);
    });
  };
  if (how.banner) output.stdout(session.banner);
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
      if (ended) return;
      if (how.hangupEnds) {
        step(() => session.close(), 0);
        queue = queue.then(() => {
          ended = true;
        });
      } else ended = true;
    },
  };
}

/**
 * `kubectl attach` (and `kubectl run -it`): joins the container's own process. A shell with
 * `stdin: true` reads the client's input; anything else (a server, a shell without stdin) keeps
 * the stream open with nothing to say until the client detaches.
 */
export function attachProcess(
  shell: ContainerShell,
  options: StreamOptions,
  output: ProcessOutput,
): RemoteProcess {
  const argv = shell.mainArgv();
  const stdin = shell.stdin();
  if (!options.stdin || !stdin.open || !shell.isShell(argv)) return IDLE;
  const exited = (code: number) => shell.mainExited(code);
  return interactive(shell, argv, options, output, failed(output), {
    banner: false,
    exited,
    hangupEnds: stdin.once,
  });
}

export const execIn =
  (shellFor: ShellFor): StartPodProcess =>
  (request, output) =>
    startProcess(shellFor(request), request.argv, request.options, output);

export const attachTo =
  (shellFor: ShellFor): StartPodProcess =>
  (request, output) =>
    attachProcess(shellFor(request), request.options, output);
