import { describe, expect, it } from 'vitest';
import { fieldErrorText, type FieldError } from '../../apimachinery/field-errors';
import {
  defaultDeployment,
  defaultPodTemplate,
  validateConfigMap,
  validateDeployment,
  validateNamespace,
} from './validation';
import type { ConfigMap, Namespace } from '../../../schema/kube/core';
import type { Container } from '../../../schema/kube/pod';
import type { Deployment, DeploymentSpec } from '../../../schema/kube/workloads';

const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const CONFIG_KEY =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const texts = (errs: FieldError[]) => errs.map(fieldErrorText);
const nginx: Container = { name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] };

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
