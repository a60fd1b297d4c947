import { describe, expect, it } from 'vitest';
import { WorkdayCalendar, dateOf, dayNumber } from '../calendar/engine.js';
import { checkAnnouncement, checkClarification, earliestDeadline, publicityEnd } from './periods.js';

// A schedule shaped like a National Day week: 1–7 October off, two make-up Saturdays.
const calendar = new WorkdayCalendar({
  entries: [
    ...['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'].map((date) => ({ date, kind: 'holiday' as const, name: '国庆节' })),
    { date: '2026-09-20', kind: 'makeup' as const, name: '国庆节调休' },
    { date: '2026-10-10', kind: 'makeup' as const, name: '国庆节调休' },
  ],
  scheduledYears: [2026],
});
const at = (date: string, time = '09:30') => new Date(`${date}T${time}:00+08:00`);
const plus = (date: string, n: number) => dateOf(dayNumber(date) + n);

describe('legal minimum periods of a tender', () => {
  it('招标投标法 art. 24: 20 natural days from the documents to the deadline, first day not counted', () => {
    const now = at('2026-03-02', '08:00');
    expect(earliestDeadline(calendar, 'construction', '2026-03-02')).toBe('2026-03-23'); // 22nd is a Sunday
    expect(checkAnnouncement(calendar, { category: 'construction', documentsFrom: '2026-03-02', deadline: at('2026-03-23'), now })).toBeNull();
    const refused = checkAnnouncement(calendar, { category: 'construction', documentsFrom: '2026-03-02', deadline: at('2026-03-20'), now });
    expect(refused?.code).toBe('TENDER_PERIOD');
    expect(refused?.message).toContain('《招标投标法》第二十四条');
    expect(refused?.message).toContain('2026-03-23');
  });

  it('a period ending in the National Day holiday runs to the next working day', () => {
    expect(earliestDeadline(calendar, 'procurement', '2026-09-13')).toBe('2026-10-08');
  });

  it('国有产权 counts 20 working days, skipping the holiday and counting the make-up Saturday', () => {
    // From Monday 21 September: 22–30 Sep are 7 working days, 8 and 9 Oct 9, Saturday 10 Oct
    // (make-up) 10, then two full weeks.
    const from = '2026-09-21';
    const due = earliestDeadline(calendar, 'state_assets', from);
    expect(calendar.workdaysBetween(from, due)).toBe(20);
    expect(due).toBe('2026-10-23');
  });

  it('documents cannot be issued in the past', () => {
    expect(checkAnnouncement(calendar, { category: 'land', documentsFrom: '2026-03-01', deadline: at('2026-05-01'), now: at('2026-03-02') })?.code).toBe('DEADLINE_ORDER');
  });

  it('实施条例 art. 21: clarifications at least 15 days before the deadline', () => {
    const now = at('2026-03-02', '10:00');
    expect(checkClarification(calendar, { deadline: at(plus('2026-03-02', 15)), now })).toBeNull();
    const late = checkClarification(calendar, { deadline: at(plus('2026-03-02', 14)), now });
    expect(late?.code).toBe('CLARIFICATION_PERIOD');
    expect(late?.message).toContain('第二十一条');
    expect(checkClarification(calendar, { deadline: at('2026-03-01'), now })?.code).toBe('DEADLINE_ORDER');
  });

  it('实施条例 art. 54: publicity of at least 3 days, ending at midnight of the third day', () => {
    const result = publicityEnd(calendar, at('2026-03-02', '15:00'), 3);
    expect('endsAt' in result && result.endsAt.toISOString()).toBe(new Date('2026-03-05T23:59:59.999+08:00').toISOString());
    const short = publicityEnd(calendar, at('2026-03-02'), 2);
    expect('code' in short && short.code).toBe('PUBLICITY_PERIOD');
  });
});
