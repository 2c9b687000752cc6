// What each image ships, as far as the simulated shell goes: its shell, its programs, its user.
// busybox and the Alpine-based images (alpine, curlimages/curl, nginx:alpine) have BusyBox ash and
// applets (wget, nslookup, ip, ifconfig); the Debian-based official images (nginx, httpd) have
// dash as /bin/sh, bash, and coreutils, but no wget, nslookup or iproute2; nginx's Debian image
// ships curl (its entrypoint scripts need it), httpd's does not; hashicorp/http-echo is a single
// static binary on scratch. Any other image is taken to be Alpine-like (most small images are).
import { imageName } from '../containers/images';
import { NGINX_VERSION } from '../containers/nginx/pages';

/** Which /bin/sh the image has: BusyBox ash, Debian's dash, or none at all. */
export type ShellFlavour = 'ash' | 'dash' | 'none';

/** The parts of an image the shell needs. */
export interface Toolbox {
  shell: ShellFlavour;
  /** Programs on $PATH (shell builtins are not listed). */
  programs: ReadonlySet<string>;
  user: string;
  home: string;
  path: string;
  /** The image's own environment (Dockerfile ENV), before the pod's. */
  env: readonly (readonly [string, string])[];
}

/** Programs every BusyBox build here has (applets the shell simulates). */
const BUSYBOX = [
  'sh',
  'ash',
  'cat',
  'echo',
  'env',
  'printenv',
  'hostname',
  'ip',
  'ifconfig',
  'ls',
  'nslookup',
  'wget',
  'sleep',
  'true',
  'false',
  'grep',
  'head',
  'tail',
  'wc',
  'pwd',
  'date',
  'id',
  'whoami',
];
/** Alpine adds musl-utils' getent to BusyBox. */
const ALPINE = [...BUSYBOX, 'getent'];
/** Debian's essential set: dash, bash, coreutils, grep, hostname, libc-bin's getent. */
const DEBIAN = [
  'sh',
  'dash',
  'bash',
  'cat',
  'echo',
  'env',
  'printenv',
  'hostname',
  'ls',
  'sleep',
  'true',
  'false',
  'grep',
  'head',
  'tail',
  'wc',
  'pwd',
  'date',
  'id',
  'whoami',
  'getent',
];

const BUSYBOX_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function box(
  shell: ShellFlavour,
  programs: string[],
  extra: Partial<Omit<Toolbox, 'shell' | 'programs'>> = {},
): Toolbox {
  return {
    shell,
    programs: new Set(programs),
    user: 'root',
    home: '/root',
    path: BUSYBOX_PATH,
    env: [],
    ...extra,
  };
}

const NGINX_ENV = [['NGINX_VERSION', NGINX_VERSION]] as const;

/** The tag of an image reference (`latest` when none). */
function imageTag(image: string): string {
  const noDigest = image.split('@')[0] ?? '';
  const colon = noDigest.lastIndexOf(':');
  return colon > noDigest.lastIndexOf('/') ? noDigest.slice(colon + 1) : 'latest';
}

/** The toolbox of `image` (any tag of a known image is modelled as its current stable build). */
export function toolboxOf(image: string | undefined): Toolbox {
  const ref = image ?? '';
  const name = imageName(ref);
  const alpine = imageTag(ref).includes('alpine');
  switch (name) {
    case 'busybox':
      return box('ash', BUSYBOX);
    case 'curl':
      // curlimages/curl: Alpine, curl, running as curl_user (uid 100).
      return box('ash', [...ALPINE, 'curl'], { user: 'curl_user', home: '/home/curl_user' });
    case 'nginx': {
      const slim = imageTag(ref).includes('slim');
      if (alpine)
        return box('ash', [...ALPINE, 'nginx', ...(slim ? [] : ['curl'])], { env: NGINX_ENV });
      return box('dash', [...DEBIAN, 'nginx', 'curl'], { env: NGINX_ENV });
    }
    case 'httpd':
      return alpine ? box('ash', [...ALPINE, 'httpd']) : box('dash', [...DEBIAN, 'httpd']);
    case 'http-echo':
      return box('none', ['http-echo']);
    case 'debian':
    case 'ubuntu':
      return box('dash', DEBIAN);
    default:
      return box('ash', ALPINE);
  }
}

/** The program a path or name runs, if the image has it (`/bin/sh` and `sh` alike). */
export function findProgram(box: Toolbox, word: string): string | undefined {
  const slash = word.lastIndexOf('/');
  const name = slash < 0 ? word : word.slice(slash + 1);
  if (slash >= 0 && !/^\/(usr\/(local\/)?)?s?bin\/[^/]+$/.test(word)) return undefined;
  return box.programs.has(name) ? name : undefined;
}
