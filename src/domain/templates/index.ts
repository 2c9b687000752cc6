// Lesson templates, one per tutorial: data bundled with the code (the Worker reads no files).
import { echoDeployment } from './echo-deployment';
import { externalIp } from './external-ip';
import { frontendBackend } from './frontend-backend';
import { nodePortBasics } from './nodeport-basics';
import { nodePortPitfalls } from './nodeport-pitfalls';
import type { LabTemplate } from './template';

export type { LabTemplate } from './template';

/** Every template, in the order of the tutorials. */
export const LAB_TEMPLATES: readonly LabTemplate[] = [
  nodePortBasics,
  frontendBackend,
  echoDeployment,
  externalIp,
  nodePortPitfalls,
];

export function findTemplate(id: string): LabTemplate | undefined {
  return LAB_TEMPLATES.find((t) => t.id === id);
}
