// The simulated shell itself: sh -c lists, pipes, quoting and errors, bounds, interactive sessions.
import { describe, expect, it } from 'vitest';
import { check, context, sh, type Case } from '../../../../test/fixtures/shell-context';
import { toolboxOf } from './images';
import { openSession, runCommand } from './index';
import { plannedSeconds } from './plan';

describe('sh -c', () => {
  it.each<Case>([
    ['&& runs on success', 'busybox', sh('true && echo yes'), { stdout: 'yes\n', exitCode: 0 }],
    ['|| runs on failure', 'busybox', sh('false || echo no'), { stdout: 'no\n', exitCode: 0 }],
    [
      '; runs both, status of the last',
      'busybox',
      sh('false; echo x'),
      { stdout: 'x\n', exitCode: 0 },
    ],
    [
      'a pipe into grep',
      'curl',
      sh('env | grep ECHO_NODEPORT_SERVICE_SERVICE_HOST'),
      { stdout: 'ECHO_NODEPORT_SERVICE_SERVICE_HOST=10.96.100.7\n', exitCode: 0 },
    ],
    ['grep finding nothing', 'busybox', sh('echo a | grep b'), { stdout: '', exitCode: 1 }],
    ['wc -l of a pipe', 'nginx', sh('cat /etc/hosts | wc -l'), { stdout: '8\n', exitCode: 0 }],
    [
      'variables and $?',
      'busybox',
      sh('X=1; false; echo "$X $?"'),
      { stdout: '1 1\n', exitCode: 0 },
    ],
    ['single quotes keep $', 'busybox', sh("echo '$HOME'"), { stdout: '$HOME\n', exitCode: 0 }],
    ['exit N', 'busybox', sh('echo a; exit 3; echo b'), { stdout: 'a\n', exitCode: 3 }],
    [
      'ash: unknown command',
      'busybox',
      sh('foo'),
      { stderr: 'sh: foo: not found\n', exitCode: 127 },
    ],
    [
      'dash: unknown command',
      'nginx',
      sh('foo'),
      { stderr: 'sh: 1: foo: not found\n', exitCode: 127 },
    ],
    [
      'bash: unknown command',
      'nginx',
      ['bash', '-c', 'foo'],
      { stderr: 'bash: line 1: foo: command not found\n', exitCode: 127 },
    ],
    [
      'curl missing in busybox, from its shell',
      'busybox',
      sh('curl -s x'),
      { stderr: 'sh: curl: not found\n', exitCode: 127 },
    ],
    [
      'a syntax error (ash)',
      'busybox',
      sh('echo a &&'),
      { stderr: 'sh: syntax error: unexpected end of file\n', exitCode: 2 },
    ],
    [
      'a syntax error (dash)',
      'nginx',
      sh('| echo'),
      { stderr: 'sh: 1: Syntax error: "|" unexpected\n', exitCode: 2 },
    ],
    [
      'an unterminated quote (dash)',
      'nginx',
      sh("echo 'a"),
      { stderr: 'sh: 1: Syntax error: Unterminated quoted string\n', exitCode: 2 },
    ],
    [
      'command substitution is refused',
      'busybox',
      sh('echo $(hostname)'),
      { stderr: /not simulated/, exitCode: 2 },
    ],
    [
      '2>&1 into a pipe',
      'busybox',
      sh('cat /nope 2>&1 | head -n 1'),
      { stdout: "cat: can't open '/nope': No such file or directory\n", exitCode: 0 },
    ],
    [
      'a redirect to a file, read back',
      'busybox',
      sh('echo hi > /tmp/x && cat /tmp/x'),
      { stdout: 'hi\n', exitCode: 0 },
    ],
    [
      '>> appends',
      'busybox',
      sh('echo a > /tmp/x; echo b >> /tmp/x; cat /tmp/x'),
      { stdout: 'a\nb\n', exitCode: 0 },
    ],
    [
      'curl then echo',
      'curl',
      sh('curl -s echo-nodeport-service && echo done'),
      { stdout: 'Hello! I am Pod: 10.244.1.5\ndone\n', exitCode: 0 },
    ],
  ])('%s (%s)', (_name, image, argv, want) => {
    check(image, argv, want);
  });

  it('bounds the work of one line', () => {
    const r = runCommand(sh('echo a;'.repeat(2000)), context('busybox'));
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/bound/);
    const many = runCommand(sh('curl -s empty; '.repeat(20)), context('curl'));
    expect(many.effects).toHaveLength(16);
    expect(runCommand(['echo', 'x'.repeat(1_000_000)], context('busybox')).stdout).toHaveLength(
      256 * 1024,
    );
    expect(
      plannedSeconds(['sh', '-c', `sleep 1;${'$'.repeat(1_000_000)}`], toolboxOf('busybox'), false),
    ).toBe(0);
  });

  it('reports the seconds a command sleeps, Infinity for sleep infinity', () => {
    expect(runCommand(sh('sleep 5; echo x; sleep 1m'), context('busybox')).seconds).toBe(65);
    expect(runCommand(['sleep', 'infinity'], context('busybox')).seconds).toBe(Infinity);
  });
});

describe('interactive sessions', () => {
  it('busybox sh with a tty: prompt, echo, output with \\r\\n, exit code', () => {
    const s = openSession(context('busybox'), { tty: true });
    expect(s.banner).toBe('/ # ');
    const typed = s.input('echo hi\r');
    expect(typed.output).toBe('echo hi\r\nhi\r\n/ # ');
    expect(s.input('foo\r').output).toBe('foo\r\nsh: foo: not found\r\n/ # ');
    const end = s.input('exit 4\r');
    expect(end.exitCode).toBe(4);
    expect(s.ended).toBe(true);
  });

  it('dash counts lines; bash says exit; curl_user gets $', () => {
    const dash = openSession(context('nginx'), { tty: true });
    expect(dash.banner).toBe('# ');
    dash.input('foo\r');
    expect(dash.input('foo\r').output).toContain('sh: 2: foo: not found');
    const bash = openSession(context('nginx'), { tty: true, shell: 'bash' });
    expect(bash.banner).toBe('root@nginx-pod:/# ');
    expect(bash.input('\x04').output).toBe('exit\r\n');
    expect(openSession(context('curl'), { tty: true }).banner).toBe('~ $ ');
  });

  it('backspace, ^C and a session without a tty', () => {
    const s = openSession(context('busybox'), { tty: true });
    expect(s.input('ecx\x7fho ok\r').output).toBe('ecx\b \bho ok\r\nok\r\n/ # ');
    expect(s.input('abc\x03').output).toBe('abc^C\r\n/ # ');
    const plain = openSession(context('busybox'), { tty: false });
    expect(plain.banner).toBe('');
    const out = plain.input('echo a\nfoo\nech');
    expect(out).toMatchObject({ output: 'a\n', stderr: 'sh: foo: not found\n' });
    expect(plain.close()).toMatchObject({
      output: '',
      stderr: 'sh: ech: not found\n',
      exitCode: 127,
    });
  });

  it('hands out the connections each input made', () => {
    const s = openSession(context('curl'), { tty: true });
    expect(s.input('curl -s echo-nodeport-service\r').effects).toHaveLength(1);
    expect(s.input('echo\r').effects).toHaveLength(0);
  });
});
