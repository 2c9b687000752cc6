// Writes src/domain/lessons/lessons.generated.ts and the examples/ files the lessons make, each only
// when its text changed. `npm run lessons`; `npm start`, typecheck, the Worker build and the Worker
// tests run it first. test/lessons-generated.test.ts fails when the committed files are stale.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EXAMPLES_DIR, generatedModule, lessonExamples, OUTPUT, readLessons } from './lessons';

/** Every file the lessons compile to: path -> text. */
export async function lessonOutputs(root = '.'): Promise<Map<string, string>> {
  const lessons = readLessons(root);
  const out = new Map([[OUTPUT, await generatedModule(lessons)]]);
  for (const [file, text] of lessonExamples(lessons)) out.set(`${EXAMPLES_DIR}/${file}`, text);
  return out;
}

const current = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** Writes what changed (through a temporary file, so no reader sees half of one); answers those paths. */
export async function generateLessons(root = '.'): Promise<string[]> {
  const written: string[] = [];
  for (const [path, text] of await lessonOutputs(root)) {
    const full = join(root, path);
    if (current(full) === text) continue;
    writeFileSync(`${full}.tmp`, text);
    renameSync(`${full}.tmp`, full);
    written.push(path);
  }
  return written;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const written = await generateLessons();
  console.log(written.length ? `lessons: wrote ${written.join(', ')}` : 'lessons: up to date');
}
