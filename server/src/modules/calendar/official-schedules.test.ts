import { getDayDetail, isWorkday } from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { dateOf, dayNumber, WorkdayCalendar } from './engine.js';
import { OFFICIAL_SCHEDULES, officialEntries, officialYears } from './official-schedules.js';

const calendar = new WorkdayCalendar({ entries: officialEntries(), scheduledYears: officialYears() });

describe('official schedules', () => {
  it('ship 2024, 2025 and 2026', () => {
    expect(officialYears()).toEqual(expect.arrayContaining([2024, 2025, 2026]));
  });

  it('agree with the chinese-days package on every day of 2024–2026', () => {
    const disagreements: string[] = [];
    for (let day = dayNumber('2024-01-01'); day <= dayNumber('2026-12-31'); day++) {
      const date = dateOf(day);
      if (calendar.isWorkday(date) !== isWorkday(date)) disagreements.push(`${date} ${getDayDetail(date).name}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('put make-up working days only on weekends and holidays only inside their year', () => {
    for (const schedule of OFFICIAL_SCHEDULES) {
      for (const holiday of schedule.holidays) {
        expect(holiday.from <= holiday.to).toBe(true);
        expect(holiday.from.startsWith(String(schedule.year))).toBe(true);
        for (const date of holiday.makeupWorkdays) {
          const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
          expect([0, 6], `${date} is not a weekend day`).toContain(weekday);
        }
      }
    }
  });

  it('2026 Spring Festival: 02-15..02-23 off, 02-14 and 02-28 worked', () => {
    expect(calendar.days('2026-02-14', '2026-02-28').filter((d) => d.workday).map((d) => d.date)).toEqual([
      '2026-02-14',
      '2026-02-24',
      '2026-02-25',
      '2026-02-26',
      '2026-02-27',
      '2026-02-28',
    ]);
  });
});
