import { describe, expect, it } from 'vitest';
import { fieldErrorText, type FieldError } from '../../apimachinery/field-errors';
import {
  defaultDeployment,
  defaultPod,
  defaultPodTemplate,
  validateConfigMap,
  validateDeployment,
  validateNamespace,
  validatePod,
} from './validation';
import type { ConfigMap, Namespace } from '../../../schema/kube/core';
import type { Container, Pod, PodSpec } from '../../../schema/kube/pod';
import type { Deployment, DeploymentSpec } from '../../../schema/kube/workloads';

const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const CONFIG_KEY =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

const texts = (errs: FieldError[]) => errs.map(fieldErrorText);
const nginx: Container = { name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] };
const pod = (spec: PodSpec, name = 'web'): Pod =>
  defaultPod({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec });

describe('defaultPod', () => {
  it('fills the pod spec and container defaults without touching the input', () => {
    const input: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web' },
      spec: { containers: [nginx] },
    };
    const before = structuredClone(input);
    expect(defaultPod(input).spec).toEqual({
      containers: [
        {
          image: 'nginx:1.27',
          imagePullPolicy: 'IfNotPresent',
          name: 'nginx',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
    });
    expect(input).toEqual(before);
  });

  it('defaults requests to limits, and templates without enableServiceLinks', () => {
    const limits = { cpu: '500m', memory: '128Mi' };
    const { spec } = pod({ containers: [{ ...nginx, resources: { limits } }] });
    expect(spec?.containers?.[0]?.resources).toEqual({ limits, requests: limits });
    const template = defaultPodTemplate({
      metadata: { creationTimestamp: null, labels: { app: 'web' } },
      spec: { containers: [nginx] },
    });
    expect(template.metadata).toEqual({ labels: { app: 'web' } });
    expect(template.spec?.enableServiceLinks).toBeUndefined();
    expect(template.spec?.containers?.[0]?.resources).toEqual({});
  });

  it.each([
    { image: 'nginx', want: 'Always' },
    { image: 'nginx:latest', want: 'Always' },
    { image: 'registry.local:5000/team/nginx', want: 'Always' },
    { image: 'registry.local:5000/team/nginx:1.25', want: 'IfNotPresent' },
    { image: 'nginx@sha256:0123456789abcdef', want: 'IfNotPresent' },
    { image: 'nginx:1.27-alpine', want: 'IfNotPresent' },
  ])('imagePullPolicy for $image is $want', ({ image, want }) => {
    expect(pod({ containers: [{ name: 'c', image }] }).spec?.containers?.[0]?.imagePullPolicy).toBe(
      want,
    );
  });

  it('keeps explicit values', () => {
    const spec = pod({
      containers: [{ ...nginx, imagePullPolicy: 'Never' }],
      restartPolicy: 'OnFailure',
    }).spec;
    expect(spec?.containers?.[0]?.imagePullPolicy).toBe('Never');
    expect(spec?.restartPolicy).toBe('OnFailure');
  });
});

describe('validatePod', () => {
  it('accepts a defaulted nginx pod', () => {
    expect(validatePod(pod({ containers: [nginx] }))).toEqual([]);
  });

  it.each([
    {
      name: 'a bad pod name',
      p: pod({ containers: [nginx] }, 'Web'),
      want: [`metadata.name: Invalid value: "Web": ${SUBDOMAIN}`],
    },
    { name: 'no containers', p: pod({}), want: ['spec.containers: Required value'] },
    {
      name: 'a container without image',
      p: pod({ containers: [{ name: 'app' }] }),
      want: ['spec.containers[0].image: Required value'],
    },
    {
      name: 'a container without name',
      p: pod({ containers: [{ name: '', image: 'nginx' }] }),
      want: ['spec.containers[0].name: Required value'],
    },
    {
      name: 'a bad container name',
      p: pod({ containers: [{ name: 'My_App', image: 'nginx' }] }),
      want: [`spec.containers[0].name: Invalid value: "My_App": ${LABEL}`],
    },
    {
      name: 'duplicate container names',
      p: pod({ containers: [nginx, nginx] }),
      want: ['spec.containers[1].name: Duplicate value: "nginx"'],
    },
    {
      name: 'containerPort 0',
      p: pod({ containers: [{ ...nginx, ports: [{ containerPort: 0 }] }] }),
      want: ['spec.containers[0].ports[0].containerPort: Required value'],
    },
    {
      name: 'containerPort 70000',
      p: pod({ containers: [{ ...nginx, ports: [{ containerPort: 70000 }] }] }),
      want: [
        'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      ],
    },
    {
      name: 'a too long port name',
      p: pod({
        containers: [{ ...nginx, ports: [{ name: 'http-alternative', containerPort: 80 }] }],
      }),
      want: [
        'spec.containers[0].ports[0].name: Invalid value: "http-alternative": must be no more than 15 characters',
      ],
    },
    {
      name: 'duplicate port names',
      p: pod({
        containers: [
          {
            ...nginx,
            ports: [
              { name: 'http', containerPort: 80 },
              { name: 'http', containerPort: 81 },
            ],
          },
        ],
      }),
      want: ['spec.containers[0].ports[1].name: Duplicate value: "http"'],
    },
    {
      name: 'protocol HTTP',
      p: pod({ containers: [{ ...nginx, ports: [{ containerPort: 80, protocol: 'HTTP' }] }] }),
      want: [
        'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      ],
    },
    {
      name: 'imagePullPolicy Sometimes',
      p: pod({ containers: [{ ...nginx, imagePullPolicy: 'Sometimes' }] }),
      want: [
        'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
      ],
    },
    {
      name: 'restartPolicy Sometimes',
      p: pod({ containers: [nginx], restartPolicy: 'Sometimes' }),
      want: [
        'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "Never", "OnFailure"',
      ],
    },
    {
      name: 'a mount of a missing volume',
      p: pod({
        containers: [
          { ...nginx, volumeMounts: [{ name: 'conf', mountPath: '/etc/nginx/conf.d' }] },
        ],
      }),
      want: ['spec.containers[0].volumeMounts[0].name: Not found: "conf"'],
    },
    {
      name: 'a configMap volume without name',
      p: pod({ containers: [nginx], volumes: [{ name: 'conf', configMap: {} }] }),
      want: ['spec.volumes[0].configMap.name: Required value'],
    },
    {
      name: 'a volume without source',
      p: pod({ containers: [nginx], volumes: [{ name: 'conf' }] }),
      want: ['spec.volumes[0]: Required value: must specify a volume type'],
    },
    {
      name: 'an image with a trailing space',
      p: pod({ containers: [{ name: 'c', image: 'nginx ', imagePullPolicy: 'Always' }] }),
      want: [
        'spec.containers[0].image: Invalid value: "nginx ": must not have leading or trailing whitespace',
      ],
    },
  ])('rejects $name', ({ p, want }) => {
    expect(texts(validatePod(p))).toEqual(want);
  });

  it('accepts a configMap volume that is mounted', () => {
    const p = pod({
      containers: [{ ...nginx, volumeMounts: [{ name: 'conf', mountPath: '/etc/nginx/conf.d' }] }],
      volumes: [{ name: 'conf', configMap: { name: 'nginx-conf' } }],
    });
    expect(validatePod(p)).toEqual([]);
  });
});

const deployment = (spec: DeploymentSpec, name = 'web'): Deployment =>
  defaultDeployment({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec });

const webSpec = (extra: Partial<DeploymentSpec> = {}): DeploymentSpec => ({
  selector: { matchLabels: { app: 'web' } },
  template: { metadata: { labels: { app: 'web', tier: 'front' } }, spec: { containers: [nginx] } },
  ...extra,
});

describe('defaultDeployment', () => {
  it('fills replicas, strategy, history, deadline and the template', () => {
    const d = deployment(webSpec());
    expect(d.spec).toMatchObject({
      replicas: 1,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
    });
    expect(d.spec?.template?.spec?.restartPolicy).toBe('Always');
    expect(d.spec?.template?.spec?.containers?.[0]?.imagePullPolicy).toBe('IfNotPresent');
  });

  it('leaves Recreate without rollingUpdate and keeps given values', () => {
    const d = deployment(webSpec({ replicas: 3, strategy: { type: 'Recreate' } }));
    expect(d.spec?.replicas).toBe(3);
    expect(d.spec?.strategy).toEqual({ type: 'Recreate' });
  });

  it('defaults an absent template spec', () => {
    expect(defaultPodTemplate(undefined).spec?.dnsPolicy).toBe('ClusterFirst');
  });
});

describe('validateDeployment', () => {
  it('accepts a defaulted deployment', () => {
    expect(validateDeployment(deployment(webSpec()))).toEqual([]);
  });

  it.each([
    {
      name: 'no selector',
      d: deployment({
        template: {
          metadata: { labels: { app: 'web', tier: 'front' } },
          spec: { containers: [nginx] },
        },
      }),
      want: [
        'spec.selector: Required value',
        'spec.template.metadata.labels: Invalid value: {"app":"web","tier":"front"}: `selector` does not match template `labels`',
      ],
    },
    {
      name: 'a selector the template does not match',
      d: deployment(webSpec({ selector: { matchLabels: { app: 'x' } } })),
      want: [
        'spec.template.metadata.labels: Invalid value: {"app":"web","tier":"front"}: `selector` does not match template `labels`',
      ],
    },
    {
      name: 'an empty selector',
      d: deployment(webSpec({ selector: {} })),
      want: ['spec.selector: Invalid value: {}: empty selector is invalid for deployment'],
    },
    {
      name: 'negative replicas',
      d: deployment(webSpec({ replicas: -1 })),
      want: ['spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    },
    {
      name: 'a template without containers',
      d: deployment(webSpec({ template: { metadata: { labels: { app: 'web' } } } })),
      want: ['spec.template.spec.containers: Required value'],
    },
    {
      name: 'a template container without image',
      d: deployment(
        webSpec({
          template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c' }] } },
        }),
      ),
      want: ['spec.template.spec.containers[0].image: Required value'],
    },
    {
      name: 'restartPolicy Never in the template',
      d: deployment(
        webSpec({
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [nginx], restartPolicy: 'Never' },
          },
        }),
      ),
      want: [
        'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
      ],
    },
    {
      name: 'maxSurge and maxUnavailable both 0',
      d: deployment(
        webSpec({
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } },
        }),
      ),
      want: [
        'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "0%": may not be 0 when `maxSurge` is 0',
      ],
    },
    {
      name: 'maxUnavailable over 100%',
      d: deployment(webSpec({ strategy: { rollingUpdate: { maxUnavailable: '120%' } } })),
      want: [
        'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "120%": must not be greater than 100%',
      ],
    },
    {
      name: 'Recreate with rollingUpdate',
      d: deployment(webSpec({ strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } })),
      want: [
        "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
      ],
    },
    {
      name: 'a bad template label',
      d: deployment(
        webSpec({
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web', 'bad key!': 'x' } },
            spec: { containers: [nginx] },
          },
        }),
      ),
      want: [
        "spec.template.labels: Invalid value: \"bad key!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      ],
    },
    {
      name: 'an unknown selector operator',
      d: deployment(
        webSpec({
          selector: { matchExpressions: [{ key: 'app', operator: 'Like', values: ['web'] }] },
        }),
      ),
      want: [
        'spec.selector.matchExpressions[0].operator: Invalid value: "Like": not a valid selector operator',
        'spec.selector: Invalid value: {"matchExpressions":[{"key":"app","operator":"Like","values":["web"]}]}: invalid label selector',
      ],
    },
  ])('rejects $name', ({ d, want }) => {
    expect(texts(validateDeployment(d))).toEqual(want);
  });

  it('matches matchExpressions against the template labels', () => {
    const d = deployment(
      webSpec({
        selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] },
      }),
    );
    expect(validateDeployment(d)).toEqual([]);
  });

  it('keeps the selector immutable on update', () => {
    const old = deployment(webSpec());
    const next = deployment(webSpec({ selector: { matchLabels: { app: 'web', tier: 'front' } } }));
    expect(texts(validateDeployment(next, old))).toEqual([
      'spec.selector: Invalid value: {"matchLabels":{"app":"web","tier":"front"}}: field is immutable',
    ]);
    expect(validateDeployment(deployment(webSpec({ replicas: 5 })), old)).toEqual([]);
  });
});

