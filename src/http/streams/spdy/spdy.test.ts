// SPDY/3.1 framing and the server session, against frames built the way spdystream builds them
// and against node:zlib (an independent zlib) for the header blocks.
// eslint-disable-next-line no-restricted-imports -- a test on Node: node:zlib is the independent zlib the header blocks are checked against
import { deflateSync, inflateSync, constants as zlib } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SPDY3_DICTIONARY } from './dictionary';
import {
  FLAG_FIN,
  FrameReader,
  FrameType,
  MAX_FRAME_PAYLOAD,
  controlFrame,
  dataFrame,
  leadingWord,
  type Frame,
} from './frames';
import { HeaderDecoder, HeaderEncoder, MAX_HEADER_PAIRS, headerValue } from './header-block';
import { MAX_OPEN_STREAMS, SpdyServerSession, type SpdyStream } from './session';

const bytes = (...values: number[]) => Uint8Array.from(values);

function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const x of data) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** A kubectl-side SYN_STREAM: stream id, associated 0, priority 0, then the header block. */
function synStream(client: HeaderEncoder, id: number, headers: [string, string][], flags = 0) {
  const head = new Uint8Array(10);
  new DataView(head.buffer).setUint32(0, id);
  const block = client.encode(headers);
  const payload = new Uint8Array(10 + block.length);
  payload.set(head);
  payload.set(block, 10);
  return controlFrame(FrameType.SynStream, flags, payload);
}

function pair(headers: [string, string][] = []) {
  const sent: Frame[] = [];
  const reader = new FrameReader();
  const streams: SpdyStream[] = [];
  const session = new SpdyServerSession(
    (b) => sent.push(...reader.push(b)),
    (s) => streams.push(s),
  );
  return { sent, streams, session, client: new HeaderEncoder(), headers };
}

describe('the SPDY/3 dictionary', () => {
  it('is the 1,423 bytes whose Adler-32 every SPDY/3 header block names', () => {
    expect(SPDY3_DICTIONARY.length).toBe(1423);
    expect(adler32(SPDY3_DICTIONARY).toString(16)).toBe('e3c6a7c2');
  });
});

describe('header blocks', () => {
  const headers: [string, string][] = [
    ['streamtype', 'data'],
    ['port', '80'],
    ['requestid', '0'],
  ];

  it('deflate with the dictionary and a sync flush, as node:zlib reads them', () => {
    const block = new HeaderEncoder().encode(headers);
    expect([...block.subarray(2, 6)]).toEqual([0xe3, 0xc6, 0xa7, 0xc2]);
    const raw = inflateSync(block, {
      dictionary: SPDY3_DICTIONARY,
      finishFlush: zlib.Z_SYNC_FLUSH,
    });
    expect(raw.readUInt32BE(0)).toBe(3);
    expect(raw.subarray(8, 18).toString()).toBe('streamtype');
  });

  it('inflate what node:zlib deflates, block after block on one zlib stream', () => {
    const client = new HeaderEncoder();
    const decoder = new HeaderDecoder();
    expect(decoder.decode(client.encode(headers))).toEqual(headers);
    // The second block only makes sense after the first: one stream per direction.
    expect(decoder.decode(client.encode([['port', '8080']]))).toEqual([['port', '8080']]);
    const foreign = new HeaderDecoder();
    const one = Buffer.from([
      0,
      0,
      0,
      1,
      0,
      0,
      0,
      4,
      ...Buffer.from('port'),
      0,
      0,
      0,
      2,
      0x38,
      0x30,
    ]);
    const block = deflateSync(one, {
      dictionary: SPDY3_DICTIONARY,
      finishFlush: zlib.Z_SYNC_FLUSH,
    });
    expect(foreign.decode(block)).toEqual([['port', '80']]);
    expect(headerValue([['Port', '81']], 'port')).toBe('81');
  });

  it('refuses a block with more headers than the bound, or one cut short', () => {
    const many = Array.from({ length: MAX_HEADER_PAIRS + 1 }, (_, i): [string, string] => [
      `h${i}`,
      'v',
    ]);
    expect(() => new HeaderDecoder().decode(new HeaderEncoder().encode(many))).toThrow(/headers/);
    expect(() => new HeaderDecoder().decode(bytes(1, 2, 3))).toThrow();
  });
});

describe('FrameReader', () => {
  it('cuts frames out of pieces of any size and tells data from control frames', () => {
    const wire = new Uint8Array([
      ...dataFrame(3, FLAG_FIN, bytes(1, 2, 3)),
      ...controlFrame(FrameType.Ping, 0, bytes(0, 0, 0, 7)),
    ]);
    const reader = new FrameReader();
    const frames: Frame[] = [];
    for (const b of wire) frames.push(...reader.push(bytes(b)));
    expect(frames).toEqual([
      { kind: 'data', streamId: 3, flags: FLAG_FIN, data: bytes(1, 2, 3) },
      { kind: 'control', type: FrameType.Ping, flags: 0, payload: bytes(0, 0, 0, 7) },
    ]);
    expect(reader.pending).toBe(0);
  });

  it('refuses another SPDY version and a frame past the bound before buffering it', () => {
    const v2 = controlFrame(FrameType.Ping, 0, bytes(0, 0, 0, 1));
    v2[1] = 2;
    expect(() => new FrameReader().push(v2)).toThrow(/version 2/);
    const head = bytes(0, 0, 0, 1, 0, 0x20, 0, 1);
    expect(MAX_FRAME_PAYLOAD).toBeLessThan(0x200001);
    expect(() => new FrameReader().push(head)).toThrow(/frame of/);
  });
});

