// Reads Kubernetes' own API documentation (descriptions, enums, required fields, IntOrString and
// Quantity types) out of the kubernetes-models package's type declarations, which its authors
// generate from kube-apiserver's OpenAPI document with enums on (docs comments keep the
// "Possible enum values" text a live server serves). Only the structs NodePort Lab serves are
// read; the module it writes is what src/http/docs/kube-api/field-docs.ts lays over the lab's schemas.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import ts from 'typescript';
import { RESOURCE_TYPES } from '../src/domain/apimachinery/resources';
import type { FieldDocs, StructDocs } from '../src/http/docs/kube-api/struct-docs';
import { addKindSchemas, UNMODELED_NOTE, type JsonSchema } from '../src/http/docs/kube-api/schemas';

export const OUTPUT = 'src/http/docs/kube-api/field-docs.generated.ts';

/** A package's folder, found from its entry point (some packages do not export package.json). */
function packageRoot(name: string, from: string): string {
  let dir = dirname(createRequire(from).resolve(name));
  while (!existsSync(join(dir, 'package.json')) || !dir.endsWith(name)) dir = dirname(dir);
  return dir;
}
const MODELS = packageRoot('kubernetes-models', import.meta.url);
const APIMACHINERY = packageRoot('@kubernetes-models/apimachinery', join(MODELS, 'index.js'));
const BASE = packageRoot('@kubernetes-models/base', join(MODELS, 'index.js'));
const MODELS_VERSION = (
  JSON.parse(readFileSync(join(MODELS, 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

/** kubernetes-models 4.5.x carries Kubernetes v1.33.0's API (its changelog: "Update schema version to v1.33.0"). */
const KUBERNETES_RELEASE = 'v1.33.0';

/** The declaration file of a definition: io.k8s.api.apps.v1.Deployment -> apps/v1/Deployment.d.ts. */
function declarationFile(definition: string): string {
  const meta = /^io\.k8s\.apimachinery\.pkg\.apis\.meta\.v1\.(\w+)$/.exec(definition);
  if (meta) return join(APIMACHINERY, 'apis/meta/v1', `${meta[1]}.d.ts`);
  const api = /^io\.k8s\.api\.(\w+)\.(v\w+)\.(\w+)$/.exec(definition);
  if (!api) throw new Error(`no declaration file for ${definition}`);
  const [, group, version, struct] = api;
  if (group === 'core') return join(MODELS, version!, `${struct}.d.ts`);
  const dir = readdirSync(MODELS).find((d) => d === group || d.startsWith(`${group}.`));
  if (!dir) throw new Error(`no API group folder for ${definition}`);
  return join(MODELS, dir, version!, `${struct}.d.ts`);
}

/** A doc comment's text: the lines between /** and *\/ without their leading ` * `. */
function docText(node: ts.Node): string | undefined {
  const doc = ts.getJSDocCommentsAndTags(node).find(ts.isJSDoc);
  if (!doc) return undefined;
  const lines = doc
    .getText()
    .replace(/^\/\*\*/, '')
    .replace(/\*\/$/, '')
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''));
  // The models escape `\`, `*` and the `/` of `*/` with a backslash to keep comments well formed.
  const text = lines
    .join('\n')
    .trim()
    .replace(/\\([\\*/])/g, '$1');
  return text || undefined;
}

function described(description: string | undefined): { description?: string } {
  return description ? { description } : {};
}

function literalEnum(type: ts.TypeNode): string[] | undefined {
  if (ts.isTypeReferenceNode(type) && type.typeArguments?.length === 1) {
    return literalEnum(type.typeArguments[0]!);
  }
  if (!ts.isUnionTypeNode(type)) return undefined;
  const values = type.types.map((t) =>
    ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? t.literal.text : undefined,
  );
  return values.every((v) => v !== undefined) ? values : undefined;
}

function specialType(type: ts.TypeNode): FieldDocs['type'] {
  const name = type.getText();
  if (name.endsWith('IntstrIntOrString')) return 'IntOrString';
  if (name.includes('ResourceQuantity')) return 'Quantity';
  return undefined;
}

/** TypeMeta's apiVersion and kind: documented once, never required (kube-apiserver fills them). */
function typeMetaDocs(): Record<string, FieldDocs> {
  const file = join(BASE, 'dist/meta.d.ts');
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const fields: Record<string, FieldDocs> = {};
  for (const s of source.statements) {
    if (!ts.isInterfaceDeclaration(s) || s.name.text !== 'TypeMeta') continue;
    for (const m of s.members) {
      if (ts.isPropertySignature(m) && ts.isIdentifier(m.name)) {
        fields[m.name.text] = described(docText(m));
      }
    }
  }
  return fields;
}

/** A primitive field's schema (string, integer, boolean, arrays and string maps of them). */
function primitiveShape(type: ts.TypeNode): JsonSchema | undefined {
  if (type.kind === ts.SyntaxKind.StringKeyword) return { type: 'string' };
  if (type.kind === ts.SyntaxKind.NumberKeyword) return { type: 'integer' };
  if (type.kind === ts.SyntaxKind.BooleanKeyword) return { type: 'boolean' };
  if (literalEnum(type) && !ts.isTypeReferenceNode(type)) return { type: 'string' };
  if (ts.isTypeReferenceNode(type) && type.typeName.getText() === 'Array' && type.typeArguments) {
    const items = primitiveShape(type.typeArguments[0]!);
    return items && { type: 'array', items };
  }
  if (ts.isTypeLiteralNode(type) && type.members.length === 1) {
    const index = type.members[0]!;
    const value = ts.isIndexSignatureDeclaration(index) ? primitiveShape(index.type) : undefined;
    return value && { type: 'object', additionalProperties: value };
  }
  return undefined;
}

function structDocs(
  definition: string,
  typeMeta: Record<string, FieldDocs>,
  unmodeled: ReadonlySet<string>,
): StructDocs {
  const file = declarationFile(definition);
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const struct = definition.split('.').pop()!;
  const decl = source.statements.find(
    (s): s is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(s) && s.name.text === `I${struct}`,
  );
  if (!decl) throw new Error(`interface I${struct} not found in ${file}`);
  const fields: Record<string, FieldDocs> = {};
  const required: string[] = [];
  for (const m of decl.members) {
    if (!ts.isPropertySignature(m) || !m.type) continue;
    const name = (m.name as ts.StringLiteral | ts.Identifier).text;
    const meta = typeMeta[name];
    if (meta && decl.heritageClauses) {
      // The models type apiVersion and kind as constants; Kubernetes documents them as TypeMeta.
      fields[name] = meta;
      continue;
    }
    const field: FieldDocs = described(docText(m));
    const values = literalEnum(m.type);
    if (values) field.enum = values;
    const special = specialType(m.type);
    if (special) field.type = special;
    // The lab's schema has no type for the fields it drops: Kubernetes' shows, where primitive.
    const shape = unmodeled.has(name) ? primitiveShape(m.type) : undefined;
    if (shape) field.shape = shape;
    fields[name] = field;
    if (!m.questionToken) required.push(name);
  }
  return { ...described(docText(decl)), ...(required.length ? { required } : {}), fields };
}

/** The doc comment of IntOrString (a type alias in the apimachinery package). */
function intOrStringDescription(): string {
  const file = join(APIMACHINERY, 'util/intstr/IntOrString.d.ts');
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const alias = source.statements.find(ts.isTypeAliasDeclaration);
  const text = alias && docText(alias);
  if (!text) throw new Error(`no IntOrString description in ${file}`);
  return text;
}

/**
 * Every struct NodePort Lab serves, as its OpenAPI documents name them, with the fields the lab
 * accepts and drops.
 */
export function servedDefinitions(): [string, Set<string>][] {
  const components: Record<string, JsonSchema> = {};
  for (const type of RESOURCE_TYPES) addKindSchemas(type, components);
  addKindSchemas({ kind: 'Scale', group: 'autoscaling', version: 'v1' }, components);
  return Object.keys(components)
    .filter((name) => !(name.endsWith('List') && components[name.slice(0, -4)]))
    .sort()
    .map((name) => {
      const properties = (components[name]!.properties ?? {}) as Record<string, JsonSchema>;
      const unmodeled = Object.entries(properties)
        .filter(([, p]) => p.description === UNMODELED_NOTE)
        .map(([field]) => field);
      return [name, new Set(unmodeled)];
    });
}

/** The generated module's text, formatted as the repository formats TypeScript. */
export async function generatedModule(): Promise<string> {
  const typeMeta = typeMetaDocs();
  const docs = Object.fromEntries(
    servedDefinitions().map(([d, unmodeled]) => [d, structDocs(d, typeMeta, unmodeled)]),
  );
  const text = [
    `// Generated by scripts/generate-k8s-docs.ts from kubernetes-models ${MODELS_VERSION}`,
    `// (Kubernetes ${KUBERNETES_RELEASE}): do not edit.`,
    '// Kubernetes API documentation of the structs NodePort Lab serves (see src/http/docs/kube-api/field-docs.ts).',
    "import type { StructDocs } from './struct-docs';",
    '',
    `export const INT_OR_STRING_DESCRIPTION = ${JSON.stringify(intOrStringDescription())};`,
    '',
    `export const KUBERNETES_DOCS: Record<string, StructDocs> = ${JSON.stringify(docs)};`,
    '',
  ].join('\n');
  const options = await resolveConfig(OUTPUT);
  return format(text, { ...options, parser: 'typescript' });
}
