// The identifiers a kubelet and its container runtime report: container IDs, image digests, and
// a node's boot, machine and system IDs. Each is drawn from a stream of its own, seeded by the lab
// seed and what it names, so the lab replays exactly and no other draw of the lab shifts.
import { fnv32a, mixSeed, randomUuid, seededRandom, type Random } from '../apimachinery/random';

/** A stream for one named thing of one lab (`parts` say which: pod uid, container, restart...). */
export function streamFor(seed: number, ...parts: string[]): Random {
  return seededRandom(mixSeed(seed, ...parts.map(fnv32a)));
}

/** `n` lowercase hex digits drawn from `random`. */
export function randomHex(random: Random, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}

/** `containerd://<64 hex>`: the runtime's ID of one run of a container (a restart is a new one). */
export function containerId(seed: number, podUid: string, name: string, restart: number): string {
  return `containerd://${randomHex(streamFor(seed, 'container', podUid, name, String(restart)), 64)}`;
}

/**
 * The image's repo digest as containerd reports it (`docker.io/library/nginx@sha256:...`). A
 * digest names content, not a lab: the same reference gets the same digest everywhere. A
 * reference pinned by digest keeps its own.
 */
export function imageId(qualifiedImage: string): string {
  const at = qualifiedImage.indexOf('@');
  if (at >= 0) return qualifiedImage;
  const slash = qualifiedImage.lastIndexOf('/');
  const colon = qualifiedImage.lastIndexOf(':');
  const repo = colon > slash ? qualifiedImage.slice(0, colon) : qualifiedImage;
  return `${repo}@sha256:${randomHex(streamFor(0, 'image', qualifiedImage), 64)}`;
}

export interface NodeIdentity {
  bootID: string;
  machineID: string;
  systemUUID: string;
}

/** A node's IDs: /proc/sys/kernel/random/boot_id, /etc/machine-id and the SMBIOS product UUID. */
export function nodeIdentity(seed: number, nodeName: string): NodeIdentity {
  const random = streamFor(seed, 'node', nodeName);
  return {
    bootID: randomUuid(random),
    machineID: randomHex(random, 32),
    systemUUID: randomUuid(random),
  };
}
