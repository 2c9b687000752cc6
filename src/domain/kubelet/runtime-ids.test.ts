import { describe, expect, it } from 'vitest';
import { containerId, imageId, nodeIdentity } from './runtime-ids';

describe('kubelet and runtime IDs', () => {
  it('container IDs are containerd IDs, stable per run and new per restart', () => {
    const id = containerId(1, 'uid-a', 'app', 0);
    expect(id).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(containerId(1, 'uid-a', 'app', 0)).toBe(id);
    expect(containerId(1, 'uid-a', 'app', 1)).not.toBe(id);
    expect(containerId(1, 'uid-b', 'app', 0)).not.toBe(id);
    expect(containerId(2, 'uid-a', 'app', 0)).not.toBe(id);
  });

  it('image IDs are repo digests, the same for the same reference in every lab', () => {
    const id = imageId('docker.io/library/nginx:1.27');
    expect(id).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(imageId('docker.io/library/nginx:1.27')).toBe(id);
    expect(imageId('docker.io/library/nginx:1.28')).not.toBe(id);
    expect(imageId('localhost:5000/app:v1')).toMatch(/^localhost:5000\/app@sha256:/);
    const pinned = `docker.io/library/nginx@sha256:${'a'.repeat(64)}`;
    expect(imageId(pinned)).toBe(pinned);
  });

  it('node IDs have the shapes of boot_id, machine-id and the SMBIOS UUID', () => {
    const ids = nodeIdentity(1, 'node01');
    expect(ids.bootID).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(ids.machineID).toMatch(/^[0-9a-f]{32}$/);
    expect(ids.systemUUID).toMatch(/^[0-9a-f-]{36}$/);
    expect(nodeIdentity(1, 'node01')).toEqual(ids);
    expect(nodeIdentity(1, 'node02').bootID).not.toBe(ids.bootID);
    expect(nodeIdentity(2, 'node01').machineID).not.toBe(ids.machineID);
  });
});
