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

/** The container's side (bound to a lab's pod by lab-container-shell.ts). */
export interface ContainerShell {
  run(argv: readonly string[], options: { tty: boolean; stdin: string }): Promise<ShellOutput>;
  /** Opens argv as an interactive shell; undefined when argv is no shell the image has. */
  open(argv: readonly string[], options: { tty: boolean }): Promise<InteractiveShell | undefined>;
  /** The container's own process (command and args, else the image's default). */
  mainArgv(): readonly string[];
  /** Whether the container keeps stdin open for attach (`stdin`), closed after one (`stdinOnce`). */
  stdin(): { open: boolean; once: boolean };
  /** The container's own process ended with `code` (the kubelet then sets the pod's status). */
  mainExited(code: number): Promise<void>;
  /**
   * What the container's own process wrote since `cursor` (undefined: since now), and whether its
   * run has ended (then every line it wrote has been answered).
   */
  outputSince(
    cursor: number | undefined,
  ): Promise<{ text: string; cursor: number; ended: boolean }>;
}

/** The container shell of a request's pod and container. */
export type ShellFor = (request: PodProcessRequest) => ContainerShell;

/** The most stdin a non-interactive command is given (a piped file, not a disk image). */
export const MAX_STDIN_BYTES = 1024 * 1024;
/** How often an attach polls the container's output (the lab's log store) while it runs. */
export const ATTACH_POLL_MS = 500;
/** Calls queued while a shell opens (keystrokes typed before the first prompt). */
const MAX_EARLY_CALLS = 1024;

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

/** Calls made before `start` settles wait for it (a bounded few), then go to its process. */
function deferred(start: Promise<RemoteProcess>, fail: (e: unknown) => void): RemoteProcess {
  let target: RemoteProcess | undefined;
  const early: ((p: RemoteProcess) => void)[] = [];
  start.then((p) => {
    target = p;
    for (const call of early.splice(0)) call(p);
  }, fail);
  const call = (f: (p: RemoteProcess) => void) => {
    if (target) f(target);
    else if (early.length < MAX_EARLY_CALLS) early.push(f);
  };
  return {
    input: (data) => call((p) => p.input(data)),
    endInput: () => call((p) => p.endInput()),
    resize: (size) => call((p) => p.resize(size)),
    hangup: () => call((p) => p.hangup()),
  };
}

/** Runs argv at once (no stdin, or a terminal's, which never ends by itself). */
function runNow(
  shell: ContainerShell,
  argv: readonly string[],
  tty: boolean,
  output: ProcessOutput,
) {
  shell.run(argv, { tty, stdin: '' }).then((out) => emit(output, out), failed(output));
  return IDLE;
}

/** A program given a pipe: it reads stdin to its end first. */
function piped(
  shell: ContainerShell,
  argv: readonly string[],
  output: ProcessOutput,
): RemoteProcess {
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
      shell.run(argv, { tty: false, stdin }).then((out) => emit(output, out), failed(output));
    },
    resize() {},
    hangup() {
      started = true;
    },
  };
}

/** Starts argv in the container behind `shell`, wired to the protocol's `output`. */
export function startProcess(
  shell: ContainerShell,
  argv: readonly string[],
  options: StreamOptions,
  output: ProcessOutput,
): RemoteProcess {
  if (!options.stdin) return runNow(shell, argv, options.tty, output);
  const opened = shell.open(argv, { tty: options.tty }).then((session) => {
    if (session) return interactive(session, options, output);
    return options.tty ? runNow(shell, argv, true, output) : piped(shell, argv, output);
  });
  return deferred(opened, failed(output));
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
  session: InteractiveShell,
  options: StreamOptions,
  output: ProcessOutput,
  how: Interactive = { banner: true },
): RemoteProcess {
  const fail = failed(output);
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

/** Shows what the container's own process writes, until its run ends or the client detaches. */
function following(shell: ContainerShell, output: ProcessOutput): RemoteProcess {
  let detached = false;
  const loop = async () => {
    let cursor: number | undefined;
    while (!detached) {
      const next = await shell.outputSince(cursor);
      cursor = next.cursor;
      output.stdout(next.text);
      if (next.ended) return output.exit(0);
      await new Promise((resolve) => setTimeout(resolve, ATTACH_POLL_MS));
    }
  };
  loop().catch(failed(output));
  return { ...IDLE, hangup: () => (detached = true) };
}

/**
 * `kubectl attach` (and `kubectl run -it`): joins the container's own process. A shell with
 * `stdin: true` reads the client's input; any other process (a server, `curl ...`) is followed:
 * its output as it writes it, the stream ending with its run.
 */
export function attachProcess(
  shell: ContainerShell,
  options: StreamOptions,
  output: ProcessOutput,
): RemoteProcess {
  const stdin = shell.stdin();
  if (!options.stdin || !stdin.open) return following(shell, output);
  const how = {
    banner: false,
    exited: (code: number) => shell.mainExited(code),
    hangupEnds: stdin.once,
  };
  const opened = shell
    .open(shell.mainArgv(), { tty: options.tty })
    .then((session) =>
      session ? interactive(session, options, output, how) : following(shell, output),
    );
  return deferred(opened, failed(output));
}

export const execIn =
  (shellFor: ShellFor): StartPodProcess =>
  (request, output) =>
    startProcess(shellFor(request), request.argv, request.options, output);

export const attachTo =
  (shellFor: ShellFor): StartPodProcess =>
  (request, output) =>
    attachProcess(shellFor(request), request.options, output);
