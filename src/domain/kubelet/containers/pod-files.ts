// A container's view of its files: the image's own files overlaid with the ConfigMap (and emptyDir)
// volumes the pod mounts, the way the kubelet projects them. Only what the simulated servers read.
import type { ConfigMap } from '../../../schema/kube/core';
import type { Container, Pod } from '../../../schema/kube/pod';
import { ownValue } from '../../apimachinery/own-property';

/** One file: its text and its modification time. */
export interface PodFile {
  content: string;
  mtime: Date;
}

/** The files and directories a container sees. */
export interface PodFiles {
  files: Map<string, PodFile>;
  dirs: Set<string>;
}

type Volume = NonNullable<NonNullable<Pod['spec']>['volumes']>[number];
type Mount = NonNullable<Container['volumeMounts']>[number];

const trimSlash = (p: string): string => (p.length > 1 ? p.replace(/\/+$/, '') : p);

function parentDirs(path: string): string[] {
  const parts = path.split('/').slice(1, -1);
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}`);
}

function findConfigMap(pod: Pod, volume: Volume, configMaps: ConfigMap[]): ConfigMap | undefined {
  const namespace = pod.metadata.namespace ?? 'default';
  const name = volume.configMap?.name;
  return configMaps.find(
    (cm) => cm.metadata.name === name && (cm.metadata.namespace ?? 'default') === namespace,
  );
}

/** Key -> relative path projected into a ConfigMap volume (`items` narrows and renames). */
function projectedFiles(volume: Volume, cm: ConfigMap): [string, string][] {
  const data = cm.data ?? {};
  const items = volume.configMap?.items;
  if (items === undefined) return Object.entries(data);
  // Own keys only: an item naming `constructor` projects nothing, as a missing key would.
  return items.flatMap((item) => {
    const value = ownValue(data, item.key);
    return typeof value === 'string' ? [[item.path, value] as [string, string]] : [];
  });
}

function clearDir(fs: PodFiles, dir: string): void {
  for (const path of [...fs.files.keys()]) if (path.startsWith(`${dir}/`)) fs.files.delete(path);
  for (const d of [...fs.dirs]) if (d.startsWith(`${dir}/`)) fs.dirs.delete(d);
  fs.dirs.add(dir);
}

function addFile(fs: PodFiles, path: string, content: string, mtime: Date): void {
  fs.files.set(path, { content, mtime });
  for (const d of parentDirs(path)) fs.dirs.add(d);
}

function applyMount(
  fs: PodFiles,
  mount: Mount,
  volume: Volume,
  cm: ConfigMap | undefined,
  mtime: Date,
): void {
  const target = trimSlash(mount.mountPath);
  if (volume.emptyDir !== undefined) return clearDir(fs, target);
  if (cm === undefined) return;
  if (mount.subPath !== undefined) {
    const content = ownValue(cm.data, mount.subPath);
    if (typeof content === 'string') addFile(fs, target, content, mtime);
    return;
  }
  clearDir(fs, target);
  for (const [rel, content] of projectedFiles(volume, cm))
    addFile(fs, `${target}/${rel}`, content, mtime);
}

/**
 * The container's files: `image` overlaid by its volume mounts, shallow mounts first. A ConfigMap
 * that does not exist is skipped (the real pod would wait in ContainerCreating; the lab keeps the
 * image's files).
 */
export function buildPodFiles(
  pod: Pod,
  container: Container,
  configMaps: ConfigMap[],
  image: Record<string, string>,
  imageMtime: Date,
): PodFiles {
  const fs: PodFiles = { files: new Map(), dirs: new Set(['/']) };
  for (const [path, content] of Object.entries(image)) addFile(fs, path, content, imageMtime);
  const started = pod.status?.startTime;
  const startedAt = started ? new Date(started) : imageMtime;
  const mountMtime = Number.isNaN(startedAt.getTime()) ? imageMtime : startedAt;
  const mounts = [...(container.volumeMounts ?? [])].sort(
    (a, b) => trimSlash(a.mountPath).length - trimSlash(b.mountPath).length,
  );
  for (const mount of mounts) {
    const volume = pod.spec?.volumes?.find((v) => v.name === mount.name);
    if (volume === undefined) continue;
    const cm = volume.configMap ? findConfigMap(pod, volume, configMaps) : undefined;
    applyMount(fs, mount, volume, cm, mountMtime);
  }
  return fs;
}
