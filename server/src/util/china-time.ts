import { now } from './clock.js';

/** China has one time zone, UTC+8, with no daylight saving: shifting by 8 hours is exact. */
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The calendar date in China at this instant (by default, today by the platform's clock), 'YYYY-MM-DD'. */
export function chinaDate(instant: Date = now()): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}
