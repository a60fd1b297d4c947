import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeDue, dateOf, dayNumber, stoppedWorkdays, WorkdayCalendar } from './engine.js';
import { officialEntries, officialYears } from './official-schedules.js';

const calendar = new WorkdayCalendar({ entries: officialEntries(), scheduledYears: officialYears() });
const china = (local: string) => new Date(`${local}+08:00`);

describe('addWorkdays: the start day is not counted; due is the N-th working day after it', () => {
  it.each([
    // 2024 春节: off 02-10..02-17, worked Sun 02-04 and Sun 02-18; 02-09 (除夕) was a working day.
    ['2024-02-08', 1, '2024-02-09'],
    ['2024-02-08', 2, '2024-02-18'],
    ['2024-02-08', 3, '2024-02-19'],
    ['2024-02-02', 1, '2024-02-04'],
    // 2024 劳动节: worked Sun 04-28 and Sat 05-11.
    ['2024-04-26', 1, '2024-04-28'],
    ['2024-04-30', 1, '2024-05-06'],
    ['2024-05-10', 1, '2024-05-11'],
    // 2024 国庆: worked Sun 09-29 and Sat 10-12.
    ['2024-09-27', 1, '2024-09-29'],
    ['2024-09-27', 3, '2024-10-08'],
    ['2024-10-11', 1, '2024-10-12'],
    // 2025 春节: off 01-28..02-04, worked Sun 01-26 and Sat 02-08.
    ['2025-01-24', 1, '2025-01-26'],
    ['2025-01-24', 3, '2025-02-05'],
    ['2025-02-07', 1, '2025-02-08'],
    // 2025 国庆+中秋: off 10-01..10-08, worked Sun 09-28 and Sat 10-11.
    ['2025-09-26', 1, '2025-09-28'],
    ['2025-09-26', 4, '2025-10-09'],
    ['2025-09-26', 6, '2025-10-11'],
    // Year boundary: 2026 元旦 off 01-01..01-03, worked Sun 01-04.
    ['2025-12-31', 1, '2026-01-04'],
    ['2025-12-31', 2, '2026-01-05'],
    // 2026 春节: off 02-15..02-23, worked Sat 02-14 and Sat 02-28 (both make-up Saturdays).
    ['2026-02-13', 1, '2026-02-14'],
    ['2026-02-13', 2, '2026-02-24'],
    ['2026-02-14', 1, '2026-02-24'], // start on a make-up Saturday
    ['2026-02-16', 1, '2026-02-24'], // start on a holiday
    ['2026-02-16', 5, '2026-02-28'],
    ['2026-02-16', 6, '2026-03-02'],
    // 2026 劳动节: off 05-01..05-05, worked Sat 05-09.
    ['2026-04-30', 1, '2026-05-06'],
    ['2026-05-08', 1, '2026-05-09'],
    // 2026 国庆: off 10-01..10-07, worked Sun 09-20 and Sat 10-10.
    ['2026-09-18', 1, '2026-09-20'],
    ['2026-09-30', 1, '2026-10-08'],
    ['2026-09-30', 3, '2026-10-10'],
    // 20 working days, the common legal limit, across National Day.
    ['2026-09-21', 20, '2026-10-26'], // 中秋 09-25 off too
  ])('%s + %i → %s', (start, n, due) => {
    expect(calendar.addWorkdays(start, n)).toEqual({ due, provisional: false });
  });

  it('n = 0 (当场办结) is the start day when it is a working day, else the next one', () => {
    expect(calendar.addWorkdays('2026-03-02', 0).due).toBe('2026-03-02');
    expect(calendar.addWorkdays('2026-02-14', 0).due).toBe('2026-02-14');
    expect(calendar.addWorkdays('2026-02-16', 0).due).toBe('2026-02-24');
    expect(calendar.addWorkdays('2026-03-07', 0).due).toBe('2026-03-09');
  });

  it('counts backwards for negative n', () => {
    expect(calendar.addWorkdays('2026-02-24', -1).due).toBe('2026-02-14');
    expect(calendar.addWorkdays('2026-02-20', -1).due).toBe('2026-02-14');
    expect(calendar.addWorkdays('2026-03-02', -2).due).toBe('2026-02-27');
  });

  it('a year without a schedule counts weekdays only and is flagged provisional', () => {
    expect(calendar.addWorkdays('2026-12-31', 1)).toEqual({ due: '2027-01-01', provisional: true });
    expect(calendar.addWorkdays('2026-12-25', 2)).toEqual({ due: '2026-12-29', provisional: false });
    expect(calendar.isProvisional(2027)).toBe(true);
    expect(calendar.isProvisional(2026)).toBe(false);
  });

  it('rejects dates outside the calendar or malformed', () => {
    expect(() => calendar.addWorkdays('1999-12-31', 1)).toThrow(RangeError);
    expect(() => calendar.addWorkdays('2026-02-30', 1)).toThrow(RangeError);
  });
});

