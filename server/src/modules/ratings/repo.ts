import { sql, type Insertable } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { RatingTable, RectificationTable } from '../../db/schema.js';
import type { Actor } from '../auth/actor.js';
import { visibleCases } from '../cases/policy.js';

/** SQL of 好差评: ratings, the window tablets and services they rate, and their settings. */

export function settingsRows(db: Executor, keys: string[]) {
  return db.selectFrom('settings').select(['key', 'value']).where('key', 'in', keys).execute();
}

export async function saveSetting(db: Executor, key: string, value: string, actorId: number): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value, updated_by: actorId })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_by: actorId, updated_at: sql`now()` }))
    .execute();
}

export async function insertRectification(db: Executor, rectification: Insertable<RectificationTable>): Promise<void> {
  await db.insertInto('rectifications').values(rectification).execute();
}

export function visibleCase(db: Executor, actor: Actor, caseId: string) {
  return db.selectFrom('cases').selectAll().where('id', '=', caseId).where(visibleCases(actor)).executeTakeFirst();
}

export function visibleCaseId(db: Executor, actor: Actor, caseId: string) {
  return db.selectFrom('cases').select('id').where('id', '=', caseId).where(visibleCases(actor)).executeTakeFirst();
}

/** 一事一评: a second online rating of the same case inserts nothing (undefined). */
export function insertCaseRating(db: Executor, rating: Insertable<RatingTable>) {
  return db
    .insertInto('ratings')
    .values(rating)
    .onConflict((oc) => oc.expression(sql`case_id`).where('channel', '=', 'online').doNothing())
    .returning(['id', 'department_id'])
    .executeTakeFirst();
}

/** 一次一评: a second rating of the same window service inserts nothing (undefined). */
export function insertWindowServiceRating(db: Executor, rating: Insertable<RatingTable>) {
  return db
    .insertInto('ratings')
    .values(rating)
    .onConflict((oc) => oc.expression(sql`window_service_id`).where('window_service_id', 'is not', null).doNothing())
    .returning(['id', 'department_id'])
    .executeTakeFirst();
}

/** Only a window of the admin's own centre gets a key (none matches without a centre). */
export function setKioskKeyHash(db: Executor, windowId: number, centreId: number | null, hash: Buffer) {
  return db
    .updateTable('windows')
    .set({ kiosk_key_hash: hash })
    .where('id', '=', windowId)
    .where('centre_id', '=', centreId ?? -1)
    .executeTakeFirst();
}

export function kioskKeyHash(db: Executor, windowId: number) {
  return db.selectFrom('windows').select('kiosk_key_hash').where('id', '=', windowId).executeTakeFirst();
}

export async function closeOpenWindowServices(db: Executor, windowId: number, at: Date): Promise<void> {
  await db.updateTable('window_services').set({ closed_at: at }).where('window_id', '=', windowId).where('closed_at', 'is', null).execute();
}

export function insertWindowService(db: Executor, service: { window_id: number; clerk_id: number; case_id: string | null }) {
  return db.insertInto('window_services').values(service).returning('id').executeTakeFirstOrThrow();
}

export async function closeWindowService(db: Executor, serviceId: string, at: Date): Promise<void> {
  await db.updateTable('window_services').set({ closed_at: at }).where('id', '=', serviceId).execute();
}

/** The window's open service begun within the last `minutes` and not yet rated, if any. */
export function currentUnratedService(db: Executor, windowId: number, minutes: number) {
  return db
    .selectFrom('window_services')
    .innerJoin('windows', 'windows.id', 'window_services.window_id')
    .innerJoin('users', 'users.id', 'window_services.clerk_id')
    .leftJoin('ratings', 'ratings.window_service_id', 'window_services.id')
    .select(['window_services.id', 'windows.name as window_name', 'windows.number as window_number', 'users.display_name as clerk_name'])
    .where('window_services.window_id', '=', windowId)
    .where('window_services.closed_at', 'is', null)
    .where('ratings.id', 'is', null)
    .where('window_services.started_at', '>', sql<Date>`clock_now() - make_interval(mins => ${minutes})`)
    .executeTakeFirst();
}

/** Locks the service so two tablets' ratings of it cannot both pass the checks. */
export function windowServiceForRating(db: Executor, serviceId: string, windowId: number) {
  return db
    .selectFrom('window_services')
    .innerJoin('windows', 'windows.id', 'window_services.window_id')
    .innerJoin('centres', 'centres.id', 'windows.centre_id')
    .leftJoin('cases', 'cases.id', 'window_services.case_id')
    .leftJoin('ratings', 'ratings.window_service_id', 'window_services.id')
    .select([
      'window_services.id',
      'window_services.window_id',
      'window_services.clerk_id',
      'window_services.case_id',
      'window_services.started_at',
      'window_services.closed_at',
      'cases.item_id',
      'cases.department_id',
      'centres.region_code',
      'windows.centre_id',
      'ratings.id as rating_id',
    ])
    .where('window_services.id', '=', serviceId)
    .where('window_services.window_id', '=', windowId)
    .forUpdate('window_services')
    .executeTakeFirst();
}

