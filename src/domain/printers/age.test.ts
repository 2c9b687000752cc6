import { describe, expect, it } from 'vitest';
import { ageSince, formatAge } from './age';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;
const y = 365 * d;

describe('formatAge (kubectl HumanDuration)', () => {
  it.each([
    { name: 'negative (clock skew)', ms: -5 * s, age: '0s' },
    { name: 'zero', ms: 0, age: '0s' },
    { name: 'under a second', ms: 999, age: '0s' },
    { name: 'seconds', ms: 49 * s, age: '49s' },
    { name: 'just under 2 minutes stays in seconds', ms: 119 * s + 999, age: '119s' },
    { name: 'exactly 2 minutes', ms: 2 * m, age: '2m' },
    { name: 'minutes and seconds', ms: 2 * m + 4 * s, age: '2m4s' },
    { name: '10 minutes drops the seconds', ms: 10 * m + 30 * s, age: '10m' },
    { name: 'minutes', ms: 26 * m, age: '26m' },
    { name: 'just under 3 hours stays in minutes', ms: 3 * h - 1, age: '179m' },
    { name: 'hours and minutes', ms: 7 * h + 34 * m, age: '7h34m' },
    { name: 'whole hours', ms: 3 * h, age: '3h' },
    { name: 'hours', ms: 45 * h + 59 * m, age: '45h' },
    { name: 'days and hours', ms: 3 * d + 17 * h, age: '3d17h' },
    { name: 'whole days', ms: 2 * d, age: '2d' },
    { name: 'days', ms: 15 * d + 23 * h, age: '15d' },
    { name: 'just under 2 years stays in days', ms: 2 * y - 1, age: '729d' },
    { name: 'years and days', ms: 2 * y + 30 * d, age: '2y30d' },
    { name: 'whole years', ms: 3 * y, age: '3y' },
    { name: 'years', ms: 9 * y + 100 * d, age: '9y' },
  ])('$name: $age', ({ ms, age }) => {
    expect(formatAge(ms)).toBe(age);
  });
});

describe('ageSince', () => {
  const now = new Date('2025-06-01T12:00:00Z');
  it.each([
    { name: 'a timestamp', ts: '2025-06-01T11:59:11Z', age: '49s' },
    { name: 'missing', ts: undefined, age: '<unknown>' },
    { name: 'null', ts: null, age: '<unknown>' },
    { name: 'unparseable', ts: 'yesterday', age: '<unknown>' },
    { name: 'in the future', ts: '2025-06-01T12:00:05Z', age: '0s' },
  ])('$name', ({ ts, age }) => {
    expect(ageSince(ts, now)).toBe(age);
  });
});