describe('days', () => {
  it('describes each day with its kind and the holiday name', () => {
    expect(calendar.days('2026-02-13', '2026-02-16')).toEqual([
      { date: '2026-02-13', workday: true, kind: 'workday' },
      { date: '2026-02-14', workday: true, kind: 'makeup', name: '春节' },
      { date: '2026-02-15', workday: false, kind: 'holiday', name: '春节' },
      { date: '2026-02-16', workday: false, kind: 'holiday', name: '春节' },
    ]);
    expect(calendar.day('2026-03-07')).toEqual({ date: '2026-03-07', workday: false, kind: 'weekend' });
  });

  it('a region closed day overrides a national make-up day', () => {
    const regional = new WorkdayCalendar({
      entries: [...officialEntries(), { date: '2026-02-28', kind: 'closed', name: '大厅停电检修' }],
      scheduledYears: officialYears(),
    });
    expect(regional.day('2026-02-28')).toEqual({ date: '2026-02-28', workday: false, kind: 'holiday', name: '大厅停电检修' });
    expect(regional.addWorkdays('2026-02-16', 5).due).toBe('2026-03-02');
  });
});

describe('between and remaining', () => {
  it('counts working days after the first date up to and including the second', () => {
    expect(calendar.workdaysBetween('2026-02-13', '2026-02-28')).toBe(6);
    expect(calendar.workdaysBetween('2026-02-28', '2026-02-13')).toBe(-6);
    expect(calendar.workdaysBetween('2026-03-02', '2026-03-02')).toBe(0);
  });

  it('remaining is 0 on the due day and negative when overdue', () => {
    expect(calendar.workdaysRemaining('2026-10-08', '2026-10-10')).toBe(2);
    expect(calendar.workdaysRemaining('2026-10-10', '2026-10-10')).toBe(0);
    expect(calendar.workdaysRemaining('2026-10-12', '2026-10-10')).toBe(-1);
    expect(calendar.workdaysRemaining('2026-10-07', '2026-09-30')).toBe(0);
  });
});

describe('limits in other units', () => {
  it('working days end at midnight China time', () => {
    const due = computeDue(calendar, china('2026-09-30T16:30:00'), { value: 1, unit: 'workday' });
    expect(due.dueDate).toBe('2026-10-08');
    expect(due.due.toISOString()).toBe('2026-10-08T15:59:59.999Z');
  });

  it('natural days (60 日) roll forward when they end on a rest day', () => {
    expect(computeDue(calendar, china('2026-09-20T09:00:00'), { value: 60, unit: 'natural_day' }).dueDate).toBe('2026-11-19');
    expect(computeDue(calendar, china('2026-09-06T09:00:00'), { value: 30, unit: 'natural_day' }).dueDate).toBe('2026-10-08');
    expect(computeDue(calendar, china('2026-03-06T09:00:00'), { value: 1, unit: 'natural_day' }).dueDate).toBe('2026-03-09');
  });

  it('hours are natural hours from the start instant', () => {
    const due = computeDue(calendar, china('2026-02-13T22:00:00'), { value: 3, unit: 'hour' });
    expect(due.due.toISOString()).toBe('2026-02-13T17:00:00.000Z');
    expect(due.dueDate).toBe('2026-02-14');
  });

  it('on the spot is due the same working day', () => {
    expect(computeDue(calendar, china('2026-02-16T10:00:00'), { value: 0, unit: 'on_the_spot' }).dueDate).toBe('2026-02-24');
    expect(computeDue(calendar, china('2026-03-03T10:00:00'), { value: 0, unit: 'on_the_spot' }).dueDate).toBe('2026-03-03');
  });
});

describe('clock stops', () => {
  it('count the working days after the stop day up to and including the resume day', () => {
    expect(stoppedWorkdays(calendar, china('2026-03-03T10:00:00'), china('2026-03-05T15:00:00'))).toBe(2);
    expect(stoppedWorkdays(calendar, china('2026-03-03T10:00:00'), china('2026-03-03T15:00:00'))).toBe(0);
    // Stopped over Spring Festival: 02-14 (make-up), 02-24..02-27.
    expect(stoppedWorkdays(calendar, china('2026-02-13T10:00:00'), china('2026-02-27T09:00:00'))).toBe(5);
  });
});

describe('properties', () => {
  const first = dayNumber('2024-01-01');
  const last = dayNumber('2026-12-31');
  const date = fc.integer({ min: first, max: last }).map(dateOf);
  const n = fc.integer({ min: 1, max: 200 });

  it('adding N then M working days equals adding N + M', () => {
    fc.assert(
      fc.property(date, n, n, (start, a, b) => {
        expect(calendar.addWorkdays(calendar.addWorkdays(start, a).due, b).due).toBe(calendar.addWorkdays(start, a + b).due);
      }),
    );
  });

  it('the due date is always a working day, after the start', () => {
    fc.assert(
      fc.property(date, n, (start, k) => {
        const { due } = calendar.addWorkdays(start, k);
        expect(calendar.isWorkday(due)).toBe(true);
        expect(due > start).toBe(true);
      }),
    );
  });

  it('between inverts add, and remaining agrees with between', () => {
    fc.assert(
      fc.property(date, n, date, (start, k, today) => {
        const { due } = calendar.addWorkdays(start, k);
        expect(calendar.workdaysBetween(start, due)).toBe(k);
        // Sum to zero rather than compare with a negation: -0 and 0 differ to Object.is.
        expect(calendar.workdaysRemaining(today, due) + calendar.workdaysBetween(due, today)).toBe(0);
      }),
    );
  });

  it('matches a day-by-day count', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 60 }), (start, k) => {
        let day = dayNumber(start);
        let counted = 0;
        if (k === 0) while (!calendar.isWorkday(dateOf(day))) day++;
        while (counted < k) {
          day++;
          if (calendar.isWorkday(dateOf(day))) counted++;
        }
        expect(calendar.addWorkdays(start, k).due).toBe(dateOf(day));
      }),
    );
  });
});
