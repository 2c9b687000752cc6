// What kubectl reads before anything else: /version and API discovery (legacy and aggregated), as
// kube-apiserver shapes them. Declared for the OpenAPI document of NodePort Lab's own API.
import { z } from 'zod';

export const VersionInfo = z
  .strictObject({
    major: z.string(),
    minor: z.string(),
    emulationMajor: z.string().optional().meta({ description: 'From Kubernetes 1.33.' }),
    emulationMinor: z.string().optional(),
    minCompatibilityMajor: z.string().optional(),
    minCompatibilityMinor: z.string().optional(),
    gitVersion: z.string(),
    gitCommit: z.string(),
    gitTreeState: z.string(),
    buildDate: z.string(),
    goVersion: z.string(),
    compiler: z.string(),
    platform: z.string(),
  })
  .meta({ description: 'The Kubernetes version the cluster reports (`kubectl version`).' });

export const APIVersions = z.strictObject({
  kind: z.literal('APIVersions'),
  versions: z.array(z.string()),
  serverAddressByClientCIDRs: z.array(
    z.strictObject({ clientCIDR: z.string(), serverAddress: z.string() }),
  ),
});

const GroupVersion = z.strictObject({ groupVersion: z.string(), version: z.string() });

export const APIGroup = z.strictObject({
  kind: z.literal('APIGroup').optional(),
  apiVersion: z.literal('v1').optional(),
  name: z.string(),
  versions: z.array(GroupVersion),
  preferredVersion: GroupVersion,
});

export const APIGroupList = z.strictObject({
  kind: z.literal('APIGroupList'),
  apiVersion: z.literal('v1'),
  groups: z.array(APIGroup),
});

export const APIResource = z.strictObject({
  name: z.string(),
  singularName: z.string(),
  namespaced: z.boolean(),
  group: z.string().optional(),
  version: z.string().optional(),
  kind: z.string(),
  verbs: z.array(z.string()),
  shortNames: z.array(z.string()).optional(),
  categories: z.array(z.string()).optional(),
});

export const APIResourceList = z
  .strictObject({
    kind: z.literal('APIResourceList'),
    apiVersion: z.literal('v1'),
    groupVersion: z.string(),
    resources: z.array(APIResource),
  })
  .meta({ description: 'The resources of one group version, and the verbs each serves.' });

export const APIGroupDiscoveryList = z
  .object({
    kind: z.literal('APIGroupDiscoveryList'),
    apiVersion: z.literal('apidiscovery.k8s.io/v2'),
    metadata: z.object({}),
    items: z.array(z.object({ metadata: z.object({ name: z.string().optional() }) })),
  })
  .meta({ description: 'Aggregated discovery (apidiscovery.k8s.io/v2), what kubectl asks first.' });

export const OpenAPIV3Index = z
  .strictObject({
    paths: z.record(z.string(), z.strictObject({ serverRelativeURL: z.string() })),
  })
  .meta({ description: 'The Kubernetes OpenAPI v3 documents, one per group version.' });
