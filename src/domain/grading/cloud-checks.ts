// Checks over the cloud network and the Service debugger: does the firewall let a connection in,
// does the "Debug Services" checklist pass for a Service (as a student's fix should make it).
import { judgeConnection } from '../cloud/firewall';
import { debugService } from '../debug/checklist';
import type { DebugInput } from '../debug/types';
import type { ClusterState } from '../lab/cluster-state';
import type { FirewallAllowsCheck, ServiceDebugCheck } from './checks';
import { objectRef, type Verdict } from './state-checks';
import { DEFAULT_CLIENT_IP } from './traffic-checks';

export function firewallAllows(state: ClusterState, check: FirewallAllowsCheck): Verdict {
  const sourceIp = check.clientIp ?? DEFAULT_CLIENT_IP;
  const protocol = check.protocol ?? 'TCP';
  const what = `${protocol} port ${check.port} from ${sourceIp}`;
  const verdict = judgeConnection(state.settings.firewall, {
    protocol,
    port: check.port,
    sourceIp,
  });
  const found = verdict.allowed
    ? state.settings.firewall
      ? `rule ${verdict.rule} of ${state.settings.firewall.name} allows it`
      : 'the lab has no firewall: everything is allowed'
    : verdict.reason;
  const expected = `expected the firewall to ${check.allowed ? 'allow' : 'drop'} ${what}`;
  const passed = verdict.allowed === check.allowed;
  return { passed, message: passed ? `${what}: ${found}` : `${expected}, found ${found}` };
}

/** Passes when the checklist has no failed step (or, with `step`, when that step passed). */
export function serviceDebug(check: ServiceDebugCheck, input: DebugInput): Verdict {
  const ctx = {
    clientIp: check.clientIp ?? DEFAULT_CLIENT_IP,
    ...(check.address !== undefined ? { ip: check.address } : {}),
    ...(check.port !== undefined ? { port: check.port } : {}),
  };
  const report = debugService(input, check.namespace ?? 'default', check.service, ctx);
  const ref = objectRef('Service', check.namespace, check.service);
  const missing = check.step !== undefined && !report.steps.some((s) => s.step === check.step);
  // A step the checklist never reached: the failure that stopped it is the answer.
  const failed =
    check.step && !missing
      ? report.steps.find((s) => s.step === check.step && s.result !== 'passed')
      : report.steps.find((s) => s.result === 'failed');
  if (missing && !failed) {
    const message = `expected step ${check.step} of the checklist for ${ref} to pass, found no such step (it does not apply here)`;
    return { passed: false, message };
  }
  if (!failed) {
    const what = check.step ? `step ${check.step} passed` : 'every step of the checklist passed';
    return { passed: true, message: `${ref}: ${what}` };
  }
  const expected = check.step
    ? `expected step ${check.step} of the checklist for ${ref} to pass`
    : `expected every step of the checklist for ${ref} to pass`;
  return {
    passed: false,
    message: `${expected}, found step ${failed.step} ${failed.result} (${failed.title}): ${failed.evidence.join('; ')}`,
  };
}
