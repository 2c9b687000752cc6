// Bearer tokens for labs: 256 random bits from WebCrypto, stored only as SHA-256, compared in
// constant time. A token reads `<lab id>.<secret>`, so checking one costs one primary-key lookup.

import { boundedCache, stringBytes } from '../domain/apimachinery/bounded-cache';

const SECRET_BYTES = 32;

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function hex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// WebCrypto's digest costs a hop to Node's thread pool (~150 µs), more than the rest of a request;
// a token's hash never changes, so the hashes of recently seen tokens are kept (in memory only).
const recentHashes = boundedCache<string, string>('tokenHashes');

/** SHA-256 of the token's UTF-8 bytes, as 64 hex digits: the only form a token is stored in. */
export async function hashToken(token: string): Promise<string> {
  const known = recentHashes.get(token);
  if (known !== undefined) return known;
  const hash = hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
  recentHashes.set(token, hash, stringBytes(token) + stringBytes(hash));
  return hash;
}

/** A new token for `labId` and the hash to store; the token itself is shown once and forgotten. */
export async function issueLabToken(labId: string): Promise<{ token: string; hash: string }> {
  const secret = new Uint8Array(SECRET_BYTES);
  crypto.getRandomValues(secret);
  const token = `${labId}.${base64url(secret)}`;
  return { token, hash: await hashToken(token) };
}

/** The lab a token claims to belong to (unverified), or undefined when it is not a lab token. */
export function labIdOfToken(token: string): string | undefined {
  const dot = token.lastIndexOf('.');
  if (dot <= 0 || dot === token.length - 1) return undefined;
  return token.slice(0, dot);
}

/**
 * Compares two hex digests in time that depends only on their length (always 64 here), so the
 * time a wrong token takes says nothing about how much of it was right.
 */
export function sameDigest(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** A random lab id: `lab-` and 16 hex digits. */
export function newLabId(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return `lab-${hex(bytes.buffer)}`;
}
