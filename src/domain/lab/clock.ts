// The lab clock: wall time plus the offset lessons advance it by (POST /cluster/clock), bounded so
// every time the lab stamps stays an RFC 3339 time that kubectl and the clients can read.
import { ApiError } from '../apimachinery/errors';

const YEAR_SECONDS = 365 * 86_400;

/**
 * How far a lab's clock may run ahead of wall time: 100 years. Lessons need minutes to a few years
 * (AGE columns, affinity timeouts, expiries); 100 years from any wall time before 7900 keeps the
 * lab inside four-digit years, where `toISOString` still writes the RFC 3339 form Go's time parser
 * (kubectl) accepts, and far inside the range of a JavaScript Date.
 */
export const MAX_CLOCK_OFFSET_SECONDS = 100 * YEAR_SECONDS;

/** The largest step one POST /cluster/clock may take: ten years. */
export const MAX_CLOCK_ADVANCE_SECONDS = 10 * YEAR_SECONDS;

/**
 * The offset a lab runs at. A stored offset outside [0, MAX_CLOCK_OFFSET_SECONDS] (an older version
 * let it overflow) reads as the nearest bound, so such a lab still answers and can be reset.
 */
export function clockOffset(stored: unknown): number {
  if (typeof stored !== 'number' || Number.isNaN(stored)) return 0;
  return Math.min(Math.max(Math.trunc(stored), 0), MAX_CLOCK_OFFSET_SECONDS);
}

/** Wall time moved forward by the lab's (bounded) offset. */
export function labTime(wall: Date, storedOffset: unknown): Date {
  return new Date(wall.getTime() + clockOffset(storedOffset) * 1000);
}

/** The offset after advancing by `seconds`, or a 422 when that would pass the bound. */
export function advancedOffset(storedOffset: unknown, seconds: number): number {
  const current = clockOffset(storedOffset);
  if (current + seconds <= MAX_CLOCK_OFFSET_SECONDS) return current + seconds;
  const room = MAX_CLOCK_OFFSET_SECONDS - current;
  throw new ApiError(
    422,
    'Invalid',
    `advanceSeconds: Invalid value: ${seconds}: the lab clock may run at most ${MAX_CLOCK_OFFSET_SECONDS} seconds (100 years) ahead of wall time; it is ${current} seconds ahead, so at most ${room} more`,
    {
      causes: [
        {
          reason: 'FieldValueInvalid',
          message: `must be at most ${room}`,
          field: 'advanceSeconds',
        },
      ],
    },
  );
}