describe('validateConfigMap', () => {
  const cm = (data: Record<string, string>, name = 'nginx-conf'): ConfigMap => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name },
    data,
  });

  it.each([
    { name: 'valid keys', c: cm({ 'default.conf': 'server {}', KEY_NAME: 'x' }), want: [] },
    {
      name: 'a bad name',
      c: cm({}, 'Conf'),
      want: [`metadata.name: Invalid value: "Conf": ${SUBDOMAIN}`],
    },
    {
      name: 'a key with a slash',
      c: cm({ 'conf.d/a': 'x' }),
      want: [`data[conf.d/a]: Invalid value: "conf.d/a": ${CONFIG_KEY}`],
    },
    {
      name: 'a key in data and binaryData',
      c: { ...cm({ a: 'x' }), binaryData: { a: 'eA==' } },
      want: ['data[a]: Invalid value: "a": duplicate of key present in binaryData'],
    },
  ])('$name', ({ c, want }) => {
    expect(texts(validateConfigMap(c))).toEqual(want);
  });
});

describe('validateNamespace', () => {
  const ns = (name: string): Namespace => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name },
  });

  it.each([
    { name: 'dev', want: [] },
    { name: 'team.dev', want: ['metadata.name: Invalid value: "team.dev": must not contain dots'] },
    { name: 'Dev', want: [`metadata.name: Invalid value: "Dev": ${LABEL}`] },
  ])('namespace $name', ({ name, want }) => {
    expect(texts(validateNamespace(ns(name)))).toEqual(want);
  });
});
