// Compiles lessons/<id>/ (lesson.md, start.yaml, solution.yaml, checks.yaml) into the module the
// server bundles (the Worker reads no files) and writes the examples/ files made from them, so a
// manifest has one source. docs/lessons.md describes the format.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { parse } from 'yaml';
import { decodeManifests } from '../src/cluster/lab-templates';
import type { LabTemplate } from '../src/domain/lessons/template';
import { parseChecks } from '../src/http/lab-api/check-schema';
import { parseLessonMarkdown, type ExampleSpec, type LessonText } from './lesson-markdown';

export const LESSONS_DIR = 'lessons';
export const EXAMPLES_DIR = 'examples';
export const OUTPUT = 'src/domain/lessons/lessons.generated.ts';
const FILES = ['lesson.md', 'start.yaml', 'solution.yaml', 'checks.yaml'] as const;

/** A compiled lesson, with what the tests and the examples need beside the served template. */
export interface CompiledLesson {
  template: LabTemplate;
  front: LessonText['front'];
}

/** Every lessons/<id>/ folder, by name. */
export function lessonIds(root = '.'): string[] {
  return readdirSync(join(root, LESSONS_DIR), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

function checksOf(id: string, yaml: string, hints: Map<string, string>) {
  const where = `lessons/${id}/checks.yaml`;
  const list: unknown = parse(yaml);
  if (!Array.isArray(list)) throw new Error(`${where}: must be a list of checks`);
  const ids = new Set(list.map((c: { id?: unknown }) => c?.id));
  for (const hinted of hints.keys()) {
    if (!ids.has(hinted))
      throw new Error(`lessons/${id}/lesson.md: a hint for no check: ${hinted}`);
  }
  // The hint goes last, where the API has always shown it.
  const withHints = list.map((c: { id: string }) =>
    hints.has(c.id) ? { ...c, hint: hints.get(c.id) } : c,
  );
  const parsed = parseChecks({ checks: withHints });
  if ('problems' in parsed) {
    throw new Error(`${where}: ${parsed.problems.map((p) => p.message).join('; ')}`);
  }
  return parsed.checks;
}

/** Reads and validates one lesson folder. */
export function readLesson(id: string, root = '.'): CompiledLesson {
  const dir = join(root, LESSONS_DIR, id);
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(id)) {
    throw new Error(`lessons/${id}: the folder name is the template id: lower-case DNS label`);
  }
  for (const f of FILES) {
    if (!existsSync(join(dir, f))) throw new Error(`lessons/${id}: missing ${f}`);
  }
  const read = (f: (typeof FILES)[number]) => readFileSync(join(dir, f), 'utf8');
  const text = parseLessonMarkdown(read('lesson.md'), `lessons/${id}/lesson.md`);
  const startingState = read('start.yaml');
  const solution = read('solution.yaml');
  for (const [f, yaml] of [
    ['start.yaml', startingState],
    ['solution.yaml', solution],
  ] as const) {
    try {
      decodeManifests(yaml);
    } catch (e) {
      throw new Error(`lessons/${id}/${f}: ${(e as Error).message}`);
    }
  }
  const checks = checksOf(id, read('checks.yaml'), text.hints);
  for (const passing of text.front.startPasses) {
    if (!checks.some((c) => c.id === passing)) {
      throw new Error(`lessons/${id}/lesson.md: startPasses names no check: ${passing}`);
    }
  }
  const { title, tutorial, cloud, solutionCloud } = text.front;
  const template = {
    id,
    title,
    tutorial,
    description: text.description,
    startingState,
    checks,
    ...(cloud ? { cloud } : {}),
  };
  const solved = { ...template, solution, ...(solutionCloud ? { solutionCloud } : {}) };
  return { template: solved, front: text.front };
}

/** Every lesson, in their `order`. */
export function readLessons(root = '.'): CompiledLesson[] {
  const lessons = lessonIds(root).map((id) => readLesson(id, root));
  lessons.sort((a, b) => a.front.order - b.front.order);
  lessons.forEach((l, i) => {
    const next = lessons[i + 1];
    if (next && next.front.order === l.front.order) {
      throw new Error(`lessons ${l.template.id} and ${next.template.id} have the same order`);
    }
  });
  return lessons;
}

/** The documents of a YAML stream, each with the `---` line after it taken off. */
function documents(stream: string): string[] {
  return stream.split(/^---\n/m).filter((d) => d.trim() !== '');
}

function exampleText(lesson: LabTemplate, spec: ExampleSpec): string {
  const header = spec.comment.split('\n').map((l) => `# ${l}`.trimEnd());
  const docs = spec.documents.flatMap(({ from, object }) => {
    const all = documents(from === 'start' ? lesson.startingState : lesson.solution);
    if (!object) return all;
    const found = all.filter((d) => {
      const o = parse(d) as { kind?: unknown; metadata?: { name?: unknown } } | null;
      return `${o?.kind}/${o?.metadata?.name}` === object;
    });
    if (found.length !== 1) throw new Error(`lessons/${lesson.id}: no ${from} object ${object}`);
    return found;
  });
  return `${header.join('\n')}\n${docs.join('---\n')}`;
}

/** examples/<file> -> its text, for every example a lesson makes. */
export function lessonExamples(lessons: readonly CompiledLesson[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const { template, front } of lessons) {
    for (const spec of front.examples) {
      if (out.has(spec.file)) throw new Error(`two lessons make examples/${spec.file}`);
      out.set(spec.file, exampleText(template, spec));
    }
  }
  return out;
}

/** The generated module's text, formatted as the repository formats TypeScript. */
export async function generatedModule(lessons: readonly CompiledLesson[]): Promise<string> {
  const text = [
    '// Generated by scripts/generate-lessons.ts from lessons/*/: do not edit (docs/lessons.md).',
    "import type { LabTemplate } from './template';",
    '',
    '/** Every lesson, in the order of the tutorials. */',
    `export const LESSONS: readonly LabTemplate[] = ${JSON.stringify(lessons.map((l) => l.template))};`,
    '',
  ].join('\n');
  const options = await resolveConfig(OUTPUT);
  return format(text, { ...options, parser: 'typescript' });
}