/** A page of ratings with their rectifications for the provincial export, oldest first after a cursor. */
export function ratingsForExport(db: Executor, after: number, limit: number) {
  return db
    .selectFrom('ratings')
    .leftJoin('rectifications', 'rectifications.rating_id', 'ratings.id')
    .leftJoin('cases', 'cases.id', 'ratings.case_id')
    .leftJoin('service_items', 'service_items.id', 'ratings.item_id')
    .leftJoin('departments', 'departments.id', 'ratings.department_id')
    .leftJoin('windows', 'windows.id', 'ratings.window_id')
    .select([
      'ratings.id',
      'ratings.channel',
      'ratings.level',
      'ratings.indicators',
      'ratings.comment',
      'ratings.created_at',
      'ratings.staff_id',
      'cases.number as case_number',
      'service_items.code as item_code',
      'service_items.name as item_name',
      'departments.credit_code as department_code',
      'departments.name as department_name',
      'windows.number as window_number',
      'rectifications.status as rectification_status',
      'rectifications.due_date as rectification_due',
      'rectifications.measures as rectification_measures',
      'rectifications.callback_at',
      'rectifications.fix_level',
    ])
    .where('ratings.id', '>', after)
    .orderBy('ratings.id')
    .limit(limit)
    .execute();
}

/**
 * The condition a rating `r` must meet to count in any rate or ranking: not found invalid
 * (malicious or mistaken) on appeal. One place, so the rankings and the big screen agree.
 */
export const countedRating = sql<boolean>`NOT EXISTS (SELECT 1 FROM rectifications x WHERE x.rating_id = r.id AND x.status = 'invalid')`;

export type RatingDimension = 'department' | 'window' | 'staff' | 'item' | 'month';

/** Per dimension: the key to group by and the name to show (fixed SQL, never from input). */
const DIMENSIONS: Record<RatingDimension, { key: string; name: string; join: string }> = {
  department: { key: 'r.department_id', name: 'd.name', join: 'LEFT JOIN departments d ON d.id = r.department_id' },
  window: { key: 'r.window_id', name: "w.number || ' ' || w.name", join: 'LEFT JOIN windows w ON w.id = r.window_id' },
  staff: { key: 'r.staff_id', name: 'u.display_name', join: 'LEFT JOIN users u ON u.id = r.staff_id' },
  item: { key: 'r.item_id', name: 'i.name', join: 'LEFT JOIN service_items i ON i.id = r.item_id' },
  month: { key: "to_char(r.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')", name: "to_char(r.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')", join: '' },
};

/**
 * Per group of the dimension, over a period of China dates (both inclusive): how many counted
 * ratings, how many satisfied and bad, and the average level; groups under `minCount` left out.
 */
export async function ratingTotals(db: Executor, options: { by: RatingDimension; from: string; to: string; minCount: number }) {
  const dimension = DIMENSIONS[options.by];
  const { rows } = await sql<{ key: number | string; name: string | null; total: number; satisfied: number; bad: number; average: number }>`
    SELECT ${sql.raw(dimension.key)} AS key,
           min(${sql.raw(dimension.name)}) AS name,
           count(*)::int AS total,
           count(*) FILTER (WHERE r.level >= 3)::int AS satisfied,
           count(*) FILTER (WHERE r.level <= 2)::int AS bad,
           round(avg(r.level), 2)::float AS average
      FROM ratings r
      ${sql.raw(dimension.join)}
     WHERE ${sql.raw(dimension.key)} IS NOT NULL
       -- China days: a timestamp (without zone) read as Shanghai time becomes the right instant.
       AND r.created_at >= (${options.from}::date::timestamp AT TIME ZONE 'Asia/Shanghai')
       AND r.created_at < ((${options.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
       AND ${countedRating}
     GROUP BY 1
    HAVING count(*) >= ${options.minCount}`.execute(db);
  return rows;
}

/** A centre's own 评价器 indicators, if it has set any. */
export function centreIndicators(db: Executor, centreId: number) {
  return db.selectFrom('centre_rating_indicators').select('indicators').where('centre_id', '=', centreId).executeTakeFirst();
}

export function windowCentre(db: Executor, windowId: number) {
  return db.selectFrom('windows').select('centre_id').where('id', '=', windowId).executeTakeFirst();
}

export async function saveCentreIndicators(db: Executor, centreId: number, indicators: string, actorId: number): Promise<void> {
  await db
    .insertInto('centre_rating_indicators')
    .values({ centre_id: centreId, indicators, updated_by: actorId })
    .onConflict((oc) => oc.column('centre_id').doUpdateSet({ indicators, updated_by: actorId, updated_at: sql`now()` }))
    .execute();
}

