// The container's files as the shell reads them: the image's files (nginx's configuration and
// pages), the pod's ConfigMap mounts projected over them, and the files the kubelet and the
// runtime write into every container (/etc/hosts, /etc/hostname, /etc/resolv.conf). Writes by
// redirection land in an overlay that lives as long as the shell.
import { NGINX_IMAGE_FILES } from '../containers/nginx/image';
import { NGINX_IMAGE_MTIME } from '../containers/nginx/pages';
import { buildPodFiles } from '../containers/pod-files';
import { imageName } from '../containers/images';
import { HTTPD_INDEX } from '../containers/images';
import type { ShellContext } from './types';

/** The cluster DNS Service's address (kube-system/kube-dns, fixed at bootstrap). */
export const CLUSTER_DNS_IP = '10.96.0.10';

export interface ContainerFs {
  read(path: string): string | undefined;
  isDir(path: string): boolean;
  /** Entries directly inside `dir`, sorted. */
  list(dir: string): string[];
  write(path: string, content: string, append: boolean): void;
  /** Every file's path (for globs: nginx's `include conf.d/*.conf`). */
  paths(): string[];
}

/** kubelet's managed /etc/hosts (pkg/kubelet/kubelet_pods.go managedHostsFileContent). */
export function hostsFile(podIp: string, hostname: string): string {
  return (
    '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n' +
    '::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\n' +
    `fe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n${podIp}\t${hostname}\n`
  );
}

/** The pod's search path for ClusterFirst DNS. */
export function searchDomains(namespace: string): string[] {
  return [`${namespace}.svc.cluster.local`, 'svc.cluster.local', 'cluster.local'];
}

/** resolv.conf as containerd writes it from the kubelet's DNS config (search, nameserver, options). */
export function resolvConf(namespace: string): string {
  return `search ${searchDomains(namespace).join(' ')}\nnameserver ${CLUSTER_DNS_IP}\noptions ndots:5\n`;
}

function imageFiles(image: string): Record<string, string> {
  const name = imageName(image);
  if (name === 'nginx') return NGINX_IMAGE_FILES;
  if (name === 'httpd') return { '/usr/local/apache2/htdocs/index.html': HTTPD_INDEX };
  return {};
}

const BASE_DIRS = ['/bin', '/dev', '/etc', '/home', '/proc', '/root', '/tmp', '/usr', '/var'];

const normalize = (path: string, cwd = '/'): string => {
  const parts: string[] = [];
  for (const seg of (path.startsWith('/') ? path : `${cwd}/${path}`).split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '' && seg !== '.') parts.push(seg);
  }
  return `/${parts.join('/')}`;
};

/** The files `ctx`'s container sees. */
export function containerFs(ctx: ShellContext, maxBytes: number): ContainerFs {
  const { pod, container } = ctx;
  const image = container.image ?? '';
  const built = buildPodFiles(
    pod,
    container,
    ctx.view.configMaps,
    imageFiles(image),
    NGINX_IMAGE_MTIME,
  );
  const files = new Map([...built.files].map(([k, v]) => [k, v.content]));
  const dirs = new Set([...built.dirs, ...BASE_DIRS]);
  const hostname = pod.metadata.name ?? '';
  files.set('/etc/hosts', hostsFile(pod.status?.podIP ?? '', hostname));
  files.set('/etc/hostname', `${hostname}\n`);
  files.set('/etc/resolv.conf', resolvConf(pod.metadata.namespace ?? 'default'));
  files.set('/dev/null', '');
  let written = 0;
  return {
    read: (path) => files.get(normalize(path)),
    isDir: (path) => dirs.has(normalize(path)),
    list(dir) {
      const base = normalize(dir);
      const prefix = base === '/' ? '/' : `${base}/`;
      const names = new Set<string>();
      for (const p of [...files.keys(), ...dirs]) {
        if (p.startsWith(prefix) && p !== base) names.add(p.slice(prefix.length).split('/')[0]!);
      }
      return [...names].sort();
    },
    paths: () => [...files.keys()],
    write(path, content, append) {
      const target = normalize(path);
      if (target === '/dev/null') return;
      written += content.length;
      if (written > maxBytes) return;
      files.set(target, append ? (files.get(target) ?? '') + content : content);
    },
  };
}

export { normalize as normalizePath };
