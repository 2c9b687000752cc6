// Template data against the API's own rules: checks that POST /labs/:id/checks would accept,
// starting states and solutions that decode as manifests.
import { describe, expect, it } from 'vitest';
import { decodeManifests } from '../src/cluster/lab-templates';
import { LAB_TEMPLATES } from '../src/domain/lessons/index';
import { parseChecks } from '../src/http/lab-api/check-schema';

describe.each(LAB_TEMPLATES.map((t) => [t.id, t] as const))('template %s', (_, t) => {
  it('has checks the checks API accepts', () => {
    expect(parseChecks({ checks: t.checks })).toEqual({ checks: t.checks });
  });

  it('has a starting state and a solution that decode as manifests', () => {
    expect(() => decodeManifests(t.startingState)).not.toThrow();
    // A cloud lesson may be solved by its firewall or pool alone (solutionCloud).
    const solved = decodeManifests(t.solution).length + (t.solutionCloud ? 1 : 0);
    expect(solved).toBeGreaterThan(0);
  });

  it('describes the exercise and gives every check points', () => {
    expect(t.checks.every((c) => c.points > 0)).toBe(true);
    expect(t.description.length).toBeGreaterThan(80);
  });
});
