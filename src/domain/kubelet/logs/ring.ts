// What a burst of lines leaves in the rings: a run keeps its newest `linesPerRun`, a lab its newest
// `linesPerLab` (container-log.ts LOG_BOUNDS). A store that buffers many requests' access lines
// writes only these: the trims after it would delete the rest at once.
import { LOG_BOUNDS } from './container-log';
import type { ContainerLogWrite } from './log-types';

interface RingBounds {
  linesPerRun: number;
  linesPerLab: number;
}

/** The newest lines of one lab's `writes` (in write order) that the rings keep, in that order. */
export function newestLines(
  writes: readonly ContainerLogWrite[],
  bounds: RingBounds = LOG_BOUNDS,
): ContainerLogWrite[] {
  let labLeft = bounds.linesPerLab;
  const runLeft = new Map<string, number>();
  const kept: ContainerLogWrite[] = [];
  for (let i = writes.length - 1; i >= 0 && labLeft > 0; i--) {
    const w = writes[i]!;
    const run = `${w.namespace}/${w.pod}/${w.container}/${w.run}`;
    const left = runLeft.get(run) ?? bounds.linesPerRun;
    const take = Math.min(left, labLeft, w.lines.length);
    if (take === 0) continue;
    runLeft.set(run, left - take);
    labLeft -= take;
    kept.push(take === w.lines.length ? w : { ...w, lines: w.lines.slice(-take) });
  }
  return kept.reverse();
}
