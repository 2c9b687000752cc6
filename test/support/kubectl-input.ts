// kubectl with something on its stdin: piped (`echo ... | kubectl exec -i`), or typed into a
// pseudo-terminal that script(1) gives it (`kubectl exec -it`), for the interactive tests.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { EXAMPLES, KUBECTL, type Kubectl, type Run } from '../kubectl-harness';

/** kubectl with `input` on its stdin (as `echo ... | kubectl ...`), or under `script` (a tty). */
export function kubectlWith(
  kubectl: Kubectl,
  input: string,
  args: string[],
  tty = false,
  extraEnv: Record<string, string> = {},
): Promise<Run> {
  const home = { HOME: kubectl.dir, KUBECONFIG: kubectl.kubeconfigPath };
  const env = { PATH: process.env.PATH, ...home, ...extraEnv };
  const argv = ['--cache-dir', join(kubectl.dir, 'cache'), ...args];
  const quoted = [KUBECTL, ...argv].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  // script(1) gives kubectl a pseudo-terminal, so `-t` puts it in raw mode as for a student.
  const [file, list] = tty ? ['script', ['-q', '-e', '-c', quoted, '/dev/null']] : [KUBECTL, argv];
  return new Promise((resolve, reject) => {
    const child = spawn(file as string, list as string[], { cwd: EXAMPLES, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill(), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    if (!tty) return void child.stdin.end(input);
    // A terminal types: one line at a time, after the prompt had time to show.
    const lines = input.split('\r');
    const type = () => {
      const line = lines.shift();
      if (line === undefined) return;
      child.stdin.write(lines.length ? `${line}\r` : line);
      setTimeout(type, 500);
    };
    setTimeout(type, 1000);
  });
}
