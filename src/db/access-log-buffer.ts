// Access lines waiting to be stored (sqlite.ts): per lab, grouped by run as a routed batch groups
// them (AccessLogBatch), so a burst of requests into one lab costs memory and rows for what its
// rings keep, not for every request. A request only appends its lines to a list, grouped into
// the labs' batches every GROUP_EVERY requests: spread over 1,000 labs, reaching into a request's
// own lab batch cost cache misses per request.
import { AccessLogBatch } from '../domain/kubelet/logs/access-log';
import type { ContainerLogWrite } from '../domain/kubelet/logs/container-log';
import { newestLines } from '../domain/kubelet/logs/ring';

/** Requests appended before they are grouped into their labs' batches. */
export const GROUP_EVERY = 2048;

interface Appended {
  labId: string;
  writes: readonly ContainerLogWrite[];
  trim: boolean;
}

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
  private appended: Appended[] = [];
  /** Lines in the labs' batches. */
  private grouped = 0;

  /** Lines waiting (a run's kept beyond its bound included). */
  lines = 0;

  /** Their characters, as if none shared its text with the line before (an upper bound). */
  chars = 0;

  get empty(): boolean {
    return this.labs.size === 0 && this.appended.length === 0;
  }

  add(labId: string, writes: readonly ContainerLogWrite[], trim: boolean): void {
    this.appended.push({ labId, writes, trim });
    for (const w of writes) {
      this.lines += w.lines.length;
      for (const l of w.lines) this.chars += l.text.length;
    }
    if (this.appended.length >= GROUP_EVERY) this.group();
  }

  /** Moves what was appended into the labs' batches, which hold a run to twice its ring. */
  private group(): void {
    for (const { labId, writes, trim } of this.appended) {
      let lab = this.labs.get(labId);
      if (!lab) this.labs.set(labId, (lab = { batch: new AccessLogBatch(), trim: false }));
      lab.trim ||= trim;
      const before = lab.batch.lines;
      for (const w of writes) lab.batch.append(w, w.lines);
      this.grouped += lab.batch.lines - before;
    }
    this.appended = [];
    this.lines = this.grouped;
  }

  /** Everything waiting, each lab's cut to what its rings keep; the buffer is empty after. */
  take(): LabLogs[] {
    this.group();
    const out = [...this.labs].map(([labId, lab]) => ({
      labId,
      writes: newestLines(lab.batch.writes()),
      trim: lab.trim,
    }));
    this.labs = new Map();
    this.grouped = 0;
    this.lines = 0;
    this.chars = 0;
    return out;
  }
}
