import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';

/** The centre the home page speaks for: the one asked for, else the first city-level centre. */
export function findCentre(db: Executor, centreId: number | undefined) {
  let query = db.selectFrom('centres').select(['id', 'name', 'address', 'phone', 'hours', 'region_code']).where('active', '=', true);
  query = centreId ? query.where('id', '=', centreId) : query.where('kind', '=', 'centre').orderBy('id');
  return query.executeTakeFirst();
}

/** Published items by applications submitted since `since`, most applied first. */
export function mostAppliedItems(db: Executor, since: Date, limit: number) {
  return db
    .selectFrom('cases')
    .innerJoin('service_items as i', 'i.id', 'cases.item_id')
    .innerJoin('departments as d', 'd.id', 'i.department_id')
    .select(['i.id', 'i.name', 'd.name as department_name', (eb) => eb.fn.countAll<string>().as('applications')])
    .where('cases.submitted_at', '>=', since)
    .where('i.status', '=', 'published')
    .groupBy(['i.id', 'i.name', 'd.name'])
    .orderBy('applications', 'desc')
    .orderBy('i.id')
    .limit(limit)
    .execute();
}

/** Published items one can apply for online (they have a form), the deepest online service first. */
export function onlineItems(db: Executor, excludeIds: number[], limit: number) {
  let query = db
    .selectFrom('service_items as i')
    .innerJoin('departments as d', 'd.id', 'i.department_id')
    .select(['i.id', 'i.name', 'd.name as department_name'])
    .where('i.status', '=', 'published')
    .where(sql<boolean>`jsonb_array_length(i.form_fields) > 0`)
    .orderBy('i.online_depth', 'desc')
    .orderBy('i.id')
    .limit(limit);
  if (excludeIds.length) query = query.where('i.id', 'not in', excludeIds);
  return query.execute();
}

/** Holidays, make-up working days and closures of the calendar from `from` to `to` (China dates). */
export function calendarDays(db: Executor, regionCode: string, from: string, to: string) {
  return db
    .selectFrom('calendar_days')
    .select(['date', 'kind', 'name'])
    .where('date', '>=', from)
    .where('date', '<=', to)
    .where((eb) => eb.or([eb('region_code', '=', ''), eb('region_code', '=', regionCode)]))
    .orderBy('date')
    .execute();
}
