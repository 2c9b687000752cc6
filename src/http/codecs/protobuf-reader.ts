// A minimal protocol buffers decoder: the wire format split into fields, nested messages left as
// bytes for the caller, who knows their types. Malformed input is a 400, never a crash.
import { badRequest } from '../../domain/apimachinery/errors';

export interface WireField {
  field: number;
  /** 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32. */
  wire: number;
  /** The varint as a signed 64-bit integer (Go writes negative int32s that way too). */
  number: number;
  /** Length-delimited bytes (strings, bytes, nested and packed fields). */
  bytes: Uint8Array;
}

const EMPTY = new Uint8Array(0);

function malformed(): never {
  throw badRequest('the protobuf body is malformed');
}

/** Splits `bytes` into its fields, in order (repeated fields appear once per value). */
export function readFields(bytes: Uint8Array): WireField[] {
  const out: WireField[] = [];
  let at = 0;
  const varint = (): number => {
    const [value, next] = readVarint(bytes, at);
    at = next;
    return value;
  };
  while (at < bytes.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (field === 0) malformed();
    if (wire === 0) {
      out.push({ field, wire, number: varint(), bytes: EMPTY });
    } else if (wire === 2) {
      const length = varint();
      if (at + length > bytes.length) malformed();
      out.push({ field, wire, number: 0, bytes: bytes.subarray(at, at + length) });
      at += length;
    } else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      if (at + size > bytes.length) malformed();
      const view = new DataView(bytes.buffer, bytes.byteOffset + at, size);
      out.push({ field, wire, number: view.getUint32(0, true), bytes: EMPTY });
      at += size;
    } else {
      malformed();
    }
  }
  return out;
}

/** One varint at `at`, as a signed 64-bit integer, and the offset after it. */
function readVarint(bytes: Uint8Array, at: number): [number, number] {
  let result = 0n;
  let shift = 0n;
  for (let i = at; i < at + 10; i++) {
    const b = bytes[i];
    if (b === undefined) malformed();
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [Number(BigInt.asIntN(64, result)), i + 1];
    shift += 7n;
  }
  return malformed();
}

/** The values of a repeated scalar field, packed or not. */
export function unpackVarints(f: WireField): number[] {
  if (f.wire === 0) return [f.number];
  return readPacked(f.bytes);
}

function readPacked(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let at = 0;
  while (at < bytes.length) {
    const [value, next] = readVarint(bytes, at);
    out.push(value);
    at = next;
  }
  return out;
}
