// lessons/<id>/lesson.md: YAML front matter (title, tutorial, order, startPasses, examples), the
// exercise as the student reads it, then a `## Hints` list with one hint per check id.
import { parse } from 'yaml';
import { z } from 'zod';
import { Firewall, LoadBalancerPool } from '../src/schema/lab/cloud';

const objectRef = z.string().regex(/^[A-Za-z]+\/[-a-z0-9.]+$/, 'must be Kind/name');

/** One examples/ file made of a lesson's documents, under a comment. */
const ExampleSchema = z
  .object({
    file: z.string().regex(/^[-a-z0-9]+\.yaml$/, 'must be a file name like nginx-pod.yaml'),
    comment: z.string().min(1),
    documents: z
      .array(
        z.object({ from: z.enum(['start', 'solution']), object: objectRef.optional() }).strict(),
      )
      .min(1),
  })
  .strict();
export type ExampleSpec = z.infer<typeof ExampleSchema>;

const FrontMatterSchema = z
  .object({
    title: z.string().min(1).max(200),
    tutorial: z.string().min(1).max(200),
    /** Where the lesson stands in GET /templates (the tutorials' order). */
    order: z.number().int().min(1),
    /** Checks the start state already passes; every other check must fail there. */
    startPasses: z.array(z.string()).default([]),
    examples: z.array(ExampleSchema).default([]),
    /** The cloud around the nodes a lab of this lesson starts with (docs/cloud.md). */
    cloud: z
      .strictObject({
        firewall: Firewall.optional(),
        loadBalancerPool: LoadBalancerPool.optional(),
      })
      .optional(),
    /** What the solution changes in the cloud (PATCH /cluster), beside solution.yaml. */
    solutionCloud: z
      .strictObject({
        firewall: Firewall.nullable().optional(),
        loadBalancerPool: LoadBalancerPool.optional(),
      })
      .optional(),
  })
  .strict();
export type FrontMatter = z.infer<typeof FrontMatterSchema>;

export interface LessonText {
  front: FrontMatter;
  /** The body before `## Hints`: paragraphs kept, the lines of each joined by spaces. */
  description: string;
  /** Check id -> hint, in the order written. */
  hints: Map<string, string>;
}

const joinLines = (lines: string[]) =>
  lines
    .map((l) => l.trim())
    .join(' ')
    .trim();

function paragraphs(text: string): string {
  return text
    .split(/\n[ \t]*\n/)
    .map((p) => joinLines(p.split('\n')))
    .filter((p) => p.length > 0)
    .join('\n\n');
}

/** `- \`id\`: text` items; an indented line continues the item before it. */
function hintList(text: string, where: string): Map<string, string> {
  const hints = new Map<string, string>();
  let current: { id: string; lines: string[] } | undefined;
  const flush = () => {
    if (current) hints.set(current.id, joinLines(current.lines));
  };
  for (const line of text.split('\n')) {
    const item = /^- `([^`]+)`: (.*)$/.exec(line);
    if (item) {
      flush();
      if (hints.has(item[1]!)) throw new Error(`${where}: two hints for check "${item[1]}"`);
      current = { id: item[1]!, lines: [item[2]!] };
    } else if (/^\s+\S/.test(line) && current) current.lines.push(line);
    else if (line.trim() !== '') throw new Error(`${where}: not a hint item: ${line}`);
  }
  flush();
  return hints;
}

/** Reads one lesson.md; `where` names it in errors. */
export function parseLessonMarkdown(text: string, where: string): LessonText {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!match) throw new Error(`${where}: must start with YAML front matter between --- lines`);
  const front = FrontMatterSchema.safeParse(parse(match[1]!));
  if (!front.success) throw new Error(`${where}: front matter: ${z.prettifyError(front.error)}`);
  const [body, hints = ''] = match[2]!.split(/^## Hints[ \t]*$/m);
  const description = paragraphs(body!);
  if (!description) throw new Error(`${where}: no exercise text before ## Hints`);
  return { front: front.data, description, hints: hintList(hints, where) };
}
