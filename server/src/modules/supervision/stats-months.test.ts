import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from './rollup.js';
import { monthsWithin } from './stats.js';

describe('monthsWithin', () => {
  it.each([
    ['2026-11-01', '2026-11-30', { months: ['2026-11-01', '2026-11-01'], days: [] }],
    ['2026-11-02', '2026-11-30', { days: [['2026-11-02', '2026-11-30']] }],
    ['2026-11-01', '2026-11-29', { days: [['2026-11-01', '2026-11-29']] }],
    ['2026-11-15', '2026-12-10', { days: [['2026-11-15', '2026-12-10']] }],
    ['2026-11-15', '2027-02-03', { months: ['2026-12-01', '2027-01-01'], days: [['2026-11-15', '2026-11-30'], ['2027-02-01', '2027-02-03']] }],
    ['2024-02-01', '2024-02-29', { months: ['2024-02-01', '2024-02-01'], days: [] }],
    ['2025-12-31', '2026-02-01', { months: ['2026-01-01', '2026-01-01'], days: [['2025-12-31', '2025-12-31'], ['2026-02-01', '2026-02-01']] }],
    ['2026-03-05', '2026-03-05', { days: [['2026-03-05', '2026-03-05']] }],
  ])('%s .. %s', (from, to, expected) => {
    expect(monthsWithin(from, to)).toEqual(expected);
  });

  it('covers every day of the period exactly once, months whole', () => {
    const day = fc.integer({ min: 0, max: 3 * 366 }).map((n) => addDays('2024-01-01', n));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 800 }), (from, length) => {
        const to = addDays(from, length);
        const { months, days } = monthsWithin(from, to);
        const covered: string[] = [];
        for (const [a, b] of days) for (let d = a; d <= b; d = addDays(d, 1)) covered.push(d);
        if (months) {
          expect(months[0].endsWith('-01') && months[1].endsWith('-01')).toBe(true);
          for (let d = months[0]; d < addDays(`${addDays(months[1], 31).slice(0, 7)}-01`, 0); d = addDays(d, 1)) covered.push(d);
        }
        covered.sort();
        const expected: string[] = [];
        for (let d = from; d <= to; d = addDays(d, 1)) expected.push(d);
        expect(covered).toEqual(expected);
      }),
    );
  });
});
