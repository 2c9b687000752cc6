// One case table (test/golden/cases/proxy-modes.yaml) run against iptables, nftables and ipvs:
// per mode, the outcome, the pod and the kube-proxy rule of every request, compared with
// test/golden/proxy-modes.yaml. Beside the golden file, each rule must be of its mode's kind.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startServer, type LabServer } from './kubectl-harness';
import { testClock } from './support/app';
import {
  expectGolden,
  GOLDEN_DIR,
  readScenario,
  requestPath,
  scenarioLab,
  sendRequest,
  type ScenarioRequest,
} from './support/golden';

interface CaseTable {
  modes: string[];
  cases: { name: string; scenario: string; requests: ScenarioRequest[] }[];
}

const table = parse(readFileSync(join(GOLDEN_DIR, 'cases/proxy-modes.yaml'), 'utf8')) as CaseTable;
const RULE_KINDS: Record<string, RegExp> = {
  iptables: /^iptables-/,
  nftables: /^nft-/,
  ipvs: /^ipvs-/,
};

let server: LabServer;
beforeAll(async () => {
  server = await startServer({ clock: testClock() });
});
afterAll(() => server.close());

it('answers each case as test/golden/proxy-modes.yaml says, per mode', async () => {
  const expected: Record<string, Record<string, object[]>> = {};
  for (const c of table.cases) {
    const scenario = readScenario(c.scenario);
    const perMode: Record<string, object[]> = (expected[c.name] = {});
    for (const mode of table.modes) {
      const labId = await scenarioLab(server, scenario, { proxyMode: mode });
      perMode[mode] = [];
      for (const r of c.requests) {
        const { answer } = await sendRequest(server, labId, r);
        const rule = answer.proxy?.rule;
        if (rule) expect(rule.kind, `${c.name} (${mode})`).toMatch(RULE_KINDS[mode]!);
        if (answer.proxy) expect(answer.proxy.mode).toBe(mode);
        perMode[mode].push({
          request: requestPath(r),
          outcome: answer.outcome,
          ...(answer.pod ? { pod: answer.pod.name } : {}),
          ...(answer.proxy ? { affinityHit: answer.proxy.affinityHit } : {}),
          ...(rule ? { rule: { kind: rule.kind, chain: rule.chain, text: rule.text } } : {}),
        });
      }
    }
  }
  expectGolden('proxy-modes.yaml', stringify(expected, { lineWidth: 0 }));
}, 60_000);
