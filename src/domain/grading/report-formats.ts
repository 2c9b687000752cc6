// A grade in the shapes auto-graders post: Gradescope's results.json and an LTI AGS Score.
import type { GradeResult } from './checks';

/** One test of a Gradescope results.json. */
export interface GradescopeTest {
  name: string;
  number: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
  visibility: 'visible';
}

/** Gradescope's autograder results.json (the fields NodePort Lab fills). */
export interface GradescopeResults {
  score: number;
  max_score: number;
  output: string;
  visibility: 'visible';
  stdout_visibility: 'visible';
  tests: GradescopeTest[];
}

function summary(grade: GradeResult): string {
  const passed = grade.checks.filter((c) => c.passed).length;
  return `${passed} of ${grade.checks.length} checks passed: ${grade.score}/${grade.maxScore} points`;
}

/** The results.json a Gradescope autograder writes to /autograder/results/results.json. */
export function gradescopeResults(grade: GradeResult): GradescopeResults {
  return {
    score: grade.score,
    max_score: grade.maxScore,
    output: summary(grade),
    visibility: 'visible',
    stdout_visibility: 'visible',
    tests: grade.checks.map((c, i) => ({
      name: c.id,
      number: String(i + 1),
      score: c.points,
      max_score: c.maxPoints,
      status: c.passed ? 'passed' : 'failed',
      output: c.hint ? `${c.message}\nHint: ${c.hint}` : c.message,
      visibility: 'visible',
    })),
  };
}

/** An LTI Assignment and Grade Services Score (application/vnd.ims.lis.v1.score+json). */
export interface LtiScore {
  userId?: string;
  scoreGiven: number;
  scoreMaximum: number;
  comment: string;
  timestamp: string;
  activityProgress: 'Completed';
  gradingProgress: 'FullyGraded';
}

/** The Score a tool POSTs to a line item's /scores endpoint; `timestamp` is RFC 3339. */
export function ltiScore(grade: GradeResult, timestamp: string, userId?: string): LtiScore {
  const failed = grade.checks.filter((c) => !c.passed).map((c) => c.id);
  const comment = failed.length
    ? `${summary(grade)}; failed: ${failed.join(', ')}`
    : summary(grade);
  return {
    ...(userId ? { userId } : {}),
    scoreGiven: grade.score,
    scoreMaximum: grade.maxScore,
    comment,
    timestamp,
    activityProgress: 'Completed',
    gradingProgress: 'FullyGraded',
  };
}
