/**
 * Deadline computations per second: the indexed working-day engine against a naive day-by-day
 * loop over the same calendar, measured in the same run (pure CPU, no database).
 */
import { dateOf, dayNumber, WorkdayCalendar } from '../server/src/modules/calendar/engine.js';
import { officialEntries, officialYears } from '../server/src/modules/calendar/official-schedules.js';
import type { BenchContext, BenchModuleMeta, BenchRow } from './lib/types.js';

export const meta: BenchModuleMeta = {
  description: 'deadline computations per second, indexed engine vs a day-by-day loop',
};

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const calendar = new WorkdayCalendar({ entries: officialEntries(), scheduledYears: officialYears() });

  // Fixed pseudo-random inputs (xorshift) so every run computes the same deadlines.
  let seed = 0x9e3779b9;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  const first = dayNumber('2024-01-01');
  const span = dayNumber('2026-12-31') - first;
  const N = 200_000;
  const starts = Array.from({ length: N }, () => dateOf(first + Math.floor(random() * span)));
  const limits = Array.from({ length: N }, () => 1 + Math.floor(random() * 30));

  /** The baseline: walk the calendar one day at a time, as a straightforward implementation would. */
  function naiveAddWorkdays(start: string, n: number): string {
    let day = dayNumber(start);
    let counted = 0;
    while (counted < n) {
      day++;
      if (calendar.isWorkday(dateOf(day))) counted++;
    }
    return dateOf(day);
  }

  function measure(fn: (start: string, n: number) => string, rounds: number): number {
    let sink = 0;
    // Warm up so both paths run optimised code.
    for (let i = 0; i < 20_000; i++) sink += fn(starts[i]!, limits[i]!).length;
    const t0 = process.hrtime.bigint();
    for (let r = 0; r < rounds; r++) for (let i = 0; i < N; i++) sink += fn(starts[i]!, limits[i]!).length;
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (sink === 0) throw new Error('nothing computed');
    return (rounds * N) / seconds;
  }

  // Same answers first: a fast wrong engine is worth nothing.
  for (let i = 0; i < 5000; i++) {
    if (calendar.addWorkdays(starts[i]!, limits[i]!).due !== naiveAddWorkdays(starts[i]!, limits[i]!)) {
      throw new Error(`engine and baseline disagree on ${starts[i]} + ${limits[i]}`);
    }
  }
  const naive = measure(naiveAddWorkdays, 1);
  const engine = measure((s, n) => calendar.addWorkdays(s, n).due, ctx.quick ? 2 : 10);
  return [
    {
      figure: 'deadline computations (working-day engine)',
      value: engine,
      unit: '/s',
      baseline: { label: 'day-by-day loop', value: naive, unit: '/s' },
      target: { ratioAtLeast: 10 },
      note: `${N.toLocaleString('en-US')} random (start, 1–30 working days) pairs over 2024–2026, same answers checked first`,
    },
  ];
}
