import { now } from './clock.js';

/** China has one time zone, UTC+8, with no daylight saving: shifting by 8 hours is exact. */
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The calendar date in China at this instant (by default, today by the platform's clock), 'YYYY-MM-DD'. */
export function chinaDate(instant: Date = now()): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** A calendar date ('YYYY-MM-DD') as written in a document: '2026年12月1日'. */
export function chinaDateText(date: string): string {
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

/** An instant as a person in China reads it: '2026年12月1日 09:30'. */
export function chinaTimeText(instant: Date): string {
  const s = new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString();
  return `${Number(s.slice(0, 4))}年${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日 ${s.slice(11, 16)}`;
}
