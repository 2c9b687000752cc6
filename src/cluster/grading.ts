// Grading a stored lab: its current state and the traffic simulator that records nothing.
import { gradeChecks, type Check, type GradeResult } from '../domain/grading/index';
import type { LabCluster } from './lab-cluster';
import { simulateConnections, trafficView } from './connections';

/** Runs `checks` against the lab as it is now; the lab, its hits and kube-proxy memory stay as they were. */
export async function gradeLab(
  cluster: LabCluster,
  labId: string,
  checks: readonly Check[],
): Promise<GradeResult> {
  const state = await cluster.state(labId);
  const now = cluster.labNow(state.settings);
  return gradeChecks(
    state,
    checks,
    (traffic, count, salt) => simulateConnections(state, now, traffic, count, salt),
    () => trafficView(state),
  );
}
