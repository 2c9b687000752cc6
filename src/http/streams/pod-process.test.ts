// The channel protocol and the process glue together, over a fake socket and a placeholder
// container shell (the real one is src/domain/kubelet/shell, bound by src/cluster/pod-exec.ts).
import { describe, expect, it } from 'vitest';
import type { StreamSocket } from './channel-stream';
import { attachProcess, startProcess, type ContainerShell, type ShellOutput } from './pod-process';
import { remoteCommandHandler, type StreamOptions } from './remote-command';

/** A shell whose `exit N` ends with N and whose other lines are echoed back uppercased. */
function fakeShell(
  runs: { argv: readonly string[]; stdin: string }[] = [],
  main: { argv: string[]; exits: number[]; output?: string[] } = { argv: ['sh'], exits: [] },
): ContainerShell {
  let looks = 0;
  const line = (text: string): ShellOutput => {
    const exit = /^exit (\d+)$/.exec(text.trim());
    if (exit) return { stdout: '', stderr: '', exitCode: Number(exit[1]) };
    return { stdout: `${text.toUpperCase()}\n`, stderr: text.includes('!') ? 'warn\n' : '' };
  };
  return {
    mainArgv: () => main.argv,
    // The main process writes main.output[i] by the i-th look, then its run ends.
    outputSince: async () => {
      const output = main.output ?? [];
      const text = output[looks] ?? '';
      looks++;
      return { text, cursor: looks, ended: main.output !== undefined && looks >= output.length };
    },
    stdin: () => ({ open: true, once: true }),
    mainExited: async (code) => {
      main.exits.push(code);
    },
    run: async (argv, { stdin }) => {
      runs.push({ argv, stdin });
      const code = argv[0] === 'false' ? 1 : argv[0] === 'exit' ? Number(argv[1]) : 0;
      return {
        stdout: `${argv.join(' ')}${stdin}\n`,
        stderr: argv[0] === 'false' ? 'no\n' : '',
        exitCode: code,
      };
    },
    open: async (argv, { tty }) => {
      if (argv[0] !== 'sh') return undefined;
      let buffer = '';
      return {
        banner: tty ? '/ # ' : '',
        input: async (text: string) => {
          buffer += text;
          const end = buffer.indexOf('\n');
          if (end < 0) return { stdout: '', stderr: '' };
          const out = line(buffer.slice(0, end));
          buffer = buffer.slice(end + 1);
          return out;
        },
        close: async () => ({ stdout: '', stderr: '', exitCode: 0 }),
      };
    },
  };
}

interface Session {
  frames: [number, string][];
  closedWith: number[];
  finished: number;
  send(channel: number, text?: string): void;
  hangUp(): void;
  settled(): Promise<void>;
}

function connect(
  argv: string[],
  options: Partial<StreamOptions>,
  shell = fakeShell(),
  protocol = 'v5.channel.k8s.io',
  attach = false,
): Session {
  const all: StreamOptions = { stdin: false, stdout: true, stderr: true, tty: false, ...options };
  const session: Session = {
    frames: [],
    closedWith: [],
    finished: 0,
    send: (channel, text = '') =>
      handler.message(new Uint8Array([channel, ...new TextEncoder().encode(text)])),
    hangUp: () => handler.closed(),
    settled: () => new Promise((r) => setTimeout(r, 5)),
  };
  const socket: StreamSocket = {
    send: (data) =>
      session.frames.push([data[0] ?? -1, new TextDecoder().decode(data.subarray(1))]),
    close: (code) => session.closedWith.push(code),
  };
  const handler = remoteCommandHandler(
    protocol,
    all,
    argv,
    (output) =>
      attach ? attachProcess(shell, all, output) : startProcess(shell, argv, all, output),
    () => session.finished++,
  );
  handler.open(socket);
  return session;
}

const success = [3, '{"metadata":{},"status":"Success"}'];

describe('exec without stdin', () => {
  it('writes an empty stdout frame, the output, a Success Status, then closes normally', async () => {
    const s = connect(['echo', 'hi'], {});
    await s.settled();
    expect(s.frames).toEqual([[1, ''], [1, 'echo hi\n'], success]);
    expect(s.closedWith).toEqual([1000]);
    expect(s.finished).toBe(1);
  });

  it("carries a non-zero exit code in the Status's causes, as kubectl reads it", async () => {
    const s = connect(['false'], {});
    await s.settled();
    expect(s.frames.slice(1, 3)).toEqual([
      [1, 'false\n'],
      [2, 'no\n'],
    ]);
    expect(JSON.parse(s.frames[3]![1])).toEqual({
      metadata: {},
      status: 'Failure',
      message:
        'command terminated with non-zero exit code: error executing command [false], exit code 1',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '1' }] },
    });
  });

  it('leaves out the streams the request did not ask for', async () => {
    const s = connect(['false'], { stderr: false });
    await s.settled();
    expect(s.frames.map(([c]) => c)).toEqual([1, 1, 3]);
  });
});

