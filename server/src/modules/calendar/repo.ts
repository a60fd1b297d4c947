import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { DayEntry } from './engine.js';
import { OFFICIAL_SCHEDULES, scheduleEntries } from './official-schedules.js';

/** National schedule rows carry region ''; a region's own days carry its division code. */
export const NATIONAL = '';

export function loadEntries(db: Executor, scopes: string[]): Promise<DayEntry[]> {
  return db.selectFrom('calendar_days').select(['date', 'kind', 'name']).where('region_code', 'in', scopes).execute();
}

export async function loadScheduledYears(db: Executor): Promise<number[]> {
  const rows = await db.selectFrom('calendar_years').select('year').where('region_code', '=', NATIONAL).execute();
  return rows.map((r) => r.year);
}

export async function currentVersion(db: Executor): Promise<number> {
  return (await db.selectFrom('calendar_version').select('version').executeTakeFirstOrThrow()).version;
}

export async function bumpVersion(db: Executor): Promise<void> {
  await db.updateTable('calendar_version').set({ version: sql`version + 1` }).execute();
}

export function listYears(db: Executor) {
  return db
    .selectFrom('calendar_years')
    .leftJoin('users', 'users.id', 'calendar_years.entered_by')
    .select(['calendar_years.year', 'calendar_years.source', 'calendar_years.entered_at', 'users.display_name as entered_by_name'])
    .where('calendar_years.region_code', '=', NATIONAL)
    .orderBy('calendar_years.year')
    .execute();
}

export function listRegionDays(db: Executor, regionCode: string) {
  return db.selectFrom('calendar_days').select(['date', 'name']).where('region_code', '=', regionCode).orderBy('date').execute();
}

/**
 * Replaces one year's national schedule (the notice) as a whole. Inside a transaction, writers of
 * the same year queue behind each other: two saves at once would each delete the (still empty)
 * year and then both insert its days, and the second would break the unique (region, date) key.
 */
export async function replaceNationalYear(
  db: Executor,
  schedule: { year: number; source: string; entries: DayEntry[]; enteredBy: number | null },
): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('calendar_year'), ${schedule.year}::int)`.execute(db);
  await db
    .deleteFrom('calendar_days')
    .where('region_code', '=', NATIONAL)
    .where('date', '>=', `${schedule.year}-01-01`)
    .where('date', '<=', `${schedule.year}-12-31`)
    .execute();
  if (schedule.entries.length) {
    await db
      .insertInto('calendar_days')
      .values(schedule.entries.map((e) => ({ region_code: NATIONAL, date: e.date, kind: e.kind, name: e.name, entered_by: schedule.enteredBy })))
      .execute();
  }
  await db
    .insertInto('calendar_years')
    .values({ region_code: NATIONAL, year: schedule.year, source: schedule.source, entered_by: schedule.enteredBy })
    .onConflict((oc) => oc.columns(['region_code', 'year']).doUpdateSet({ source: schedule.source, entered_by: schedule.enteredBy, entered_at: sql`now()` }))
    .execute();
}

export async function upsertRegionDay(db: Executor, day: { regionCode: string; date: string; name: string; enteredBy: number }): Promise<void> {
  await db
    .insertInto('calendar_days')
    .values({ region_code: day.regionCode, date: day.date, kind: 'closed', name: day.name, entered_by: day.enteredBy })
    .onConflict((oc) => oc.columns(['region_code', 'date']).doUpdateSet({ name: day.name, entered_by: day.enteredBy, entered_at: sql`now()` }))
    .execute();
}

export async function deleteRegionDay(db: Executor, regionCode: string, date: string): Promise<boolean> {
  const result = await db.deleteFrom('calendar_days').where('region_code', '=', regionCode).where('date', '=', date).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/**
 * Loads the State Council schedules the project ships for every year the database does not
 * hold yet. An administrator's own entry for a year is never overwritten.
 * @returns the years added
 */
export async function syncOfficialSchedules(db: Executor): Promise<number[]> {
  const present = new Set(await loadScheduledYears(db));
  const missing = OFFICIAL_SCHEDULES.filter((s) => !present.has(s.year));
  for (const schedule of missing) {
    await replaceNationalYear(db, { year: schedule.year, source: schedule.source, entries: scheduleEntries([schedule]), enteredBy: null });
  }
  if (missing.length) await bumpVersion(db);
  return missing.map((s) => s.year);
}
