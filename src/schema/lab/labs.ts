// Labs, their templates and grades, as the /labs and /templates routes answer them.
import { z } from 'zod';
import { ClusterSettings } from './answers';

const int = () => z.number().int();
const dateTime = () => z.string().meta({ format: 'date-time' });

export const NodeSpec = z
  .strictObject({ name: z.string(), ip: z.string(), roles: z.array(z.string()) })
  .meta({ description: 'A node of the lab: its name, InternalIP and roles.' });

export const LatestScore = z
  .strictObject({ points: z.number(), maxPoints: z.number(), gradedAt: dateTime() })
  .meta({
    description:
      'The latest grading of the lesson (POST /labs/{id}/grade, any format); gradedAt is wall time. Null until graded, and again after a reset. Ad-hoc checks (POST /labs/{id}/checks) do not record.',
  });

export const LabView = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    template: z.string().nullable(),
    nodes: z.array(NodeSpec),
    settings: ClusterSettings,
    createdAt: dateTime(),
    expiresAt: dateTime().nullable(),
    latestScore: LatestScore.nullable(),
  })
  .meta({ description: 'A lab, never with its token.' });

export const CreatedLab = LabView.extend({
  token: z.string().meta({
    description: "The lab's bearer token, shown once: `Authorization: Bearer <token>`.",
  }),
});

export const LabDetail = LabView.extend({
  usage: z.strictObject({
    objects: int(),
    pods: int(),
    networkPolicies: int(),
    storedBytes: int(),
  }),
  quota: z.strictObject({
    objects: int(),
    pods: int(),
    storedBytes: int(),
    containersPerPod: int(),
    networkPolicies: int(),
    networkPolicyRules: int(),
    requestsPerBatch: int(),
  }),
});

export const LabList = z.strictObject({
  items: z.array(LabView),
  continue: z
    .string()
    .optional()
    .meta({ description: 'Pass as `?continue=` for the next page; absent on the last.' }),
});

export const LabToken = z.strictObject({ id: z.string(), token: z.string() });

export const TemplateSummary = z.strictObject({
  id: z.string(),
  title: z.string(),
  tutorial: z.string(),
  description: z.string(),
  checks: int().meta({ description: 'How many checks grade the lesson.' }),
  maxScore: z.number(),
});

export const TemplateList = z.strictObject({ items: z.array(TemplateSummary) });

export const CheckResult = z.strictObject({
  id: z.string(),
  type: z.string(),
  passed: z.boolean(),
  points: z.number(),
  maxPoints: z.number(),
  message: z.string(),
  hint: z.string().optional(),
});

export const GradeResult = z
  .strictObject({
    score: z.number(),
    maxScore: z.number(),
    passed: z.boolean(),
    checks: z.array(CheckResult),
  })
  .meta({ description: 'Every check with its verdict; the score is the points of those passed.' });

export const GradescopeResults = z
  .strictObject({
    score: z.number(),
    max_score: z.number(),
    output: z.string(),
    visibility: z.literal('visible'),
    stdout_visibility: z.literal('visible'),
    tests: z.array(
      z.strictObject({
        name: z.string(),
        number: z.string(),
        score: z.number(),
        max_score: z.number(),
        status: z.enum(['passed', 'failed']),
        output: z.string(),
        visibility: z.literal('visible'),
      }),
    ),
  })
  .meta({ description: "Gradescope's autograder results.json (`?format=gradescope`)." });

export const LtiScore = z
  .strictObject({
    userId: z.string().optional(),
    scoreGiven: z.number(),
    scoreMaximum: z.number(),
    comment: z.string(),
    timestamp: dateTime(),
    activityProgress: z.literal('Completed'),
    gradingProgress: z.literal('FullyGraded'),
  })
  .meta({ description: 'An LTI Assignment and Grade Services Score (`?format=lti`).' });
