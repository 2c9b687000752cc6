// GET /templates and /templates/:id: the lessons a lab can start from. Reference solutions are
// shown to the admin (and in open mode) only; a student's token sees the exercise and its checks.
import { Hono, type Context } from 'hono';
import { ApiError } from '../../domain/apimachinery/errors';
import { findTemplate, LAB_TEMPLATES, type LabTemplate } from '../../domain/lessons/index';
import type { AppEnv } from '../context';

const maxScore = (t: LabTemplate) => t.checks.reduce((n, c) => n + c.points, 0);

function summary(t: LabTemplate) {
  return {
    id: t.id,
    title: t.title,
    tutorial: t.tutorial,
    description: t.description,
    checks: t.checks.length,
    maxScore: maxScore(t),
  };
}

function detail(c: Context<AppEnv>, t: LabTemplate) {
  const admin = c.var.principal.role === 'admin';
  return {
    ...summary(t),
    startingState: t.startingState,
    checks: t.checks,
    ...(t.cloud ? { cloud: t.cloud } : {}),
    ...(admin ? { solution: t.solution } : {}),
    ...(admin && t.solutionCloud ? { solutionCloud: t.solutionCloud } : {}),
  };
}

export const templateRoutes = new Hono<AppEnv>()
  .get('/templates', (c) => c.json({ items: LAB_TEMPLATES.map(summary) }))
  .get('/templates/:id', (c) => {
    const t = findTemplate(c.req.param('id'));
    if (!t) {
      const name = c.req.param('id');
      throw new ApiError(404, 'NotFound', `template "${name}" not found`, {
        name,
        kind: 'templates',
      });
    }
    return c.json(detail(c, t));
  });
