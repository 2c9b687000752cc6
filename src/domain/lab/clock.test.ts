import { describe, expect, it } from 'vitest';
import { advancedOffset, clockOffset, labTime, MAX_CLOCK_OFFSET_SECONDS } from './clock';

describe('lab clock', () => {
  it.each([
    ['an ordinary offset', 3600, 3600],
    ['an overflowed one', 8.5e12, MAX_CLOCK_OFFSET_SECONDS],
    ['a negative one', -5, 0],
    ['a fraction', 1.9, 1],
    ['not a number', 'x', 0],
    ['NaN', Number.NaN, 0],
    ['null (Infinity stored as JSON)', null, 0],
  ])('reads %s within the bound', (_, stored, offset) => {
    expect(clockOffset(stored)).toBe(offset);
  });

  it('keeps the lab time a valid date however the offset was stored', () => {
    const wall = new Date('2026-12-01T00:00:00Z');
    expect(labTime(wall, 8.5e12).toISOString()).toBe('2126-11-07T00:00:00.000Z');
    expect(labTime(wall, 60).toISOString()).toBe('2026-12-01T00:01:00.000Z');
  });

  it('advances up to the bound and refuses past it with a 422', () => {
    expect(advancedOffset(MAX_CLOCK_OFFSET_SECONDS - 10, 10)).toBe(MAX_CLOCK_OFFSET_SECONDS);
    expect(() => advancedOffset(MAX_CLOCK_OFFSET_SECONDS - 10, 11)).toThrow(/at most 10 more$/);
  });
});
