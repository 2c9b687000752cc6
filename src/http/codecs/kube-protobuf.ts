// Request bodies in Kubernetes' protobuf encoding (application/vnd.kubernetes.protobuf), which
// kubectl uses for its imperative `create deployment|service|configmap|namespace` commands: the
// `k8s\0` envelope (runtime.Unknown) around the object, decoded to the JSON object it stands for.
import { badRequest } from '../../domain/apimachinery/errors';
import { hasOwn, setOwn } from '../../domain/apimachinery/own-property';
import { MESSAGES, type FieldSpec } from './kube-protobuf-messages';
import { readFields, unpackVarints, type WireField } from './protobuf-reader';

export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

const MAGIC = [0x6b, 0x38, 0x73, 0x00];
const textDecoder = new TextDecoder();

type Json = Record<string, unknown>;

function text(f: WireField): string {
  return textDecoder.decode(f.bytes);
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === '' || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

/** Seconds of a meta/v1 Time that RFC 3339 can write: years 0000 to 9999, as Go's Time.MarshalJSON. */
const MIN_TIME_SECONDS = -62_167_219_200; // 0000-01-01T00:00:00Z
const MAX_TIME_SECONDS = 253_402_300_799; // 9999-12-31T23:59:59Z

/** A meta/v1 Time as its RFC 3339 string (undefined when zero); 400 outside years 0000-9999. */
function rfc3339(spec: FieldSpec, seconds = 0): string | undefined {
  if (seconds === 0) return undefined;
  if (!(seconds >= MIN_TIME_SECONDS && seconds <= MAX_TIME_SECONDS)) {
    throw badRequest(
      `protobuf: ${spec.name}: ${seconds} seconds is not a valid time: Time.MarshalJSON: year outside of range [0,9999]`,
    );
  }
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** One non-repeated value of `spec`'s type. */
function scalar(spec: FieldSpec, f: WireField): unknown {
  const type = spec.type;
  if (type === 'string') return text(f);
  if (type === 'int') return f.number;
  if (type === 'bool') return f.number !== 0;
  if (type === 'bytes') return base64(f.bytes);
  if (type === 'time') return rfc3339(spec, readFields(f.bytes).find((t) => t.field === 1)?.number);
  if (type === 'intOrString') {
    const parts = readFields(f.bytes);
    const kind = parts.find((t) => t.field === 1)?.number ?? 0;
    const str = parts.find((t) => t.field === 3);
    return kind === 1 ? (str ? text(str) : '') : (parts.find((t) => t.field === 2)?.number ?? 0);
  }
  if ('message' in type) return decodeMessage(type.message, f.bytes);
  return undefined;
}

/** A `map<string, V>` entry: key 1, value 2. */
function mapEntry(f: WireField, values: 'string' | 'bytes'): [string, string] {
  const parts = readFields(f.bytes);
  const key = parts.find((t) => t.field === 1);
  const value = parts.find((t) => t.field === 2);
  const decoded = value ? (values === 'bytes' ? base64(value.bytes) : text(value)) : '';
  return [key ? text(key) : '', decoded];
}

/** Decodes message `name` into its JSON form; unknown fields are skipped. */
export function decodeMessage(name: string, bytes: Uint8Array): Json {
  const specs = hasOwn(MESSAGES, name) ? MESSAGES[name] : undefined;
  if (!specs) throw badRequest(`protobuf: no decoder for ${name}`);
  const out: Json = {};
  for (const f of readFields(bytes)) {
    const spec = specs[f.field];
    if (!spec) continue;
    const type = spec.type;
    if (typeof type === 'object' && 'map' in type) {
      // Entries are added in place (a copy per entry was quadratic) as own properties, so a
      // `__proto__` key is an ordinary key.
      const [k, v] = mapEntry(f, type.map);
      const entries = (out[spec.name] as Json | undefined) ?? (out[spec.name] = {});
      setOwn(entries, k, v);
    } else if (spec.repeated) {
      const items = (out[spec.name] as unknown[] | undefined) ?? [];
      if (type === 'int' || type === 'bool') {
        items.push(...unpackVarints(f).map((n) => (type === 'bool' ? n !== 0 : n)));
      } else {
        items.push(scalar(spec, f));
      }
      out[spec.name] = items;
    } else {
      const value = scalar(spec, f);
      if (spec.inline && typeof value === 'object' && value !== null) Object.assign(out, value);
      else if (value !== undefined && (spec.pointer || !isEmpty(value))) out[spec.name] = value;
      else delete out[spec.name];
    }
  }
  return out;
}

/**
 * The object a protobuf request body carries, with its apiVersion and kind. Only the kinds in
 * MESSAGES decode; any other is a 415, as a server without that codec answers.
 */
export function decodeKubeProtobuf(body: Uint8Array): Json {
  if (body.length < 4 || MAGIC.some((b, i) => body[i] !== b)) {
    throw badRequest('the protobuf body does not start with the Kubernetes "k8s\\0" envelope');
  }
  const unknown = readFields(body.subarray(4));
  const typeMeta = unknown.find((f) => f.field === 1);
  const raw = unknown.find((f) => f.field === 2);
  const meta = typeMeta ? readFields(typeMeta.bytes) : [];
  const apiVersion = meta.find((f) => f.field === 1);
  const kindField = meta.find((f) => f.field === 2);
  const kind = kindField ? text(kindField) : '';
  // The kind is the client's: only a kind MESSAGES has itself decodes (never `constructor`).
  if (!hasOwn(MESSAGES, kind) || !raw) {
    throw badRequest(`protobuf bodies of kind "${kind}" are not supported: send JSON or YAML`);
  }
  return {
    apiVersion: apiVersion ? text(apiVersion) : '',
    kind,
    ...decodeMessage(kind, raw.bytes),
  };
}
