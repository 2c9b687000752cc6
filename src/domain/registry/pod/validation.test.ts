import { describe, expect, it } from 'vitest';
import { fieldErrorText, type FieldError } from '../../apimachinery/field-errors';
import { defaultPod, defaultPodTemplate } from './defaults';
import { validatePod } from './validation';
import type { Container, Pod, PodSpec } from '../../../schema/kube/pod';

const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
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