/** The centre-wide and every region's 好差评 settings. */
export function allRatingSettings(db: Executor) {
  return db.selectFrom('settings').select('value').where((eb) => eb.or([eb('key', '=', 'ratings'), eb('key', 'like', 'ratings:%')])).execute();
}

/**
 * Completed cases not yet invited nor rated online, completed before the China day `afterDays - 1`
 * days ago and within the last `withinDays`, oldest first, locked: a batch to invite.
 */
export function lockCasesToInvite(db: Executor, options: { today: string; afterDays: number; withinDays: number; limit: number }) {
  const chinaMidnight = (daysAgo: number) => sql<Date>`((${options.today}::date - ${daysAgo}::int)::timestamp AT TIME ZONE 'Asia/Shanghai')`;
  return db
    .selectFrom('cases')
    .leftJoin('ratings', (join) => join.onRef('ratings.case_id', '=', 'cases.id').on('ratings.channel', '=', 'online'))
    .select(['cases.id', 'cases.number', 'cases.applicant_id', 'cases.region_code', sql<string>`(cases.completed_at AT TIME ZONE 'Asia/Shanghai')::date::text`.as('completed_on')])
    .where('cases.status', '=', 'completed')
    .where('cases.rating_invited_at', 'is', null)
    .where('cases.completed_at', '<', chinaMidnight(options.afterDays - 1))
    .where('cases.completed_at', '>=', chinaMidnight(options.withinDays))
    .where('ratings.id', 'is', null)
    .orderBy('cases.completed_at')
    .limit(options.limit)
    .forUpdate('cases')
    .execute();
}

export async function markInvited(db: Executor, caseId: string, at: Date): Promise<void> {
  await db.updateTable('cases').set({ rating_invited_at: at }).where('id', '=', caseId).execute();
}

/** A rectification with who rated (its scope and real-name), locked while a step is recorded. */
export function lockRectification(db: Executor, id: number) {
  return db
    .selectFrom('rectifications')
    .innerJoin('ratings', 'ratings.id', 'rectifications.rating_id')
    .select([
      'rectifications.id',
      'rectifications.status',
      'rectifications.department_id',
      'rectifications.centre_id',
      'rectifications.region_code',
      'rectifications.appeal_kind',
      'rectifications.appeal_note',
      'rectifications.callback_at',
      'rectifications.fix_level',
      'ratings.rater_id',
      'ratings.case_id',
    ])
    .where('rectifications.id', '=', id)
    .forUpdate('rectifications')
    .executeTakeFirst();
}

export async function updateRectification(db: Executor, id: number, set: Record<string, unknown>): Promise<void> {
  await db.updateTable('rectifications').set(set).where('id', '=', id).execute();
}

/** A department's, a centre's, a region's (by prefix) or a rater's rectifications: the first 200 by due date. */
export function rectificationsFor(db: Executor, scope: { departmentId: number } | { centreId: number } | { regionPrefix: string } | { raterId: number }) {
  let query = db
    .selectFrom('rectifications')
    .innerJoin('ratings', 'ratings.id', 'rectifications.rating_id')
    .leftJoin('departments', 'departments.id', 'rectifications.department_id')
    .leftJoin('centres', 'centres.id', 'rectifications.centre_id')
    .leftJoin('windows', 'windows.id', 'ratings.window_id')
    .leftJoin('cases', 'cases.id', 'ratings.case_id')
    .select([
      'rectifications.id',
      'rectifications.status',
      'rectifications.due_date',
      'rectifications.measures',
      'rectifications.appeal_kind',
      'rectifications.appeal_note',
      'rectifications.decision_note',
      'rectifications.callback_at',
      'rectifications.callback_note',
      'rectifications.fix_level',
      'rectifications.department_id',
      'rectifications.centre_id',
      'rectifications.region_code',
      'ratings.level',
      'ratings.comment',
      'ratings.channel',
      'ratings.rater_id',
      'ratings.case_id',
      'ratings.created_at as rated_at',
      'departments.name as department_name',
      'centres.name as centre_name',
      'windows.number as window_number',
      'cases.number as case_number',
    ])
    .orderBy('rectifications.due_date')
    .orderBy('rectifications.id')
    .limit(200);
  if ('departmentId' in scope) query = query.where('rectifications.department_id', '=', scope.departmentId);
  else if ('centreId' in scope) query = query.where('rectifications.centre_id', '=', scope.centreId);
  else if ('regionPrefix' in scope) query = query.where('rectifications.region_code', 'like', `${scope.regionPrefix}%`);
  else query = query.where('ratings.rater_id', '=', scope.raterId);
  return query.execute();
}
