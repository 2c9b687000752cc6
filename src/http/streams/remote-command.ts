// The remote-command channel protocol kubectl exec and attach speak over a WebSocket
// (`v5.channel.k8s.io`, and `v4.channel.k8s.io`): every binary message starts with its channel
// byte (0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize); v5 adds 255 + channel, "this channel is
// closed" (kubectl sends [255, 0] at the end of its stdin). The end is one Status on channel 3
// (the exit code rides in its causes, which kubectl turns into `command terminated with exit
// code N`) and a normal close. Compare apimachinery's util/httpstream/wsstream and
// util/remotecommand and client-go's tools/remotecommand (v4.go, v5.go, websocket.go).
import type { StreamHandler, StreamSocket } from './channel-stream';

export const REMOTE_COMMAND_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;

export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 };

/** The largest resize message read: `{"Width":65535,"Height":65535}` with room to spare. */
const MAX_RESIZE_BYTES = 256;

export interface TerminalSize {
  width: number;
  height: number;
}

/** Which streams the request asked for (`stdin=true&stdout=true&stderr=true&tty=true`). */
export interface StreamOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** The running command as the protocol drives it. */
export interface RemoteProcess {
  /** Bytes from the client's stdin. */
  input(data: Uint8Array): void;
  /** The client's stdin ended (v5 close signal). */
  endInput(): void;
  resize(size: TerminalSize): void;
  /** The client went away before the process exited. */
  hangup(): void;
}

/** What a process writes: its output and, once, its end. */
export interface ProcessOutput {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The process exited with `code`; the stream ends. */
  exit(code: number): void;
  /** The command could not run (no such file, ...): a Failure Status with this message. */
  fail(message: string): void;
}

const encoder = new TextEncoder();

/** The Status kubelet writes for an exit code (see pkg/kubelet/cri/streaming/remotecommand). */
export function exitStatus(code: number, argv: readonly string[]): object {
  if (code === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${argv.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

function frame(channel: number, text: string): Uint8Array {
  const body = encoder.encode(text);
  const out = new Uint8Array(body.byteLength + 1);
  out[0] = channel;
  out.set(body, 1);
  return out;
}

function parseResize(data: Uint8Array): TerminalSize | undefined {
  if (data.byteLength > MAX_RESIZE_BYTES) return undefined;
  try {
    const value = JSON.parse(new TextDecoder().decode(data)) as {
      Width?: unknown;
      Height?: unknown;
    };
    const { Width: width, Height: height } = value ?? {};
    const fits = (n: unknown): n is number =>
      Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 65535;
    return fits(width) && fits(height) ? { width, height } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A StreamHandler speaking the channel protocol: `start` runs the process once the socket is
 * open, `finished` runs once when the stream ends (for the open-streams quota and cleanup).
 */
export function remoteCommandHandler(
  protocol: string,
  options: StreamOptions,
  argv: readonly string[],
  start: (output: ProcessOutput) => RemoteProcess,
  finished: () => void,
): StreamHandler {
  const v5 = protocol === 'v5.channel.k8s.io';
  let socket: StreamSocket | undefined;
  let process: RemoteProcess | undefined;
  let done = false;
  const end = (status: object) => {
    if (done || !socket) return;
    done = true;
    socket.send(frame(CHANNEL.error, JSON.stringify(status)));
    socket.close(1000, '');
    finished();
  };
  // A tty has one output stream, and its line discipline turns "\n" into "\r\n" (onlcr).
  const tty = (text: string) => text.replace(/\r?\n/g, '\r\n');
  const write = (channel: number, wanted: boolean, text: string) => {
    if (done || !socket || !wanted || text.length === 0) return;
    socket.send(frame(channel, options.tty ? tty(text) : text));
  };
  const output: ProcessOutput = {
    stdout: (text) => write(CHANNEL.stdout, options.stdout, text),
    stderr: (text) =>
      options.tty
        ? write(CHANNEL.stdout, options.stdout, text)
        : write(CHANNEL.stderr, options.stderr, text),
    exit: (code) => end(exitStatus(code, argv)),
    fail: (message) => end({ metadata: {}, status: 'Failure', message }),
  };
  return {
    open(s) {
      socket = s;
      // An empty stdout message first, as kube-apiserver's stream translator sends.
      if (options.stdout) s.send(new Uint8Array([CHANNEL.stdout]));
      process = start(output);
    },
    message(data) {
      if (done || !process || data.byteLength === 0) return;
      const channel = data[0];
      const body = data.subarray(1);
      if (channel === CHANNEL.stdin && options.stdin) process.input(body);
      else if (channel === CHANNEL.resize && options.tty) {
        const size = parseResize(body);
        if (size) process.resize(size);
      } else if (v5 && channel === CHANNEL.close && body[0] === CHANNEL.stdin) process.endInput();
    },
    closed() {
      if (done) return;
      done = true;
      process?.hangup();
      finished();
    },
  };
}
