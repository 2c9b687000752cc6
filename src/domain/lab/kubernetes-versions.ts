// The Kubernetes releases a lab can say it runs (`kubernetesVersion` in its settings): what
// /version answers and what the kubelets and kube-proxies report on the nodes. Only the version
// strings differ between them; the lab's behaviour stays the one it models (Kubernetes 1.33's).
// Each release is a real patch release, with the commit, build date and Go version its
// published binaries print (`kubeadm version` of that release).
import type { ClusterSettings } from './cluster-state';

export interface KubernetesRelease {
  gitVersion: string;
  gitCommit: string;
  buildDate: string;
  goVersion: string;
}

export const KUBERNETES_RELEASES = {
  '1.30': {
    gitVersion: 'v1.30.14',
    gitCommit: '9e18483918821121abdf9aa82bc14d66df5d68cd',
    buildDate: '2025-06-17T18:34:53Z',
    goVersion: 'go1.23.10',
  },
  '1.31': {
    gitVersion: 'v1.31.13',
    gitCommit: 'c601ba40fa8f2254acd93bb31a02a6eb24948ec5',
    buildDate: '2025-09-09T22:59:05Z',
    goVersion: 'go1.23.12',
  },
  '1.32': {
    gitVersion: 'v1.32.1',
    gitCommit: 'e9c9be4007d1664e68796af02b8978640d2c1b26',
    buildDate: '2025-01-15T14:39:14Z',
    goVersion: 'go1.23.4',
  },
  '1.33': {
    gitVersion: 'v1.33.3',
    gitCommit: '80779bd6ff08b451e1c165a338a7b69351e9b0b8',
    buildDate: '2025-07-15T18:05:14Z',
    goVersion: 'go1.24.4',
  },
  '1.34': {
    gitVersion: 'v1.34.1',
    gitCommit: '93248f9ae092f571eb870b7664c534bfc7d00f03',
    buildDate: '2025-09-09T19:43:15Z',
    goVersion: 'go1.24.6',
  },
} as const satisfies Record<string, KubernetesRelease>;

export type KubernetesMinor = keyof typeof KUBERNETES_RELEASES;
export const KUBERNETES_MINORS = Object.keys(KUBERNETES_RELEASES) as [
  KubernetesMinor,
  ...KubernetesMinor[],
];

/** 1.33: kubectl 1.32, 1.33 and 1.34 accept it without a version skew warning. */
export const DEFAULT_KUBERNETES_MINOR: KubernetesMinor = '1.33';

/** The minor a lab runs; labs stored before the setting existed run the default. */
export function kubernetesMinorOf(settings: Pick<ClusterSettings, 'kubernetesVersion'>) {
  const minor = settings.kubernetesVersion;
  return minor && Object.hasOwn(KUBERNETES_RELEASES, minor)
    ? (minor as KubernetesMinor)
    : DEFAULT_KUBERNETES_MINOR;
}

export function releaseOf(settings: Pick<ClusterSettings, 'kubernetesVersion'>): KubernetesRelease {
  return KUBERNETES_RELEASES[kubernetesMinorOf(settings)];
}

/**
 * The /version document (k8s.io/apimachinery version.Info). From 1.33 it also carries the
 * emulation and minimum compatibility versions (compatibility versions, KEP-4330).
 */
export function versionInfo(settings: Pick<ClusterSettings, 'kubernetesVersion'>) {
  const minor = kubernetesMinorOf(settings);
  const release = KUBERNETES_RELEASES[minor];
  const [major, minorNumber] = minor.split('.') as [string, string];
  const compatibility =
    Number(minorNumber) >= 33
      ? {
          emulationMajor: major,
          emulationMinor: minorNumber,
          minCompatibilityMajor: major,
          minCompatibilityMinor: String(Number(minorNumber) - 1),
        }
      : {};
  return {
    major,
    minor: minorNumber,
    ...compatibility,
    gitVersion: release.gitVersion,
    gitCommit: release.gitCommit,
    gitTreeState: 'clean',
    buildDate: release.buildDate,
    goVersion: release.goVersion,
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

/**
 * The versions a node reports: kubeletVersion always; kubeProxyVersion only before 1.31, when the
 * DisableNodeKubeProxyVersion feature gate (beta, on by default from 1.31) stopped kubelets
 * writing the deprecated field.
 */
export function nodeVersions(settings: Pick<ClusterSettings, 'kubernetesVersion'>) {
  const minor = kubernetesMinorOf(settings);
  const { gitVersion } = KUBERNETES_RELEASES[minor];
  return { kubeletVersion: gitVersion, kubeProxyVersion: minor === '1.30' ? gitVersion : '' };
}
