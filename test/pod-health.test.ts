// Pods whose containers cannot start are not endpoints: the mistakes students make with ConfigMaps.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { apply, startLab, type TestLab } from './support/app';

const echo = readFileSync(new URL('../examples/echo-nodeport.yaml', import.meta.url), 'utf8');
const [configMap = '', rest = ''] = [
  echo.slice(0, echo.indexOf('---')),
  echo.slice(echo.indexOf('---') + 4),
];

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(() => lab.close());

async function podsTable(): Promise<string[]> {
  const res = await lab.request.get('/api/v1/namespaces/default/pods').set('Accept', 'text/plain');
  return res.text.trimEnd().split('\n').slice(1);
}

it('keeps pods in ContainerCreating while their ConfigMap is missing, then starts them', async () => {
  await apply(lab, rest);
  const rows = await podsTable();
  expect(rows).toHaveLength(3);
  for (const row of rows) expect(row).toMatch(/\s0\/1\s+ContainerCreating\s/);
  const refused = await lab.request.get('/nodes/192.168.1.3/30007/request');
  expect(refused.status).toBe(502);
  expect(refused.body.message).toContain('has no endpoints');

  await apply(lab, configMap);
  for (const row of await podsTable()) expect(row).toMatch(/\s1\/1\s+Running\s/);
  const ok = await lab.request.get('/nodes/192.168.1.3/30007/request?raw=1');
  expect(ok.text).toMatch(/^Hello! I am Pod: 10\.244\.\d+\.\d+\n$/);
});

it('puts pods whose nginx config is broken into CrashLoopBackOff, out of the endpoints', async () => {
  // An extra `}`: nginx refuses to start (`unexpected "}"`).
  const broken = configMap.replace('default_type text/plain;', 'default_type text/plain; }');
  await apply(lab, `${broken}---\n${rest}`);
  const rows = await podsTable();
  for (const row of rows) expect(row).toMatch(/\s0\/1\s+CrashLoopBackOff\s+1\s/);
  const ep = await lab.request.get('/api/v1/namespaces/default/endpoints/echo-nodeport-service');
  expect(ep.body.subsets[0].notReadyAddresses).toHaveLength(3);
  expect(ep.body.subsets[0].addresses).toBeUndefined();
  const pod = (await lab.request.get('/api/v1/namespaces/default/pods')).body.items[0];
  expect(pod.status.containerStatuses[0].lastState.terminated.message).toMatch(
    /^nginx: \[emerg\] unexpected "}" in \/etc\/nginx\/conf.d\/default.conf:8$/,
  );
});
