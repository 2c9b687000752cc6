// The store inside a lab's Durable Object: the lab's own SQLite (DurableStore), plus what the rest
// of the deployment must see of it: its row in the D1 directory, and its expiry as the object's
// alarm.
import type { DurableObjectStorage } from '@cloudflare/workers-types';
import type { ClusterSettings, WritePlan } from '../domain/lab/cluster-state';
import type { LabRecord, LatestScore } from '../cluster/store';
import type { D1Directory } from '../db/d1-directory';
import { DurableStore } from '../db/durable-store';
import type { AnySqliteDb } from '../db/sql-store';

export interface LabObjectHooks {
  directory: D1Directory;
  /** The wall-clock instant (ms) the alarm fires for a lab that expires at `expiresAt`. */
  alarmAt(expiresAt: string): number;
  /** After the lab's rows went: the object wipes its storage (and so its alarm). */
  deleted(): Promise<void>;
}

export class LabObjectStore extends DurableStore {
  private constructor(
    db: AnySqliteDb,
    storage: DurableObjectStorage,
    private readonly hooks: LabObjectHooks,
  ) {
    super(db, storage);
  }

  static async openWith(
    storage: DurableObjectStorage,
    hooks: LabObjectHooks,
  ): Promise<LabObjectStore> {
    return new LabObjectStore(await DurableStore.migrated(storage), storage, hooks);
  }

  /** The lab's rows here first (the object is the one writer of its id), then its directory row. */
  override async createLab(lab: LabRecord, plan: WritePlan): Promise<void> {
    await super.createLab(lab, plan);
    try {
      await this.hooks.directory.put(lab);
    } catch (e) {
      await super.deleteLab(lab.id);
      throw e;
    }
    if (lab.expiresAt) await this.storage.setAlarm(this.hooks.alarmAt(lab.expiresAt));
  }

  override async updateSettings(labId: string, settings: ClusterSettings): Promise<void> {
    await super.updateSettings(labId, settings);
    await this.hooks.directory.setSettings(labId, settings);
  }

  override async resetLab(labId: string, settings: ClusterSettings, plan: WritePlan) {
    await super.resetLab(labId, settings, plan);
    await this.hooks.directory.setSettings(labId, settings, true);
  }

  override async recordScore(labId: string, score: LatestScore): Promise<void> {
    await super.recordScore(labId, score);
    await this.hooks.directory.setScore(labId, score);
  }

  override async deleteLab(labId: string): Promise<void> {
    await super.deleteLab(labId);
    await this.hooks.directory.remove(labId);
    await this.hooks.deleted();
  }

  /** One object holds one lab; expired ones go by alarm (see LabObject.alarm), not here. */
  override purgeExpired(): Promise<string[]> {
    return Promise.resolve([]);
  }
}
