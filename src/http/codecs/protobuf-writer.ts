// A minimal protocol buffers encoder (proto3 wire format): varints, strings, bools and nested
// messages, enough to serve the OpenAPI v2 document in the protobuf form older kubectl asks for.

const textEncoder = new TextEncoder();

/** Builds one message; fields are written in the order they are added. */
export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  private push(bytes: Uint8Array | number[]): void {
    const chunk = bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes);
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  private varint(value: number): void {
    const out: number[] = [];
    let v = value;
    while (v > 0x7f) {
      out.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(v);
    this.push(out);
  }

  private lengthDelimited(field: number, bytes: Uint8Array): void {
    this.varint((field << 3) | 2);
    this.varint(bytes.length);
    this.push(bytes);
  }

  /** A string field; empty strings are left out, as proto3 does. */
  string(field: number, value: string | undefined): this {
    if (value) this.lengthDelimited(field, textEncoder.encode(value));
    return this;
  }

  strings(field: number, values: readonly string[] | undefined): this {
    for (const v of values ?? []) this.lengthDelimited(field, textEncoder.encode(v));
    return this;
  }

  /** A varint field (non-negative integers); zero is left out, as proto3 does. */
  int(field: number, value: number | undefined): this {
    if (value) {
      this.varint(field << 3);
      this.varint(value);
    }
    return this;
  }

  /** A bool field; false is left out, as proto3 does. */
  bool(field: number, value: boolean | undefined): this {
    if (value) {
      this.varint(field << 3);
      this.varint(1);
    }
    return this;
  }

  message(field: number, value: ProtoWriter | undefined): this {
    if (value) this.lengthDelimited(field, value.finish());
    return this;
  }

  messages(field: number, values: readonly ProtoWriter[]): this {
    for (const v of values) this.message(field, v);
    return this;
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }
}
