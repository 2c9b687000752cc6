// What a simulated program is handed and hands back: its arguments, stdin and environment, the
// container's files and the network; its output and exit status.
import type { InClusterRequest, RouteDecision } from '../../proxy/types';
import type { ContainerFs } from './container-fs';
import type { Toolbox } from './images';
import type { ShellContext } from './types';

export interface ToolIo {
  ctx: ShellContext;
  box: Toolbox;
  env: ReadonlyMap<string, string>;
  stdin: string;
  fs: ContainerFs;
  cwd: string;
  /** Whether stdout is a terminal (curl shows no progress meter then). */
  tty: boolean;
  /** One connection through kube-proxy, or undefined once the command used up its budget. */
  connect: (request: InClusterRequest) => RouteDecision | undefined;
}

export interface ToolResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** Simulated seconds the program takes (`sleep`); Infinity when it never ends by itself. */
  seconds?: number;
}

export type Tool = (args: readonly string[], io: ToolIo) => ToolResult;

export const ok = (stdout = ''): ToolResult => ({ stdout, stderr: '', exitCode: 0 });
export const fail = (stderr: string, exitCode = 1): ToolResult => ({
  stdout: '',
  stderr,
  exitCode,
});
