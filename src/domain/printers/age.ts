// kubectl's AGE cells: apimachinery's duration.HumanDuration, precision shrinking as age grows.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** `49s`, `2m4s`, `26m`, `7h34m`, `45h`, `3d17h`, `15d`, `2y30d`, `9y`; zero or negative is `0s`. */
export function formatAge(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (!(seconds > 0)) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

/** Age of an object created at `timestamp` (RFC 3339) seen at `now`; `<unknown>` without a timestamp. */
export function ageSince(timestamp: string | null | undefined, now: Date): string {
  if (!timestamp) return '<unknown>';
  const created = Date.parse(timestamp);
  if (Number.isNaN(created)) return '<unknown>';
  return formatAge(now.getTime() - created);
}
