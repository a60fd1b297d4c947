import type { Executor } from '../../db/database.js';
import { WorkdayCalendar } from './engine.js';
import * as repo from './repo.js';

/** How long a process trusts its cached calendars before asking whether they changed. */
const VERSION_CHECK_MS = 2000;

interface Cache {
  version: number;
  checkedAt: number;
  byScope: Map<string, Promise<WorkdayCalendar>>;
}
let cache: Cache | undefined;
let versionCheck: Promise<number> | undefined;

/**
 * A region and the regions above it: 220581 (county) → 220500 (city) → 220000 (province), whose
 * own days all apply to it, plus the national schedule.
 */
export function scopesOf(regionCode: string | undefined | null): string[] {
  if (!regionCode || !/^\d{6}$/.test(regionCode)) return [repo.NATIONAL];
  const scopes = new Set([repo.NATIONAL, `${regionCode.slice(0, 2)}0000`, `${regionCode.slice(0, 4)}00`, regionCode]);
  return [...scopes];
}

/**
 * The working-day calendar of a region (national when none): the State Council schedules plus
 * the region's own closed days. Built once per process and region, rebuilt when any schedule
 * changes anywhere (a version row every process checks every couple of seconds).
 */
export async function calendarFor(db: Executor, regionCode?: string | null): Promise<WorkdayCalendar> {
  const now = Date.now();
  if (!cache || now - cache.checkedAt > VERSION_CHECK_MS) {
    // One version check at a time: concurrent requests share it instead of each asking.
    versionCheck ??= repo.currentVersion(db).finally(() => (versionCheck = undefined));
    const version = await versionCheck;
    if (!cache || cache.version !== version) cache = { version, checkedAt: Date.now(), byScope: new Map() };
    else cache.checkedAt = Date.now();
  }
  const scopes = scopesOf(regionCode);
  const key = scopes.join(',');
  let calendar = cache.byScope.get(key);
  if (!calendar) {
    // The promise is cached, not the result: a burst of requests on a cold cache builds the
    // calendar (a 100-year day index, a few milliseconds of CPU) once, not once per request.
    const building = (async () => {
      const [entries, scheduledYears] = await Promise.all([repo.loadEntries(db, scopes), repo.loadScheduledYears(db)]);
      return new WorkdayCalendar({ entries, scheduledYears });
    })();
    const byScope = cache.byScope;
    byScope.set(key, building);
    building.catch(() => byScope.delete(key));
    calendar = building;
  }
  return calendar;
}

/** The national calendar. */
export function currentCalendar(db: Executor): Promise<WorkdayCalendar> {
  return calendarFor(db);
}

/** Forget cached calendars in this process (after a change it made itself). */
export function invalidateCalendars(): void {
  cache = undefined;
}
