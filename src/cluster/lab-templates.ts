// Template manifests as the API would take them: parsed and decoded once, applied to a draft.
import type { ClusterDraft } from '../domain/registry/draft';
import { writeObject } from '../domain/registry/operations';
import { findTemplate, type LabTemplate } from '../domain/templates/index';
import { decodeObject, type Decoded } from '../manifest/decode';
import { parseManifests } from '../manifest/parse';

const decoded = new Map<string, Decoded[]>();

/** The documents of a YAML stream, decoded like POST /manifests decodes them. */
export function decodeManifests(yaml: string): Decoded[] {
  if (!yaml.trim()) return [];
  return parseManifests(yaml, 'yaml').map(decodeObject);
}

function startingObjects(template: LabTemplate): Decoded[] {
  let docs = decoded.get(template.id);
  if (!docs) decoded.set(template.id, (docs = decodeManifests(template.startingState)));
  return docs;
}

/** `kubectl apply` of every document onto the draft, as POST /manifests would. */
export function applyManifests(draft: ClusterDraft, docs: readonly Decoded[]): void {
  for (const { type, object } of docs) writeObject(draft, type, object, 'apply');
}

/** The setup step that gives a new (or reset) lab the template's starting state. */
export function templateSetup(templateId: string | undefined) {
  const template = templateId === undefined ? undefined : findTemplate(templateId);
  if (!template) return undefined;
  const docs = startingObjects(template);
  return (draft: ClusterDraft) => applyManifests(draft, docs);
}
