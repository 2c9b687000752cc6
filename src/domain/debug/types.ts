// The Service debugger's vocabulary: Kubernetes' "Debug Services" checklist as steps, each passed,
// failed or not applicable, with the evidence found in the lab's state.
import type { Firewall } from '../../schema/lab/cloud';
import type { TrafficView } from '../proxy/types';

export type StepResult = 'passed' | 'failed' | 'skipped';

export type StepId =
  | 'address'
  | 'service-exists'
  | 'selector-matches'
  | 'pods-ready'
  | 'endpoints'
  | 'target-port'
  | 'protocol'
  | 'node-port'
  | 'local-endpoints'
  | 'firewall'
  | 'source-ranges'
  | 'network-policy';

export interface DebugStep {
  step: StepId;
  /** The checklist's question, as the "Debug Services" page asks it. */
  title: string;
  result: StepResult;
  /** What the lab's state shows, one fact per line. */
  evidence: string[];
  /** What to change when the step failed. */
  hint?: string;
}

/** Where the student says they connect from and to (all optional: a Service alone is enough). */
export interface DebugContext {
  /** The address dialled: a node's, an external or load-balancer IP, or a ClusterIP. */
  ip?: string;
  port?: number;
  clientIp: string;
}

export interface DebugInput {
  view: TrafficView;
  firewall: Firewall | null | undefined;
  nodePortRange: string;
}
