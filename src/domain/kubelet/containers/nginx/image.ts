// The official nginx image as a file tree, and loading a pod's nginx configuration from it: the
// stock /etc/nginx/nginx.conf includes conf.d/*.conf, so a ConfigMap mounted there replaces
// default.conf, and keys that do not end in `.conf` are never read.
import type { ConfigMap } from '../../../../schema/kube/core';
import { boundedCache, stringBytes } from '../../../apimachinery/bounded-cache';
import { ownValue } from '../../../apimachinery/own-property';
import type { Container, Pod } from '../../../../schema/kube/pod';
import { NginxConfigError } from './config';
import { loadConfig } from './include';
import { NGINX_50X_PAGE, NGINX_DEFAULT_CONF, NGINX_IMAGE_MTIME, NGINX_WELCOME_PAGE } from './pages';
import { buildNginxModel, type NginxModel } from './servers';
import { buildPodFiles, type PodFiles } from '../pod-files';

const NGINX_CONF = `user  nginx;
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /run/nginx.pid;

events {
    worker_connections  1024;
}

http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    access_log  /var/log/nginx/access.log;

    sendfile        on;
    keepalive_timeout  65;

    include /etc/nginx/conf.d/*.conf;
}
`;

/** A trimmed /etc/nginx/mime.types: the types a lesson is likely to serve. */
const MIME_TYPES = `types {
    text/html                                        html htm shtml;
    text/css                                         css;
    text/xml                                         xml;
    image/gif                                        gif;
    image/jpeg                                       jpeg jpg;
    application/javascript                           js;
    text/plain                                       txt;
    image/png                                        png;
    image/svg+xml                                    svg svgz;
    image/x-icon                                     ico;
    application/json                                 json;
    application/pdf                                  pdf;
    font/woff2                                       woff2;
}
`;

/** Files of the nginx image that the simulator reads. */
export const NGINX_IMAGE_FILES: Record<string, string> = {
  '/etc/nginx/nginx.conf': NGINX_CONF,
  '/etc/nginx/mime.types': MIME_TYPES,
  '/etc/nginx/conf.d/default.conf': NGINX_DEFAULT_CONF,
  '/usr/share/nginx/html/index.html': NGINX_WELCOME_PAGE,
  '/usr/share/nginx/html/50x.html': NGINX_50X_PAGE,
};

/** A pod's nginx: its parsed configuration and files, or the `[emerg]` that keeps it from starting. */
export type LoadedNginx =
  { ok: true; model: NginxModel; files: PodFiles } | { ok: false; error: string };

// Parsing is the costly part of answering a request; the result depends only on the pod's mounts
// and the ConfigMaps they name, so it is remembered under that content.
const loaded = boundedCache<string, LoadedNginx>('nginxConfigs');
/** Parsed directives and the file map weigh a few times the configuration text they came from. */
const PARSED_WEIGHT = 4;

/** The estimated bytes of a loaded nginx: its key and the files the pod's mounts put in the image. */
function loadedBytes(key: string, result: LoadedNginx): number {
  if (!result.ok) return stringBytes(key) + stringBytes(result.error);
  let mounted = 0;
  for (const [path, file] of result.files.files) {
    if (ownValue(NGINX_IMAGE_FILES, path) !== file.content) mounted += stringBytes(file.content);
  }
  return stringBytes(key) + PARSED_WEIGHT * mounted;
}

// A stored ConfigMap is never mutated (a write stores a new object), so its identity stands for
// its content: the key names it by a number instead of serialising up to 1 MiB of data for every
// container of every pod that mounts it (6,400 containers made that seconds per write).
const identities = new WeakMap<object, number>();
let lastIdentity = 0;
function identity(o: object): number {
  let id = identities.get(o);
  if (id === undefined) identities.set(o, (id = ++lastIdentity));
  return id;
}

function cacheKey(pod: Pod, container: Container, configMaps: ConfigMap[]): string {
  const namespace = pod.metadata.namespace ?? 'default';
  const volumes = pod.spec?.volumes ?? [];
  const names = new Set(volumes.map((v) => v.configMap?.name).filter((n) => n !== undefined));
  const used = configMaps.filter(
    (cm) => names.has(cm.metadata.name ?? '') && (cm.metadata.namespace ?? 'default') === namespace,
  );
  const data = used.map((cm) => [cm.metadata.name, identity(cm)]);
  return JSON.stringify([namespace, pod.status?.startTime, container.volumeMounts, volumes, data]);
}

// Batches route thousands of requests through one view: skip even the key for the same objects.
const byIdentity = new WeakMap<
  Container,
  { configMaps: ConfigMap[]; pod: Pod; result: LoadedNginx }
>();

/** Loads nginx for `container` of `pod` with its ConfigMap mounts applied. */
export function loadPodNginx(pod: Pod, container: Container, configMaps: ConfigMap[]): LoadedNginx {
  const same = byIdentity.get(container);
  if (same && same.pod === pod && same.configMaps === configMaps) return same.result;
  const key = cacheKey(pod, container, configMaps);
  let result = loaded.get(key);
  if (result === undefined) {
    result = parsePodNginx(pod, container, configMaps);
    loaded.set(key, result, loadedBytes(key, result));
  }
  byIdentity.set(container, { configMaps, pod, result });
  return result;
}

function parsePodNginx(pod: Pod, container: Container, configMaps: ConfigMap[]): LoadedNginx {
  const files = buildPodFiles(pod, container, configMaps, NGINX_IMAGE_FILES, NGINX_IMAGE_MTIME);
  const parsed = parsedNginx(files);
  return parsed.ok ? { ok: true, model: parsed.model, files } : parsed;
}

type ParsedNginx = { ok: true; model: NginxModel } | { ok: false; error: string };

// The configuration depends only on the files' paths and text, not on the pod, its start time (the
// files' mtime) or which ConfigMap object holds them: pods of a Deployment started at different
// seconds, and every lab of a class that applies the same tutorial, parse it once.
const models = boundedCache<string, ParsedNginx>('nginxModels');

/** The tree as text: the image's own files by path alone, mounted ones with their content. */
function treeKey(files: PodFiles): string {
  const entries: string[][] = [];
  for (const [path, file] of files.files) {
    entries.push(
      ownValue(NGINX_IMAGE_FILES, path) === file.content ? [path] : [path, file.content],
    );
  }
  return JSON.stringify(entries);
}

function parsedNginx(files: PodFiles): ParsedNginx {
  const key = treeKey(files);
  let parsed = models.get(key);
  if (parsed === undefined) {
    parsed = parseNginx(files);
    models.set(key, parsed, PARSED_WEIGHT * stringBytes(key));
  }
  return parsed;
}

function parseNginx(files: PodFiles): ParsedNginx {
  try {
    const read = (path: string): string | undefined => files.files.get(path)?.content;
    const directives = loadConfig('/etc/nginx/nginx.conf', read, files.files);
    return { ok: true, model: buildNginxModel(directives) };
  } catch (err) {
    if (err instanceof NginxConfigError)
      return { ok: false, error: `nginx: [emerg] ${err.message}` };
    throw err;
  }
}