describe('exec -i', () => {
  it('gives a program the whole of stdin, read to the v5 close signal', async () => {
    const runs: { argv: readonly string[]; stdin: string }[] = [];
    const s = connect(['cat'], { stdin: true }, fakeShell(runs));
    s.send(0, 'ab');
    s.send(0, 'c');
    await s.settled();
    expect(runs).toEqual([]);
    s.send(255, '\x00');
    await s.settled();
    expect(runs).toEqual([{ argv: ['cat'], stdin: 'abc' }]);
    expect(s.frames.at(-1)).toEqual(success);
  });

  it('feeds an interactive shell line by line and ends with its exit code', async () => {
    const s = connect(['sh'], { stdin: true });
    s.send(0, 'hello\nex');
    s.send(0, 'it 4\nnever\n');
    await s.settled();
    expect(s.frames[1]).toEqual([1, 'HELLO\n']);
    expect(JSON.parse(s.frames.at(-1)![1]).details.causes[0].message).toBe('4');
    expect(s.frames).toHaveLength(3);
  });

  it('ends the shell with its last status when stdin closes', async () => {
    const s = connect(['sh'], { stdin: true });
    s.send(255, '\x00');
    await s.settled();
    expect(s.frames.at(-1)).toEqual(success);
  });

  it('stops at a hang-up: nothing more is written, the stream is released once', async () => {
    const s = connect(['sh'], { stdin: true });
    s.hangUp();
    s.send(0, 'hello\n');
    s.hangUp();
    await s.settled();
    expect(s.frames).toEqual([[1, '']]);
    expect(s.finished).toBe(1);
  });
});

describe('exec -it', () => {
  it('shows the prompt first, writes stderr into the one terminal stream, with \\r\\n', async () => {
    const s = connect(['sh'], { stdin: true, tty: true, stderr: true });
    s.send(4, '{"Width":100,"Height":30}');
    s.send(0, 'hi!\n');
    await s.settled();
    expect(s.frames.slice(0, 4)).toEqual([
      [1, ''],
      [1, '/ # '],
      [1, 'HI!\r\n'],
      [1, 'warn\r\n'],
    ]);
  });
});

it('ignores the v5 close signal under v4, which has none', async () => {
  const s = connect(['cat'], { stdin: true }, fakeShell(), 'v4.channel.k8s.io');
  s.send(255, '\x00');
  await s.settled();
  expect(s.frames).toEqual([[1, '']]);
});

describe('attach', () => {
  it("joins the container's shell without a new prompt; its exit ends the container, the stream ends Success", async () => {
    const main = { argv: ['sh'], exits: [] as number[] };
    const s = connect(
      [],
      { stdin: true, tty: true },
      fakeShell([], main),
      'v5.channel.k8s.io',
      true,
    );
    s.send(0, 'exit 3\n');
    await s.settled();
    expect(main.exits).toEqual([3]);
    expect(s.frames).toEqual([[1, ''], success]);
  });

  it('ends the shell when the client detaches from a stdinOnce container', async () => {
    const main = { argv: ['sh'], exits: [] as number[] };
    const s = connect([], { stdin: true }, fakeShell([], main), 'v5.channel.k8s.io', true);
    s.hangUp();
    await s.settled();
    expect(main.exits).toEqual([0]);
    expect(s.finished).toBe(1);
  });

  it("follows a command's output to the end of its run, then ends the stream Success", async () => {
    const main = {
      argv: ['curl', '-s', 'http://web'],
      exits: [] as number[],
      output: ['', 'Hello\n'],
    };
    const s = connect(
      [],
      { stdin: true, tty: true },
      fakeShell([], main),
      'v5.channel.k8s.io',
      true,
    );
    await new Promise((r) => setTimeout(r, 700));
    expect(s.frames).toEqual([[1, ''], [1, 'Hello\r\n'], success]);
    expect(s.closedWith).toEqual([1000]);
  });

  it('has nothing to say for a process that is no shell, until the client detaches', async () => {
    const main = { argv: ['nginx', '-g', 'daemon off;'], exits: [] as number[] };
    const s = connect([], { stdin: true }, fakeShell([], main), 'v5.channel.k8s.io', true);
    s.send(0, 'hello\n');
    await s.settled();
    expect(s.frames).toEqual([[1, '']]);
    expect(s.closedWith).toEqual([]);
    expect(main.exits).toEqual([]);
  });
});
