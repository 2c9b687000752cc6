// The simulated shell's contract: the lab's state in (one container of one pod), output and
// effects out. Nothing here runs a process; every tool is a pure function of this context.
import type { ConfigMap } from '../../../schema/kube/core';
import type { Container, Pod } from '../../../schema/kube/pod';
import type { InClusterRequest, RouteDecision, TrafficView } from '../../proxy/types';

/**
 * What a command sees of the lab: its pod and container, the cluster (Services for DNS and the
 * Service environment variables, ConfigMaps for mounted files), the lab clock, and the network.
 */
export interface ShellContext {
  pod: Pod;
  container: Container;
  view: Pick<TrafficView, 'services' | 'pods' | 'nodes'> & { configMaps: ConfigMap[] };
  now: Date;
  /**
   * Sends one HTTP request from this pod through the simulated kube-proxy (the same route as
   * `/cluster/:host/:port/request`, the pod as client). The caller records what it returns.
   */
  connect: (request: InClusterRequest) => RouteDecision;
}

/** Something a command did that outlives it: a connection, whose hit the caller records. */
export type ShellEffect = { kind: 'connection'; decision: RouteDecision };

/** What `kubectl exec pod -- argv...` gets back. */
export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  effects: ShellEffect[];
  /** Simulated seconds the command takes (its `sleep`s); Infinity when it never ends by itself. */
  seconds: number;
}

/** How the command runs: with a terminal (`-t`), and what its stdin holds (`-i`, read to EOF). */
export interface RunOptions {
  tty?: boolean;
  stdin?: string;
}

/** What one chunk of input to an interactive shell produced; `exitCode` once the shell ended. */
export interface SessionOutput {
  output: string;
  /** Only without a tty: what the shell wrote to stderr (a tty merges it into `output`). */
  stderr: string;
  effects: ShellEffect[];
  exitCode?: number;
}

/** An interactive shell (`kubectl exec -it pod -- sh`), fed the terminal's bytes as they come. */
export interface ShellSession {
  /** The prompt shown before the first input ('' without a tty). */
  readonly banner: string;
  input(text: string): SessionOutput;
  /** The client closed stdin (EOF): the shell exits with its last status. */
  close(): SessionOutput;
  readonly ended: boolean;
}
