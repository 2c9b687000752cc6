// One running shell process: its container, its voice, its variables and what it has done.
import type { ContainerFs } from './container-fs';
import type { Toolbox } from './images';
import type { ShellVoice } from './messages';
import type { ShellContext, ShellEffect } from './types';

/** One running shell process and what it has done so far. */
export interface ShellState {
  ctx: ShellContext;
  box: Toolbox;
  fs: ContainerFs;
  voice: ShellVoice;
  vars: Map<string, string>;
  cwd: string;
  status: number;
  /** Set by `exit N`: the shell ends with N. */
  exited?: number;
  effects: ShellEffect[];
  /** Simulated seconds spent (sleep); Infinity once something never returns. */
  seconds: number;
  outputBytes: number;
  /** Whether stdout is a terminal. */
  tty: boolean;
}
