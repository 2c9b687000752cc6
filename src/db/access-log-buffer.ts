// Access lines waiting to be stored (sqlite.ts): per lab and run, a run keeping at most twice its
// ring's bound meanwhile, so a burst of requests into one lab costs memory and rows for what its
// rings keep, not for every request.
import { LOG_BOUNDS, type ContainerLogWrite } from '../domain/kubelet/logs/container-log';
import { newestLines } from '../domain/kubelet/logs/ring';

interface PendingLab {
  runs: Map<string, ContainerLogWrite>;
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

  get empty(): boolean {
    return this.labs.size === 0;
  }

  add(labId: string, writes: readonly ContainerLogWrite[], trim: boolean): void {
    let lab = this.labs.get(labId);
    if (!lab) this.labs.set(labId, (lab = { runs: new Map(), trim: false }));
    lab.trim ||= trim;
    for (const w of writes) {
      // A run is a container ID: one container of one pod.
      let run = lab.runs.get(w.run);
      if (!run) lab.runs.set(w.run, (run = { ...w, lines: [] }));
      for (const l of w.lines) {
        // A line like the one before (a loop of curls: same client, path, second) keeps that
        // one's text, so the new copy dies young instead of waiting here in the old generation.
        const last = run.lines[run.lines.length - 1];
        run.lines.push(last?.text === l.text ? { time: l.time, text: last.text } : l);
      }
      this.lines += w.lines.length;
      // Drop the oldest at twice the bound: amortised O(1) a line, never more than 2x kept.
      if (run.lines.length >= 2 * LOG_BOUNDS.linesPerRun)
        this.lines -= run.lines.splice(0, run.lines.length - LOG_BOUNDS.linesPerRun).length;
    }
  }

  /** Everything waiting, each lab's cut to what its rings keep; the buffer is empty after. */
  take(): LabLogs[] {
    const out = [...this.labs].map(([labId, lab]) => ({
      labId,
      writes: newestLines([...lab.runs.values()]),
      trim: lab.trim,
    }));
    this.labs = new Map();
    this.lines = 0;
    return out;
  }
}
