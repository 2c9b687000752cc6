// SPDY/3 header blocks: a count, then length-prefixed names and values (32-bit big-endian),
// compressed by one zlib stream per direction for the whole connection, with the SPDY/3
// dictionary and a sync flush after each block. pako is zlib in plain JS, so this runs on Node
// and on Workers alike.
import { Deflate, Inflate, Z_SYNC_FLUSH } from 'pako';
import { SPDY3_DICTIONARY } from './dictionary';
import { concat } from './frames';

/** Bounds on what a peer may make us inflate and hold. */
export const MAX_HEADER_BLOCK = 64 * 1024;
export const MAX_HEADER_PAIRS = 64;

/** Header names (lowercase, as SPDY/3 sends them) to values; several values are NUL-joined. */
export type HeaderPairs = [string, string][];

const text = new TextDecoder('utf-8', { fatal: false });
const bytes = new TextEncoder();

/** Inflates the header blocks one connection's peer sends, in order. */
export class HeaderDecoder {
  private readonly inflate = new Inflate({ dictionary: SPDY3_DICTIONARY });
  private out: Uint8Array[] = [];

  constructor() {
    this.inflate.onData = (chunk: Uint8Array) => {
      this.out.push(chunk);
      if (this.out.reduce((n, c) => n + c.length, 0) > MAX_HEADER_BLOCK) {
        throw new Error(`SPDY header block over ${MAX_HEADER_BLOCK} bytes`);
      }
    };
  }

  decode(block: Uint8Array): HeaderPairs {
    this.out = [];
    this.inflate.push(block, Z_SYNC_FLUSH);
    if (this.inflate.err) throw new Error(`SPDY header block: ${this.inflate.msg}`);
    const raw = this.out.reduce(concat, new Uint8Array(0));
    return parsePairs(raw);
  }
}

function parsePairs(raw: Uint8Array): HeaderPairs {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.length);
  let at = 0;
  const word = () => {
    if (at + 4 > raw.length) throw new Error('SPDY header block cut short');
    const v = view.getUint32(at);
    at += 4;
    return v;
  };
  const string = () => {
    const n = word();
    if (at + n > raw.length) throw new Error('SPDY header block cut short');
    const s = text.decode(raw.subarray(at, at + n));
    at += n;
    return s;
  };
  const count = word();
  if (count > MAX_HEADER_PAIRS) throw new Error(`SPDY header block of ${count} headers`);
  const pairs: HeaderPairs = [];
  for (let i = 0; i < count; i++) pairs.push([string(), string()]);
  return pairs;
}

/** Deflates the header blocks this end sends, in order. */
export class HeaderEncoder {
  private readonly deflate = new Deflate({ dictionary: SPDY3_DICTIONARY });
  private out: Uint8Array[] = [];

  constructor() {
    this.deflate.onData = (chunk: Uint8Array) => this.out.push(chunk);
  }

  encode(pairs: HeaderPairs): Uint8Array {
    const parts: Uint8Array[] = [];
    const word = (n: number) => {
      const w = new Uint8Array(4);
      new DataView(w.buffer).setUint32(0, n);
      parts.push(w);
    };
    word(pairs.length);
    for (const [name, value] of pairs) {
      const n = bytes.encode(name.toLowerCase());
      const v = bytes.encode(value);
      word(n.length);
      parts.push(n);
      word(v.length);
      parts.push(v);
    }
    this.out = [];
    this.deflate.push(parts.reduce(concat, new Uint8Array(0)), Z_SYNC_FLUSH);
    return this.out.reduce(concat, new Uint8Array(0));
  }
}

/** The value of header `name` (SPDY/3 names are lowercase on the wire). */
export function headerValue(pairs: HeaderPairs, name: string): string | undefined {
  return pairs.find(([n]) => n.toLowerCase() === name)?.[1];
}