describe('SpdyServerSession', () => {
  it('replies to each SYN_STREAM, passes data both ways and ends with FIN', () => {
    const { sent, streams, session, client } = pair();
    const received: string[] = [];
    session.receive(
      synStream(
        client,
        1,
        [
          ['streamtype', 'error'],
          ['port', '80'],
          ['requestid', '0'],
        ],
        0,
      ),
    );
    session.receive(
      synStream(client, 3, [
        ['streamtype', 'data'],
        ['port', '80'],
        ['requestid', '0'],
      ]),
    );
    expect(streams.map((s) => headerValue(s.headers, 'streamtype'))).toEqual(['error', 'data']);
    const replies = sent.filter((f) => f.kind === 'control' && f.type === FrameType.SynReply);
    expect(replies.map((f) => f.kind === 'control' && leadingWord(f.payload))).toEqual([1, 3]);
    // The replies' header blocks are one zlib stream the client can read in order.
    const decoder = new HeaderDecoder();
    for (const f of replies)
      if (f.kind === 'control') expect(decoder.decode(f.payload.subarray(4))).toEqual([]);
    const data = streams[1]!;
    data.onData = (b) => received.push(new TextDecoder().decode(b));
    let ended = false;
    data.onEnd = () => (ended = true);
    session.receive(dataFrame(3, 0, new TextEncoder().encode('GET / HTTP/1.1\r\n')));
    session.receive(dataFrame(3, FLAG_FIN, new Uint8Array(0)));
    expect(received).toEqual(['GET / HTTP/1.1\r\n']);
    expect(ended).toBe(true);
    data.write(new Uint8Array(70_000));
    data.end();
    const out = sent.filter((f) => f.kind === 'data');
    expect(out.map((f) => (f.kind === 'data' ? [f.data.length, f.flags] : []))).toEqual([
      [32768, 0],
      [32768, 0],
      [4464, 0],
      [0, FLAG_FIN],
    ]);
    expect(session.openStreams).toBe(1);
  });

  it('echoes pings, resets on RST_STREAM and answers data for an unknown stream with RST', () => {
    const { sent, streams, session, client } = pair();
    session.receive(controlFrame(FrameType.Ping, 0, bytes(0, 0, 0, 9)));
    expect(sent).toEqual([
      { kind: 'control', type: FrameType.Ping, flags: 0, payload: bytes(0, 0, 0, 9) },
    ]);
    session.receive(synStream(client, 1, [['streamtype', 'data']]));
    let reset = false;
    streams[0]!.onReset = () => (reset = true);
    session.receive(controlFrame(FrameType.RstStream, 0, bytes(0, 0, 0, 1, 0, 0, 0, 5)));
    expect(reset).toBe(true);
    expect(session.openStreams).toBe(0);
    sent.length = 0;
    session.receive(dataFrame(1, 0, bytes(1))); // late data of a stream it reset: dropped
    session.receive(dataFrame(7, 0, bytes(1)));
    expect(sent).toEqual([
      {
        kind: 'control',
        type: FrameType.RstStream,
        flags: 0,
        payload: bytes(0, 0, 0, 7, 0, 0, 0, 2),
      },
    ]);
  });

  it('refuses streams past the bound, and even or reused stream ids', () => {
    const { sent, session, client } = pair();
    for (let i = 0; i < MAX_OPEN_STREAMS + 1; i++)
      session.receive(synStream(client, 2 * i + 1, [['a', 'b']]));
    expect(session.openStreams).toBe(MAX_OPEN_STREAMS);
    const rst = sent.filter((f) => f.kind === 'control' && f.type === FrameType.RstStream);
    expect(rst).toHaveLength(1);
    session.receive(synStream(client, 1, [['a', 'b']]));
    session.receive(synStream(client, 1000, [['a', 'b']]));
    expect(sent.filter((f) => f.kind === 'control' && f.type === FrameType.RstStream)).toHaveLength(
      3,
    );
  });

  it('stops at GOAWAY, and close() says GOAWAY with the last stream id', () => {
    const { sent, streams, session, client } = pair();
    session.receive(synStream(client, 5, [['a', 'b']]));
    let reset = 0;
    streams[0]!.onReset = () => reset++;
    session.close();
    expect(sent.at(-1)).toEqual({
      kind: 'control',
      type: FrameType.GoAway,
      flags: 0,
      payload: bytes(0, 0, 0, 5, 0, 0, 0, 0),
    });
    expect(reset).toBe(1);
    const other = pair();
    let gone = false;
    const s = new SpdyServerSession(
      () => {},
      () => {},
      () => (gone = true),
    );
    s.receive(controlFrame(FrameType.GoAway, 0, bytes(0, 0, 0, 0, 0, 0, 0, 0)));
    expect(gone).toBe(true);
    expect(other.session.closed).toBe(false);
  });
});
