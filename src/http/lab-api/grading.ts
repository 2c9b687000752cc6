// POST /labs/:id/checks and /labs/:id/grade: declarative checks, scored, as JSON, a Gradescope
// results.json or an LTI AGS Score. The admin or the lab's own token may grade; the cluster stays
// as it is. Grading the lesson (/grade) keeps its score as the lab's latestScore; ad-hoc checks do
// not, since anyone with the lab's token could pick checks that pass.
import { Hono, type Context } from 'hono';
import { gradeLab } from '../../cluster/grading';
import { badRequest } from '../../domain/apimachinery/errors';
import {
  gradescopeResults,
  ltiScore,
  type Check,
  type GradeResult,
} from '../../domain/grading/index';
import { findTemplate } from '../../domain/templates/index';
import { requireLab } from '../middleware/auth';
import { parseChecks } from './check-schema';
import type { AppEnv } from '../context';
import { rawJson } from './json-body';

type Ctx = Context<AppEnv>;

const FORMATS = ['json', 'gradescope', 'lti'] as const;
type Format = (typeof FORMATS)[number];

function formatOf(c: Ctx): Format {
  const format = c.req.query('format') ?? 'json';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw badRequest(`format must be one of ${FORMATS.join(', ')}, got "${format}"`);
  }
  return format as Format;
}

function answer(c: Ctx, format: Format, grade: GradeResult): Response {
  if (format === 'gradescope') return c.json(gradescopeResults(grade));
  if (format === 'lti') {
    const now = c.var.cluster.clock.now().toISOString();
    const score = ltiScore(grade, now, c.req.query('userId') || undefined);
    return c.body(JSON.stringify(score), 200, {
      'Content-Type': 'application/vnd.ims.lis.v1.score+json',
    });
  }
  return c.json(grade);
}

async function run(
  c: Ctx,
  checks: readonly Check[],
  format: Format,
  record: boolean,
): Promise<Response> {
  const id = c.req.param('id') ?? '';
  const grade = await gradeLab(c.var.cluster, id, checks);
  if (record) await c.var.labs.recordScore(id, grade.score, grade.maxScore);
  return answer(c, format, grade);
}

export const gradingRoutes = new Hono<AppEnv>()
  .post('/labs/:id/checks', async (c) => {
    const id = c.req.param('id');
    requireLab(c, id);
    const format = formatOf(c);
    await c.var.labs.get(id);
    const parsed = parseChecks(await rawJson(c));
    if ('problems' in parsed) {
      const causes = parsed.problems.map((p) => ({
        reason: 'FieldValueInvalid',
        message: p.message,
        field: p.field,
      }));
      throw badRequest(`invalid checks: ${parsed.problems[0]!.message}`, causes);
    }
    return run(c, parsed.checks, format, false);
  })
  .post('/labs/:id/grade', async (c) => {
    const id = c.req.param('id');
    requireLab(c, id);
    const format = formatOf(c);
    const lab = await c.var.labs.get(id);
    const template = lab.template === null ? undefined : findTemplate(lab.template);
    if (!template) {
      throw badRequest(
        `lab "${id}" was not created from a template, so it has no checks to grade; POST /labs/${id}/checks with a list of checks`,
      );
    }
    return run(c, template.checks, format, true);
  });
