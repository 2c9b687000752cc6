// Access lines waiting to be stored (sqlite.ts): per lab, grouped by run as a routed batch groups
// them (AccessLogBatch), so a burst of requests into one lab costs memory and rows for what its
// rings keep, not for every request.
import { AccessLogBatch } from '../domain/kubelet/logs/access-log';
import type { ContainerLogWrite } from '../domain/kubelet/logs/container-log';
import { newestLines } from '../domain/kubelet/logs/ring';

interface PendingLab {
  batch: AccessLogBatch;
  trim: boolean;
}

export interface LabLogs {
  labId: string;
  writes: ContainerLogWrite[];
  trim: boolean;
}

export class AccessLogBuffer {
  private labs = new Map<string, PendingLab>();

  /** Lines waiting (a run's kept beyond its bound included). */
  lines = 0;

  /** Their characters, as if none shared its text with the line before (an upper bound). */
  chars = 0;

  get empty(): boolean {
    return this.labs.size === 0;
  }

  add(labId: string, writes: readonly ContainerLogWrite[], trim: boolean): void {
    let lab = this.labs.get(labId);
    if (!lab) this.labs.set(labId, (lab = { batch: new AccessLogBatch(), trim: false }));
    lab.trim ||= trim;
    const before = lab.batch.lines;
    for (const w of writes) {
      lab.batch.append(w, w.lines);
      for (const l of w.lines) this.chars += l.text.length;
    }
    this.lines += lab.batch.lines - before;
  }

  /** Everything waiting, each lab's cut to what its rings keep; the buffer is empty after. */
  take(): LabLogs[] {
    const out = [...this.labs].map(([labId, lab]) => ({
      labId,
      writes: newestLines(lab.batch.writes()),
      trim: lab.trim,
    }));
    this.labs = new Map();
    this.lines = 0;
    this.chars = 0;
    return out;
  }
}
