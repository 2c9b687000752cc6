// kube-proxy chain names (KUBE-SVC-..., KUBE-SEP-..., nftables service-/endpoint-), computed the
// way pkg/proxy does: base32(sha256(name)) truncated. SHA-256 is written out because the domain
// may not import node:crypto and WebCrypto is async.
import { boundedCache, stringBytes } from '../apimachinery/bounded-cache';

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

function padMessage(bytes: Uint8Array): DataView {
  const length = Math.ceil((bytes.length + 9) / 64) * 64;
  const padded = new Uint8Array(length);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(length - 8, Math.floor((bytes.length * 8) / 2 ** 32));
  view.setUint32(length - 4, (bytes.length * 8) >>> 0);
  return view;
}

function compress(h: Uint32Array, view: DataView, offset: number, w: Uint32Array): void {
  for (let i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4);
  for (let i = 16; i < 64; i++) {
    const a = w[i - 15] as number;
    const b = w[i - 2] as number;
    const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
    const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
    w[i] = (w[i - 16] as number) + s0 + (w[i - 7] as number) + s1;
  }
  let [a, b, c, d, e, f, g, hh] = h as unknown as number[] as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  for (let i = 0; i < 64; i++) {
    const t1 =
      hh +
      (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) +
      ((e & f) ^ (~e & g)) +
      (K[i] as number) +
      (w[i] as number);
    const t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    hh = g;
    g = f;
    f = e;
    e = (d + t1) >>> 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) >>> 0;
  }
  [a, b, c, d, e, f, g, hh].forEach((v, i) => (h[i] = ((h[i] as number) + v) >>> 0));
}

/** SHA-256 of the UTF-8 bytes of `text` (FIPS 180-4). */
export function sha256(text: string): Uint8Array {
  const view = padMessage(new TextEncoder().encode(text));
  const h = new Uint32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  const w = new Uint32Array(64);
  for (let offset = 0; offset < view.byteLength; offset += 64) compress(h, view, offset, w);
  const out = new DataView(new ArrayBuffer(32));
  h.forEach((word, i) => out.setUint32(i * 4, word));
  return new Uint8Array(out.buffer);
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding (Go's StdEncoding, before its `=` padding). */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

// Chain names are recomputed for every simulated connection; remember recent ones.
const digests = boundedCache<string, string>('chainDigests');

function hashPrefix(text: string, n: number): string {
  let encoded = digests.get(text);
  if (encoded === undefined) {
    encoded = base32(sha256(text));
    digests.set(text, encoded, stringBytes(text) + stringBytes(encoded));
  }
  return encoded.slice(0, n);
}

/** Identity of a service port as kube-proxy names it: `ns/name` or `ns/name:portName`. */
export interface ServicePortId {
  namespace: string;
  name: string;
  portName?: string;
}

/** `ns/name[:port]`, kube-proxy's ServicePortName.String(). */
export function servicePortName(id: ServicePortId): string {
  return `${id.namespace}/${id.name}${id.portName ? `:${id.portName}` : ''}`;
}

/** iptables chain for a service port: prefix + first 16 base32 chars of sha256(name + protocol). */
export function iptablesServiceChain(
  prefix: 'KUBE-SVC-' | 'KUBE-SVL-' | 'KUBE-EXT-' | 'KUBE-FW-',
  id: ServicePortId,
  protocol: string,
): string {
  return prefix + hashPrefix(servicePortName(id) + protocol.toLowerCase(), 16);
}

/** iptables KUBE-SEP chain for one endpoint `ip:port` of a service port. */
export function iptablesEndpointChain(
  id: ServicePortId,
  protocol: string,
  endpoint: string,
): string {
  return 'KUBE-SEP-' + hashPrefix(servicePortName(id) + protocol.toLowerCase() + endpoint, 16);
}

const nftBase = (id: ServicePortId, protocol: string): string =>
  `${id.namespace}/${id.name}/${protocol.toLowerCase()}/${id.portName ?? ''}`;

/** nftables chain for a service port: `service-HASH8-ns/name/proto/port` (or `local-`). */
export function nftServiceChain(
  prefix: 'service-' | 'local-',
  id: ServicePortId,
  protocol: string,
): string {
  const name = nftBase(id, protocol);
  return `${prefix}${hashPrefix(name, 8)}-${name}`;
}

/** nftables chain for one endpoint: `endpoint-HASH8-ns/name/proto/port__ip/port`. */
export function nftEndpointChain(
  id: ServicePortId,
  protocol: string,
  ip: string,
  port: number,
): string {
  const name = `${nftBase(id, protocol)}__${ip}/${port}`;
  return `endpoint-${hashPrefix(name, 8)}-${name}`;
}
