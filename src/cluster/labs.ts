// The labs of a deployment: creation from a template, tokens, listing, reset, expiry and deletion.
import { DEFAULT_NODES } from '../domain/lab/bootstrap';
import type { ClusterSettings, NodeSpecSetting } from '../domain/lab/cluster-state';
import { ApiError, badRequest } from '../domain/apimachinery/errors';
import { clockOffset } from '../domain/lab/clock';
import { kubernetesMinorOf } from '../domain/lab/kubernetes-versions';
import { LAB_QUOTA, quotaUsage } from '../domain/registry/quota';
import { DEFAULT_LAB_ID, type LabCluster } from './lab-cluster';
import { templateSetup } from './lab-templates';
import { issueLabToken, newLabId } from './lab-tokens';
import type { LabAccess, LabRecord, LatestScore } from './store';

export interface LabOptions {
  name?: string | undefined;
  nodes: NodeSpecSetting[];
  settings: ClusterSettings;
  template?: string | undefined;
  ttlSeconds: number;
}

/** A lab as the API shows it (never its token). */
export interface LabView {
  id: string;
  name: string;
  template: string | null;
  nodes: NodeSpecSetting[];
  settings: ClusterSettings;
  createdAt: string;
  expiresAt: string | null;
  latestScore: LatestScore | null;
}

import { labNotFound } from './lab-not-found';

export { labNotFound };

function viewOf(lab: LabRecord): LabView {
  return {
    id: lab.id,
    name: lab.name,
    template: lab.template ?? null,
    nodes: lab.creation?.nodes ?? DEFAULT_NODES,
    // The clock as the lab runs it: an offset an older version let overflow reads within bounds.
    settings: {
      ...lab.settings,
      clockOffsetSeconds: clockOffset(lab.settings.clockOffsetSeconds),
      kubernetesVersion: kubernetesMinorOf(lab.settings),
    },
    createdAt: lab.createdAt,
    expiresAt: lab.expiresAt ?? null,
    latestScore: lab.latestScore ?? null,
  };
}

const encodeContinue = (id: string) => btoa(`after:${id}`).replace(/=+$/, '');

function decodeContinue(token: string): string {
  let text: string | undefined;
  try {
    text = atob(token);
  } catch {
    text = undefined;
  }
  if (!text?.startsWith('after:')) throw badRequest(`invalid continue token "${token}"`);
  return text.slice('after:'.length);
}

/** Labs over one LabCluster; `now` is wall time (a lab's own clock offset never expires it). */
export class LabDirectory {
  constructor(readonly cluster: LabCluster) {}

  private now(): string {
    return this.cluster.clock.now().toISOString();
  }

  /** Creates a lab and answers it with its token, the only time the token is ever shown. */
  async create(options: LabOptions): Promise<{ lab: LabView; token: string }> {
    const id = newLabId();
    const { token, hash } = await issueLabToken(id);
    const expiresAt = new Date(this.cluster.clock.now().getTime() + options.ttlSeconds * 1000);
    await this.cluster.createLab({
      id,
      name: options.name ?? id,
      settings: options.settings,
      createdAt: '',
      tokenHash: hash,
      template: options.template,
      creation: { settings: options.settings, nodes: options.nodes },
      expiresAt: expiresAt.toISOString(),
      nodes: options.nodes,
      setup: templateSetup(options.template),
    });
    return { lab: viewOf((await this.cluster.store.loadLab(id))!), token };
  }

  /**
   * What authentication needs to know about a lab; undefined when it does not exist or has
   * expired (an expired lab is purged on the spot).
   */
  async access(labId: string): Promise<LabAccess | undefined> {
    const access = await this.cluster.store.loadAccess(labId);
    if (!access?.expiresAt || access.expiresAt > this.now()) return access;
    await this.cluster.deleteLab(labId);
    return undefined;
  }

  private async record(labId: string): Promise<LabRecord> {
    if (!(await this.access(labId))) throw labNotFound(labId);
    const lab = await this.cluster.store.loadLab(labId);
    if (!lab) throw labNotFound(labId);
    return lab;
  }

  /** The lab with what it uses of its quota. */
  async get(labId: string) {
    const lab = await this.record(labId);
    const usage = quotaUsage((await this.cluster.state(labId)).objects);
    const { objects, pods, storedBytes, containersPerPod, requestsPerBatch } = LAB_QUOTA;
    const { networkPolicies, networkPolicyRules } = LAB_QUOTA;
    const quota = {
      ...{ objects, pods, storedBytes, containersPerPod },
      ...{ networkPolicies, networkPolicyRules, requestsPerBatch },
    };
    return { ...viewOf(lab), usage, quota };
  }

  /** A page of labs by id, after purging the expired ones. */
  async list(limit: number, continueToken?: string) {
    const after = continueToken === undefined ? undefined : decodeContinue(continueToken);
    await this.cluster.store.purgeExpired(this.now());
    const rows = await this.cluster.store.listLabs(after, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const more = rows.length > limit && last;
    return { items: page.map(viewOf), ...(more ? { continue: encodeContinue(last.id) } : {}) };
  }

  async remove(labId: string): Promise<void> {
    await this.record(labId);
    if (labId === DEFAULT_LAB_ID) {
      throw new ApiError(
        403,
        'Forbidden',
        `labs "${labId}" is forbidden: the default lab may not be deleted`,
        {
          name: labId,
          kind: 'labs',
        },
      );
    }
    await this.cluster.deleteLab(labId);
  }

  /** Back to the template's starting state with the settings the lab was created with. */
  async reset(labId: string): Promise<LabView> {
    const lab = await this.record(labId);
    const current = await this.cluster.state(labId);
    const created = lab.creation?.settings ?? current.settings;
    // Time never runs backwards in a lab: the clock keeps what lessons advanced it by, read within
    // its bound, so a clock an older version let overflow is mended here rather than re-stored.
    const settings = {
      ...created,
      clockOffsetSeconds: clockOffset(current.settings.clockOffsetSeconds),
    };
    await this.cluster.reset(labId, settings, lab.creation?.nodes, templateSetup(lab.template));
    return viewOf((await this.cluster.store.loadLab(labId))!);
  }

  /** Keeps a lesson grade as the lab's latest score, stamped with wall time (as createdAt is). */
  async recordScore(labId: string, points: number, maxPoints: number): Promise<void> {
    await this.cluster.store.recordScore(labId, { points, maxPoints, gradedAt: this.now() });
  }

  /** A new token for the lab; the old one stops working at once. */
  async rotateToken(labId: string): Promise<{ lab: LabView; token: string }> {
    const lab = await this.record(labId);
    const { token, hash } = await issueLabToken(labId);
    await this.cluster.store.setTokenHash(labId, hash);
    return { lab: viewOf(lab), token };
  }
}
