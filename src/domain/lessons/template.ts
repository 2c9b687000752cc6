// A lesson template: the exercise, the cluster a lab starts with, its checks and a solution.
import type { Check } from '../grading/checks';
import type { Firewall } from '../../schema/lab/cloud';

export interface LabTemplate {
  id: string;
  title: string;
  /** The tutorial the lesson follows. */
  tutorial: string;
  /** The exercise, as the student reads it. */
  description: string;
  /** Manifests (a YAML stream, possibly empty) applied when a lab is created or reset. */
  startingState: string;
  checks: Check[];
  /** Manifests that, applied on top of the starting state, pass every check. */
  solution: string;
  /** The cloud around the nodes a lab of the lesson starts with: a firewall, a balancer pool. */
  cloud?: { firewall?: Firewall | undefined; loadBalancerPool?: string[] | undefined };
  /** What the solution changes in the cloud (PATCH /cluster) beside `solution`. */
  solutionCloud?: {
    firewall?: Firewall | null | undefined;
    loadBalancerPool?: string[] | undefined;
  };
}
