import type { Executor } from '../../db/database.js';
import { WorkdayCalendar } from './engine.js';
import { officialEntries, officialYears } from './official-schedules.js';

let cached: WorkdayCalendar | undefined;

/**
 * The working-day calendar every deadline uses. Built once from the official schedules; the
 * database-held schedules and regional days join it in the legal-clock work.
 */
export async function currentCalendar(_db: Executor): Promise<WorkdayCalendar> {
  cached ??= new WorkdayCalendar({ entries: officialEntries(), scheduledYears: officialYears() });
  return cached;
}
