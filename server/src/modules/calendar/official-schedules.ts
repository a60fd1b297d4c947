import type { DayEntry } from './engine.js';

/** One holiday of a State Council notice: the days off and the weekend days worked instead (调休上班). */
export interface OfficialHoliday {
  name: string;
  /** Inclusive range of days off. */
  from: string;
  to: string;
  makeupWorkdays: string[];
}

export interface OfficialSchedule {
  year: number;
  /** 国务院办公厅关于XXXX年部分节假日安排的通知 */
  source: string;
  holidays: OfficialHoliday[];
}

/**
 * The State Council's holiday schedules as published, kept as data the project owns. Cross-checked
 * day by day against the `chinese-days` package in official-schedules.test.ts.
 */
export const OFFICIAL_SCHEDULES: OfficialSchedule[] = [
  {
    year: 2024,
    source: '国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号）',
    holidays: [
      { name: '元旦', from: '2024-01-01', to: '2024-01-01', makeupWorkdays: [] },
      { name: '春节', from: '2024-02-10', to: '2024-02-17', makeupWorkdays: ['2024-02-04', '2024-02-18'] },
      { name: '清明节', from: '2024-04-04', to: '2024-04-06', makeupWorkdays: ['2024-04-07'] },
      { name: '劳动节', from: '2024-05-01', to: '2024-05-05', makeupWorkdays: ['2024-04-28', '2024-05-11'] },
      { name: '端午节', from: '2024-06-10', to: '2024-06-10', makeupWorkdays: [] },
      { name: '中秋节', from: '2024-09-15', to: '2024-09-17', makeupWorkdays: ['2024-09-14'] },
      { name: '国庆节', from: '2024-10-01', to: '2024-10-07', makeupWorkdays: ['2024-09-29', '2024-10-12'] },
    ],
  },
  {
    year: 2025,
    source: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）',
    holidays: [
      { name: '元旦', from: '2025-01-01', to: '2025-01-01', makeupWorkdays: [] },
      { name: '春节', from: '2025-01-28', to: '2025-02-04', makeupWorkdays: ['2025-01-26', '2025-02-08'] },
      { name: '清明节', from: '2025-04-04', to: '2025-04-06', makeupWorkdays: [] },
      { name: '劳动节', from: '2025-05-01', to: '2025-05-05', makeupWorkdays: ['2025-04-27'] },
      { name: '端午节', from: '2025-05-31', to: '2025-06-02', makeupWorkdays: [] },
      { name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08', makeupWorkdays: ['2025-09-28', '2025-10-11'] },
    ],
  },
  {
    year: 2026,
    source: '国务院办公厅关于2026年部分节假日安排的通知',
    holidays: [
      { name: '元旦', from: '2026-01-01', to: '2026-01-03', makeupWorkdays: ['2026-01-04'] },
      { name: '春节', from: '2026-02-15', to: '2026-02-23', makeupWorkdays: ['2026-02-14', '2026-02-28'] },
      { name: '清明节', from: '2026-04-04', to: '2026-04-06', makeupWorkdays: [] },
      { name: '劳动节', from: '2026-05-01', to: '2026-05-05', makeupWorkdays: ['2026-05-09'] },
      { name: '端午节', from: '2026-06-19', to: '2026-06-21', makeupWorkdays: [] },
      { name: '中秋节', from: '2026-09-25', to: '2026-09-27', makeupWorkdays: [] },
      { name: '国庆节', from: '2026-10-01', to: '2026-10-07', makeupWorkdays: ['2026-09-20', '2026-10-10'] },
    ],
  },
];

/** Expands schedules into one entry per day off and per make-up working day. */
export function scheduleEntries(schedules: readonly OfficialSchedule[]): DayEntry[] {
  const entries: DayEntry[] = [];
  for (const schedule of schedules) {
    for (const holiday of schedule.holidays) {
      for (let day = Date.parse(holiday.from); day <= Date.parse(holiday.to); day += 86_400_000) {
        entries.push({ date: new Date(day).toISOString().slice(0, 10), kind: 'holiday', name: holiday.name });
      }
      for (const date of holiday.makeupWorkdays) entries.push({ date, kind: 'makeup', name: holiday.name });
    }
  }
  return entries;
}

export const officialEntries = (): DayEntry[] => scheduleEntries(OFFICIAL_SCHEDULES);
export const officialYears = (): number[] => OFFICIAL_SCHEDULES.map((s) => s.year);
