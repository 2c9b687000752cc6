import { describe, expect, it } from 'vitest';
import type { ClusterState } from '../lab/cluster-state';
import { DEFAULT_SETTINGS } from '../lab/cluster-state';
import type { KubeObject } from '../apimachinery/objects';
import type { RouteDecision } from '../proxy/index';
import type { Check } from './checks';
import { gradeChecks } from './evaluate';
import { gradescopeResults, ltiScore } from './report-formats';
import type { Simulate } from './traffic-checks';

const svc: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: {
    name: 'web',
    namespace: 'default',
    uid: 'u',
    resourceVersion: '1',
    creationTimestamp: '',
  },
  spec: {
    type: 'NodePort',
    selector: { app: 'web' },
    ports: [{ port: 80, targetPort: 80, nodePort: 30007 }],
  },
};
const state: ClusterState = {
  labId: 'lab',
  revision: 1,
  settings: DEFAULT_SETTINGS,
  objects: [svc],
  allocations: { nodePorts: new Set(), clusterIPs: new Set() },
};

/** A simulator where pod `p<salt % 3>` answers "hello" and the salts used are recorded. */
function fakeSimulator(salts: number[]): Simulate {
  return (_traffic, count, salt) => {
    salts.push(salt);
    return Array.from({ length: count }, (_, i): RouteDecision => ({
      outcome: 'ok',
      message: 'ok',
      pod: {
        name: `p${(salt + i) % 3}`,
        namespace: 'default',
        ip: '10.244.1.2',
        node: 'node01',
        targetPort: 80,
      },
      response: { status: 200, headers: {}, body: 'hello' },
      updates: {},
    }));
  };
}

const checks: Check[] = [
  {
    id: 'svc',
    type: 'serviceExposes',
    points: 2,
    service: 'web',
    serviceType: 'NodePort',
    nodePort: 30007,
  },
  {
    id: 'port',
    type: 'fieldEquals',
    points: 1,
    kind: 'Service',
    name: 'web',
    path: 'spec.ports[0].port',
    value: 8080,
    hint: 'use 8080',
  },
  {
    id: 'curl',
    type: 'reachable',
    points: 3,
    address: '192.168.1.3',
    port: 30007,
    bodyContains: 'hello',
  },
  {
    id: 'spread',
    type: 'distinctPods',
    points: 1,
    address: '192.168.1.3',
    port: 30007,
    requests: 9,
    min: 3,
  },
];

describe('gradeChecks', () => {
  it('scores all or nothing per check and gives hints only on failure', () => {
    const result = gradeChecks(state, checks, fakeSimulator([]));
    expect(result).toMatchObject({ score: 6, maxScore: 7, passed: false });
    expect(result.checks[1]).toEqual({
      id: 'port',
      type: 'fieldEquals',
      passed: false,
      points: 0,
      maxPoints: 1,
      message: 'expected spec.ports[0].port of Service default/web to be 8080, found 80',
      hint: 'use 8080',
    });
    expect(result.checks.filter((c) => c.hint !== undefined)).toHaveLength(1);
  });

  it('gives each check its own random stream, whatever the order of the list', () => {
    const forward: number[] = [];
    const backward: number[] = [];
    gradeChecks(state, checks, fakeSimulator(forward));
    gradeChecks(state, [...checks].reverse(), fakeSimulator(backward));
    expect(backward).toEqual([...forward].reverse());
    expect(new Set(forward).size).toBe(forward.length);
  });
});

describe('report formats', () => {
  const grade = gradeChecks(state, checks, fakeSimulator([]));

  it('writes a Gradescope results.json', () => {
    const doc = gradescopeResults(grade);
    expect(doc).toMatchObject({
      score: 6,
      max_score: 7,
      output: '3 of 4 checks passed: 6/7 points',
    });
    expect(doc.tests[1]).toMatchObject({ name: 'port', status: 'failed', score: 0, max_score: 1 });
    expect(doc.tests[1]!.output).toMatch(/\nHint: use 8080$/);
  });

  it('writes an LTI score', () => {
    expect(ltiScore(grade, '2026-11-22T10:00:00.000Z', 'u1')).toEqual({
      userId: 'u1',
      scoreGiven: 6,
      scoreMaximum: 7,
      comment: '3 of 4 checks passed: 6/7 points; failed: port',
      timestamp: '2026-11-22T10:00:00.000Z',
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
    });
  });
});
