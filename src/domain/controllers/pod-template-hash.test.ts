import { describe, expect, it } from 'vitest';
import type { ReplicaSet } from '../../schema/kube/workloads';
import { defaultPodTemplate } from '../registry/pod/defaults';
import { podTemplateHash, runsTemplate } from './pod-template-hash';

const template = defaultPodTemplate({
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
});

describe('podTemplateHash', () => {
  it('is the same for the same template, whatever the key order or explicit defaults', () => {
    const reordered = { spec: template.spec, metadata: template.metadata };
    const asKubectlSendsIt = defaultPodTemplate({
      metadata: { creationTimestamp: null, labels: { app: 'web' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', resources: {} }] },
    });
    expect(podTemplateHash(reordered)).toBe(podTemplateHash(template));
    expect(podTemplateHash(asKubectlSendsIt)).toBe(podTemplateHash(template));
    expect(podTemplateHash(template)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
  });

  it('changes with the template and with the collision count', () => {
    const other = defaultPodTemplate({
      ...template,
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] },
    });
    expect(podTemplateHash(other)).not.toBe(podTemplateHash(template));
    expect(podTemplateHash(template, 1)).not.toBe(podTemplateHash(template));
  });
});

describe('runsTemplate', () => {
  it('compares a ReplicaSet template with the pod-template-hash label left out', () => {
    const hash = podTemplateHash(template);
    const labels = { app: 'web', 'pod-template-hash': hash };
    const rs = {
      spec: { template: { ...template, metadata: { labels } } },
    } as unknown as ReplicaSet;
    expect(runsTemplate(rs, template)).toBe(true);
    const changed = { ...template, metadata: { labels: { app: 'web', tier: 'x' } } };
    expect(runsTemplate(rs, changed)).toBe(false);
  });
});
