// The clocks containers print: each program formats the time its own way (the lab's clock, in
// UTC, the containers' time zone).

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function parts(ms: number) {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth(),
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
    clock: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
    millis: d.getUTCMilliseconds(),
  };
}

/** nginx's error log and Go's `log` package: `2026/12/01 11:30:00`. */
export function slashTime(ms: number): string {
  const p = parts(ms);
  return `${p.year}/${pad(p.month + 1)}/${pad(p.day)} ${p.clock}`;
}

/** nginx's `$time_local` and Apache's `%t` (without brackets): `01/Dec/2026:11:30:00 +0000`. */
export function commonLogTime(ms: number): string {
  // Every access line formats it: a busy second formats it once.
  const second = Math.floor(ms / 1000);
  if (second !== lastCommon.second) {
    const p = parts(ms);
    lastCommon = { second, text: `${pad(p.day)}/${MONTHS[p.month]}/${p.year}:${p.clock} +0000` };
  }
  return lastCommon.text;
}
let lastCommon = { second: NaN, text: '' };

/** Apache's error log: `Tue Dec 01 11:30:00.123000 2026`. */
export function apacheErrorTime(ms: number): string {
  const p = parts(ms);
  const micros = pad(p.millis * 1000, 6);
  return `${DAYS[p.weekday]} ${MONTHS[p.month]} ${pad(p.day)} ${p.clock}.${micros} ${p.year}`;
}

/** The kubelet's `timestamps=true` prefix: RFC 3339 with nine fraction digits. */
export function kubeletTimestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}000000Z`;
}
