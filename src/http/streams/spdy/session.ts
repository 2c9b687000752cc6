// The server end of a SPDY/3.1 connection, as kube-apiserver and the kubelet are to kubectl
// (moby/spdystream): streams the peer opens are accepted with an empty SYN_REPLY, data flows
// both ways until each side sends FIN, pings are echoed, and the peer's GOAWAY ends it all.
// Flow control is not enforced (spdystream neither sends nor honours window updates for these
// short exchanges); streams open at once are bounded. Bytes in, bytes out: no I/O here.
import {
  FLAG_FIN,
  FrameReader,
  FrameType,
  RstStatus,
  dataFrame,
  goAwayFrame,
  leadingWord,
  parseSynStream,
  pingFrame,
  rstStreamFrame,
  synReplyFrame,
  type Frame,
} from './frames';
import { HeaderDecoder, HeaderEncoder, type HeaderPairs } from './header-block';

/** Streams one connection may hold open (kubectl opens two per forwarded TCP connection). */
export const MAX_OPEN_STREAMS = 64;

/** DATA frames carry at most this much (spdystream's own writes are 32 KiB copies). */
const MAX_DATA_FRAME = 32 * 1024;

export class SpdyStream {
  onData: (bytes: Uint8Array) => void = () => {};
  /** The peer sent FIN: it sends nothing more. */
  onEnd: () => void = () => {};
  /** The peer reset the stream (or the connection closed). */
  onReset: () => void = () => {};
  remoteClosed = false;
  localClosed = false;

  constructor(
    readonly id: number,
    readonly headers: HeaderPairs,
    private readonly session: SpdyServerSession,
  ) {}

  write(bytes: Uint8Array): void {
    if (this.localClosed) return;
    for (let at = 0; at < bytes.length; at += MAX_DATA_FRAME) {
      this.session.send(dataFrame(this.id, 0, bytes.subarray(at, at + MAX_DATA_FRAME)));
    }
  }

  /** Sends FIN: this end is done writing. */
  end(): void {
    if (this.localClosed) return;
    this.localClosed = true;
    this.session.send(dataFrame(this.id, FLAG_FIN, new Uint8Array(0)));
    this.session.settle(this);
  }

  reset(status: number = RstStatus.Cancel): void {
    if (this.localClosed && this.remoteClosed) return;
    this.localClosed = this.remoteClosed = true;
    this.session.send(rstStreamFrame(this.id, status));
    this.session.settle(this);
  }
}

export class SpdyServerSession {
  private readonly reader = new FrameReader();
  private readonly decoder = new HeaderDecoder();
  private readonly encoder = new HeaderEncoder();
  private readonly streams = new Map<number, SpdyStream>();
  private lastStreamId = 0;
  closed = false;

  constructor(
    /** Writes bytes to the peer (one WebSocket message each). */
    readonly send: (bytes: Uint8Array) => void,
    private readonly onStream: (stream: SpdyStream) => void,
    private readonly onGoAway: () => void = () => {},
  ) {}

  /** Bytes from the peer; a protocol error throws (the caller closes the connection). */
  receive(bytes: Uint8Array): void {
    for (const frame of this.reader.push(bytes)) {
      if (this.closed) return;
      this.handle(frame);
    }
  }

  get openStreams(): number {
    return this.streams.size;
  }

  /** Says GOAWAY and resets what is open. */
  close(): void {
    if (this.closed) return;
    this.send(goAwayFrame(this.lastStreamId));
    this.closed = true;
    for (const stream of this.streams.values()) stream.onReset();
    this.streams.clear();
  }

  /** Forgets a stream once both ends are done with it. */
  settle(stream: SpdyStream): void {
    if (stream.localClosed && stream.remoteClosed) this.streams.delete(stream.id);
  }

  private handle(frame: Frame): void {
    if (frame.kind === 'data') return this.data(frame.streamId, frame.flags, frame.data);
    const { type, flags, payload } = frame;
    if (type === FrameType.SynStream) return this.synStream(flags, payload);
    if (type === FrameType.RstStream) {
      const stream = this.streams.get(leadingWord(payload));
      if (!stream) return;
      stream.localClosed = stream.remoteClosed = true;
      this.streams.delete(stream.id);
      stream.onReset();
      return;
    }
    if (type === FrameType.Ping) return this.send(pingFrame(leadingWord(payload, 0xffffffff)));
    // Its header block still moves the shared zlib stream on.
    if (type === FrameType.Headers) return void this.decoder.decode(payload.subarray(4));
    if (type === FrameType.GoAway) {
      this.closed = true;
      for (const stream of this.streams.values()) stream.onReset();
      this.streams.clear();
      this.onGoAway();
    }
    // SETTINGS and WINDOW_UPDATE: nothing to do without flow control.
  }

  private synStream(flags: number, payload: Uint8Array): void {
    const { streamId, block } = parseSynStream(payload);
    const headers = this.decoder.decode(block);
    if (streamId <= this.lastStreamId || streamId % 2 === 0) {
      return this.send(rstStreamFrame(streamId, RstStatus.ProtocolError));
    }
    this.lastStreamId = streamId;
    if (this.streams.size >= MAX_OPEN_STREAMS) {
      return this.send(rstStreamFrame(streamId, RstStatus.RefusedStream));
    }
    const stream = new SpdyStream(streamId, headers, this);
    this.streams.set(streamId, stream);
    this.send(synReplyFrame(streamId, 0, this.encoder.encode([])));
    this.onStream(stream);
    if (flags & FLAG_FIN) this.remoteEnd(stream);
  }

  private data(streamId: number, flags: number, data: Uint8Array): void {
    const stream = this.streams.get(streamId);
    if (!stream || stream.remoteClosed) {
      // Late data for a stream this end already reset or forgot is dropped, as spdystream does.
      if (streamId > this.lastStreamId || stream) {
        this.send(rstStreamFrame(streamId, RstStatus.InvalidStream));
      }
      return;
    }
    if (data.length > 0) stream.onData(data);
    if (flags & FLAG_FIN) this.remoteEnd(stream);
  }

  private remoteEnd(stream: SpdyStream): void {
    stream.remoteClosed = true;
    this.settle(stream);
    stream.onEnd();
  }
}
