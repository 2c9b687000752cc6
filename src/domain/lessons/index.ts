// Lessons (the API calls them templates): compiled from lessons/<id>/ into lessons.generated.ts
// (the Worker reads no files); docs/lessons.md says how to write one.
import { LESSONS } from './lessons.generated';
import type { LabTemplate } from './template';

export type { LabTemplate } from './template';

/** Every template, in the order of the tutorials. */
export const LAB_TEMPLATES: readonly LabTemplate[] = LESSONS;

export function findTemplate(id: string): LabTemplate | undefined {
  return LAB_TEMPLATES.find((t) => t.id === id);
}
