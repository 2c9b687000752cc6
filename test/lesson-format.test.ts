// The lesson format (docs/lessons.md) as scripts/lessons.ts reads it: lesson.md's front matter,
// exercise text and hints, checks.yaml validated as POST /labs/:id/checks validates checks, and
// the mistakes a lesson author can make named with their file.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseLessonMarkdown } from '../scripts/lesson-markdown';
import { readLesson, readLessons } from '../scripts/lessons';

const MD = `---
title: A title
tutorial: A tutorial
order: 1
---

First line of the exercise,
second line.

Another paragraph.

## Hints

- \`svc\`: One hint,
  continued.
`;
const CHECKS = `- id: svc
  type: objectExists
  points: 1
  kind: Service
  name: web
`;

const SOLUTION =
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n';

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

function lessonDir(files: Record<string, string>, id = 'my-lesson'): string {
  root = mkdtempSync(join(tmpdir(), 'lessons-'));
  const dir = join(root, 'lessons', id);
  mkdirSync(dir, { recursive: true });
  const all = { 'lesson.md': MD, 'start.yaml': '', 'solution.yaml': '', 'checks.yaml': CHECKS };
  for (const [f, text] of Object.entries({ ...all, ...files })) writeFileSync(join(dir, f), text);
  return root;
}

describe('lesson.md', () => {
  it('joins the lines of a paragraph and keeps paragraphs apart, and reads hints by check id', () => {
    const text = parseLessonMarkdown(MD, 'x');
    expect(text.description).toBe('First line of the exercise, second line.\n\nAnother paragraph.');
    expect([...text.hints]).toEqual([['svc', 'One hint, continued.']]);
    expect(text.front).toEqual({
      title: 'A title',
      tutorial: 'A tutorial',
      order: 1,
      startPasses: [],
      examples: [],
    });
  });

  it.each([
    ['no front matter', 'Just text', /must start with YAML front matter/],
    ['a misspelt key', MD.replace('order: 1', 'order: 1\ntitel: x'), /titel/],
    ['no exercise text', MD.replace(/First[\s\S]*paragraph\./, ''), /no exercise text/],
    ['a stray line among the hints', `${MD}not a hint\n`, /not a hint item/],
  ])('refuses %s', (_, md, message) => {
    expect(() => parseLessonMarkdown(md, 'lessons/x/lesson.md')).toThrow(message);
  });
});

describe('a lesson folder', () => {
  it('compiles to the template the API serves, the hint last in its check', () => {
    const lesson = readLesson('my-lesson', lessonDir({ 'solution.yaml': SOLUTION }));
    expect(lesson.template).toEqual({
      id: 'my-lesson',
      title: 'A title',
      tutorial: 'A tutorial',
      description: 'First line of the exercise, second line.\n\nAnother paragraph.',
      startingState: '',
      checks: [
        {
          id: 'svc',
          type: 'objectExists',
          points: 1,
          kind: 'Service',
          name: 'web',
          hint: 'One hint, continued.',
        },
      ],
      solution: SOLUTION,
    });
    expect(Object.keys(lesson.template.checks[0]!).at(-1)).toBe('hint');
  });

  it.each([
    [
      'a hint for no check',
      { 'lesson.md': MD.replace('`svc`', '`nope`') },
      /a hint for no check: nope/,
    ],
    [
      'a check the checks API refuses',
      { 'checks.yaml': CHECKS.replace('points: 1', 'points: -1') },
      /checks\.yaml: .*points/,
    ],
    [
      'an unknown check type',
      { 'checks.yaml': CHECKS.replace('objectExists', 'isThere') },
      /unsupported check type/,
    ],
    [
      'startPasses naming no check',
      { 'lesson.md': MD.replace('order: 1', 'order: 1\nstartPasses: [x]') },
      /startPasses names no check: x/,
    ],
    ['a start state that is not YAML', { 'start.yaml': 'a: [' }, /start\.yaml/],
  ])('is refused with %s, naming its file', (_, files, message) => {
    expect(() => readLesson('my-lesson', lessonDir(files))).toThrow(message);
  });

  it('is refused without one of its four files, or with a folder name that is no template id', () => {
    const dir = lessonDir({});
    rmSync(join(dir, 'lessons/my-lesson/checks.yaml'));
    expect(() => readLesson('my-lesson', dir)).toThrow(/missing checks\.yaml/);
    expect(() => readLessons(lessonDir({}, 'My_Lesson'))).toThrow(/lower-case DNS label/);
  });
});
