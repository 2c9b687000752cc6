// SPDY/3.1 frames (draft-mbelshe-httpbis-spdy-00 section 2.2; 3.1 adds session flow control),
// as moby/spdystream exchanges them for kubectl port-forward: an 8-byte head, then the payload.
// Control frames: bit 1, version 3, a type; data frames: bit 0 and a 31-bit stream id. Header
// blocks travel compressed; this module cuts and builds frames and leaves them compressed.

export const SPDY_VERSION = 3;

export const FrameType = {
  SynStream: 1,
  SynReply: 2,
  RstStream: 3,
  Settings: 4,
  Ping: 6,
  GoAway: 7,
  Headers: 8,
  WindowUpdate: 9,
} as const;

/** FLAG_FIN on data, SYN_STREAM, SYN_REPLY and HEADERS: the sender's half of the stream ends. */
export const FLAG_FIN = 0x01;

/** RST_STREAM status codes used here. */
export const RstStatus = {
  ProtocolError: 1,
  InvalidStream: 2,
  RefusedStream: 3,
  Cancel: 5,
} as const;

/** The largest frame accepted: kubectl's writes stay far below (32 KiB copies). */
export const MAX_FRAME_PAYLOAD = 1 << 20;

export type Frame =
  | { kind: 'data'; streamId: number; flags: number; data: Uint8Array }
  | { kind: 'control'; type: number; flags: number; payload: Uint8Array };

const HEAD = 8;

/** Frames cut out of a byte stream that arrives in arbitrary pieces (WebSocket messages). */
export class FrameReader {
  private buffer: Uint8Array = new Uint8Array(0);

  /** Adds bytes and answers every frame now complete; throws on a frame past the bound. */
  push(bytes: Uint8Array): Frame[] {
    this.buffer = concat(this.buffer, bytes);
    const frames: Frame[] = [];
    for (;;) {
      if (this.buffer.length < HEAD) break;
      const view = new DataView(this.buffer.buffer, this.buffer.byteOffset, HEAD);
      const length = view.getUint32(4) & 0xffffff;
      if (length > MAX_FRAME_PAYLOAD) throw new Error(`SPDY frame of ${length} bytes`);
      if (this.buffer.length < HEAD + length) break;
      const payload = this.buffer.slice(HEAD, HEAD + length);
      const flags = view.getUint8(4);
      const first = view.getUint32(0);
      if (first & 0x80000000) {
        const version = (first >>> 16) & 0x7fff;
        if (version !== SPDY_VERSION) throw new Error(`SPDY version ${version}`);
        frames.push({ kind: 'control', type: first & 0xffff, flags, payload });
      } else {
        frames.push({ kind: 'data', streamId: first & 0x7fffffff, flags, data: payload });
      }
      this.buffer = this.buffer.slice(HEAD + length);
    }
    return frames;
  }

  /** Bytes held for a frame not yet complete. */
  get pending(): number {
    return this.buffer.length;
  }
}

function frame(first: number, flags: number, payload: Uint8Array): Uint8Array {
  if (payload.length > 0xffffff) throw new Error('SPDY frame too large');
  const out = new Uint8Array(HEAD + payload.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, first >>> 0);
  view.setUint32(4, ((flags & 0xff) << 24) | payload.length);
  out.set(payload, HEAD);
  return out;
}

export function controlFrame(type: number, flags: number, payload: Uint8Array): Uint8Array {
  return frame((0x80000000 | (SPDY_VERSION << 16) | type) >>> 0, flags, payload);
}

export function dataFrame(streamId: number, flags: number, data: Uint8Array): Uint8Array {
  return frame(streamId & 0x7fffffff, flags, data);
}

function words(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setUint32(i * 4, v >>> 0));
  return out;
}

/** SYN_REPLY: stream id, then the compressed header block. */
export function synReplyFrame(streamId: number, flags: number, block: Uint8Array): Uint8Array {
  return controlFrame(FrameType.SynReply, flags, concat(words(streamId & 0x7fffffff), block));
}

export function rstStreamFrame(streamId: number, status: number): Uint8Array {
  return controlFrame(FrameType.RstStream, 0, words(streamId & 0x7fffffff, status));
}

export function pingFrame(id: number): Uint8Array {
  return controlFrame(FrameType.Ping, 0, words(id));
}

export function goAwayFrame(lastGoodStreamId: number, status = 0): Uint8Array {
  return controlFrame(FrameType.GoAway, 0, words(lastGoodStreamId & 0x7fffffff, status));
}

/** The parts of a SYN_STREAM: its stream id, the stream it is associated to, its header block. */
export function parseSynStream(payload: Uint8Array): { streamId: number; block: Uint8Array } {
  if (payload.length < 10) throw new Error('short SYN_STREAM');
  const view = new DataView(payload.buffer, payload.byteOffset, payload.length);
  return { streamId: view.getUint32(0) & 0x7fffffff, block: payload.subarray(10) };
}

/** The 31-bit stream id that starts RST_STREAM, HEADERS and WINDOW_UPDATE payloads, and PING's id. */
export function leadingWord(payload: Uint8Array, mask = 0x7fffffff): number {
  if (payload.length < 4) throw new Error('short SPDY control frame');
  return (new DataView(payload.buffer, payload.byteOffset, 4).getUint32(0) & mask) >>> 0;
}

export function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
