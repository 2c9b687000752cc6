// The lab directory in D1 when each lab's cluster lives in its own Durable Object: one `labs` row
// per lab (id, name, token hash, lesson, expiry, settings, latest score) and nothing else, so
// authentication and the instructor's list are one indexed read, never a call to every object.
import type { D1Database } from '@cloudflare/workers-types';
import { eq } from 'drizzle-orm';
import { drizzle, type DrizzleD1Database } from 'drizzle-orm/d1';
import type { ClusterSettings } from '../domain/lab/cluster-state';
import type { LabRecord, LatestScore } from '../cluster/store';
import { labs } from './schema';

/** The writes a lab's object makes to keep its directory row current. */
export class D1Directory {
  private constructor(private readonly db: DrizzleD1Database) {}

  static over(binding: D1Database): D1Directory {
    return new D1Directory(drizzle(binding));
  }

  /** Writes the lab's row (a new lab, or the row of one being recreated under the same id). */
  async put(lab: LabRecord): Promise<void> {
    const row = {
      name: lab.name,
      settings: JSON.stringify(lab.settings),
      createdAt: lab.createdAt,
      tokenHash: lab.tokenHash ?? null,
      template: lab.template ?? null,
      creation: lab.creation ? JSON.stringify(lab.creation) : null,
      expiresAt: lab.expiresAt ?? null,
      latestScore: null,
    };
    // The directory keeps no cluster: its revision columns stay at 0.
    const values = { id: lab.id, revision: 0, revisionGuard: 0, ...row };
    await this.db
      .insert(labs)
      .values(values)
      .onConflictDoUpdate({ target: labs.id, set: row })
      .run();
  }

  /** The lab's settings moved (PATCH /cluster, the clock); a reset also forgets its score. */
  async setSettings(labId: string, settings: ClusterSettings, reset = false): Promise<void> {
    const set = { settings: JSON.stringify(settings), ...(reset ? { latestScore: null } : {}) };
    await this.db.update(labs).set(set).where(eq(labs.id, labId)).run();
  }

  async setScore(labId: string, score: LatestScore): Promise<void> {
    const { points, maxPoints, gradedAt } = score;
    const latestScore = JSON.stringify({ points, maxPoints, gradedAt });
    await this.db.update(labs).set({ latestScore }).where(eq(labs.id, labId)).run();
  }

  async remove(labId: string): Promise<void> {
    await this.db.delete(labs).where(eq(labs.id, labId)).run();
  }
}
