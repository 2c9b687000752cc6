// What a container runs as PID 1, from its image's ENTRYPOINT and CMD and the pod's `command` and
// `args` (command replaces ENTRYPOINT, args replace CMD): a server that keeps running (nginx,
// httpd, http-echo, and any image the lab does not know, which stands for the generic echo app),
// or a command of a known base image that runs to completion (`curl ...`, `sh -c ...`, `echo`).
import type { Container } from '../../schema/kube/pod';
import { ownValue } from '../apimachinery/own-property';
import { imageName } from './containers/images';
import { findProgram, toolboxOf } from './shell/images';
import { plannedSeconds } from './shell/plan';

/** The image config (Dockerfile ENTRYPOINT and CMD) of the images whose commands the lab runs. */
const IMAGE_CONFIG: Readonly<Record<string, { entrypoint: string[]; cmd: string[] }>> = {
  nginx: { entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'] },
  httpd: { entrypoint: [], cmd: ['httpd-foreground'] },
  'http-echo': { entrypoint: ['/http-echo'], cmd: [] },
  busybox: { entrypoint: [], cmd: ['sh'] },
  alpine: { entrypoint: [], cmd: ['/bin/sh'] },
  curl: { entrypoint: ['/entrypoint.sh'], cmd: ['curl'] },
  debian: { entrypoint: [], cmd: ['bash'] },
  ubuntu: { entrypoint: [], cmd: ['/bin/bash'] },
};

/** Programs that are the image's server: they listen and never exit by themselves. */
const SERVERS = new Set(['nginx', 'nginx-debug', 'httpd-foreground', 'httpd', 'http-echo']);

export type MainProcess =
  | { kind: 'server' }
  | {
      kind: 'command';
      argv: string[];
      /** Seconds it runs before exiting (at least one); Infinity when it never exits by itself. */
      seconds: number;
      /** argv[0] is not in the image: the runtime cannot start it (StartError, exit 128). */
      missing: boolean;
    };

/** MIN_RUN_SECONDS: a command that does not sleep is seen exiting on the kubelet's next sync. */
export const MIN_RUN_SECONDS = 1;

const base = (word: string) => word.slice(word.lastIndexOf('/') + 1);

/** The container's PID 1 after the image's entrypoint script has done its `exec "$@"`. */
function resolvedArgv(container: Container, name: string): string[] {
  const config = IMAGE_CONFIG[name]!;
  const argv = container.command
    ? [...container.command, ...(container.args ?? [])]
    : [...config.entrypoint, ...(container.args ?? config.cmd)];
  const first = argv[0] ?? '';
  // nginx's docker-entrypoint.sh ends in `exec "$@"`.
  if (first === '/docker-entrypoint.sh' && name === 'nginx') return argv.slice(1);
  // curlimages/curl's entrypoint.sh: an option or a word that is no command means curl's args.
  if (first === '/entrypoint.sh' && name === 'curl') {
    const rest = argv.slice(1);
    const word = rest[0] ?? '';
    const runsCurl =
      word === '' ||
      word.startsWith('-') ||
      findProgram(toolboxOf(container.image), word) === undefined;
    return runsCurl && word !== '' ? ['curl', ...rest] : rest.length ? rest : ['curl'];
  }
  return argv;
}

/** What `container` runs as its main process. */
export function mainProcess(container: Container): MainProcess {
  const name = imageName(container.image ?? '');
  if (!Object.hasOwn(IMAGE_CONFIG, name)) return { kind: 'server' };
  const argv = resolvedArgv(container, name);
  const program = base(argv[0] ?? '');
  const testOnly = argv.some((a) => /^-[tTvV]$/.test(a));
  if (SERVERS.has(program) && !testOnly) return { kind: 'server' };
  const box = toolboxOf(container.image);
  const missing =
    findProgram(box, argv[0] ?? '') === undefined && !(SERVERS.has(program) && testOnly);
  const stdinOpen = ownValue(container, 'stdin') === true;
  const planned = missing ? 0 : plannedSeconds(argv, box, stdinOpen);
  return { kind: 'command', argv, seconds: Math.max(planned, MIN_RUN_SECONDS), missing };
}

/** Whether the container runs a command that ends (rather than a server). */
export function runsToCompletion(container: Container): boolean {
  return mainProcess(container).kind === 'command';
}

/** The argv of the container's main process (`kubectl attach` joins it), image defaults applied. */
export function mainArgv(container: Container): string[] {
  const name = imageName(container.image ?? '');
  if (Object.hasOwn(IMAGE_CONFIG, name)) return resolvedArgv(container, name);
  return [...(container.command ?? []), ...(container.args ?? [])];
}
