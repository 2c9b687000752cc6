// The shape of Kubernetes' documentation of one Go struct and its fields, as the generated module
// (field-docs.generated.ts) holds it and field-docs.ts lays it over the component schemas.
import type { JsonSchema } from './schemas';

export interface FieldDocs {
  description?: string;
  enum?: string[];
  type?: 'IntOrString' | 'Quantity';
  /** Kubernetes' schema of a primitive field the lab accepts and drops (its own has no type). */
  shape?: JsonSchema;
}
export interface StructDocs {
  description?: string;
  required?: string[];
  fields: Record<string, FieldDocs>;
}
