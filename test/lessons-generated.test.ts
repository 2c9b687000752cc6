// The lessons compile to files that are committed (src/domain/lessons/lessons.generated.ts, which
// the Worker bundles, and the examples/ files the lessons make): each must be what
// scripts/generate-lessons.ts writes from lessons/ today.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lessonOutputs } from '../scripts/generate-lessons';
import { target } from './support/app';

describe.skipIf(target === 'worker')('compiled lessons', () => {
  it('are what scripts/generate-lessons.ts writes from lessons/', async () => {
    const stale: string[] = [];
    for (const [path, text] of await lessonOutputs()) {
      if (readFileSync(path, 'utf8') !== text) stale.push(path);
    }
    const how =
      'edit lessons/ (a lesson makes the examples/ files its lesson.md names), then run `npm run lessons` and commit';
    expect(stale, `out of date: ${stale.join(', ')}; ${how}`).toEqual([]);
  });
});
