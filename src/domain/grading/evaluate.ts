// The grading engine: runs a list of checks over a lab's state and a traffic simulator, and
// scores them. Pure: the same state, checks and simulator give the same result every time.
import type { ClusterState } from '../lab/cluster-state';
import type { TrafficView } from '../proxy/types';
import { firewallAllows, serviceDebug } from './cloud-checks';
import { fnv32a } from '../apimachinery/random';
import type { Check, CheckResult, GradeResult } from './checks';
import {
  fieldEquals,
  objectExists,
  readyEndpoints,
  serviceExposes,
  type Verdict,
} from './state-checks';
import { distinctPods, evenDistribution, reachable, type Simulate } from './traffic-checks';

function verdictOf(
  state: ClusterState,
  check: Check,
  simulate: Simulate,
  view: () => TrafficView,
): Verdict {
  // Each check draws from its own stream, so adding or reordering checks changes no other result.
  const salt = fnv32a(`${check.type}/${check.id}`);
  switch (check.type) {
    case 'objectExists':
      return objectExists(state, check);
    case 'fieldEquals':
      return fieldEquals(state, check);
    case 'serviceExposes':
      return serviceExposes(state, check);
    case 'readyEndpoints':
      return readyEndpoints(state, check);
    case 'reachable':
      return reachable(state, check, simulate, salt);
    case 'distinctPods':
      return distinctPods(check, simulate, salt);
    case 'evenDistribution':
      return evenDistribution(state, check, simulate, salt);
    case 'firewallAllows':
      return firewallAllows(state, check);
    case 'serviceDebug': {
      const { firewall, nodePortRange } = state.settings;
      return serviceDebug(check, { view: view(), firewall, nodePortRange });
    }
  }
}

/** Runs every check; a check earns all its points when it passes, none otherwise. */
export function gradeChecks(
  state: ClusterState,
  checks: readonly Check[],
  simulate: Simulate,
  /** The routing view of `state`, for the debugger's checks (built by the caller, cached there). */
  view: () => TrafficView = () => {
    throw new Error('serviceDebug checks need the traffic view');
  },
): GradeResult {
  const results: CheckResult[] = checks.map((check) => {
    const { passed, message } = verdictOf(state, check, simulate, view);
    return {
      id: check.id,
      type: check.type,
      passed,
      points: passed ? check.points : 0,
      maxPoints: check.points,
      message,
      ...(!passed && check.hint ? { hint: check.hint } : {}),
    };
  });
  const score = results.reduce((n, r) => n + r.points, 0);
  const maxScore = results.reduce((n, r) => n + r.maxPoints, 0);
  return { score, maxScore, passed: results.every((r) => r.passed), checks: results };
}
