import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import { now as clockNow } from '../../util/clock.js';
import type { AssessmentRecords, AssessmentRules } from './assessment.js';
import { ZAssessmentRules } from './assessment.js';
import './tables.js';

/** SQL of the intermediary supermarket; services hold the rules. */

export async function readRules(db: Executor): Promise<AssessmentRules> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'intermediary_assessment').executeTakeFirst();
  return ZAssessmentRules.parse(row?.value);
}

export function listServiceTypes(db: Executor, options: { publishedOnly: boolean; itemId?: number }) {
  let query = db
    .selectFrom('intermediary_service_types as t')
    .selectAll('t')
    .select((eb) => [
      eb.fn
        .coalesce(
          eb
            .selectFrom('intermediary_service_items as si')
            .innerJoin('service_items as i', 'i.id', 'si.item_id')
            .select(sql<{ id: number; name: string }[]>`json_agg(json_build_object('id', i.id, 'name', i.name) ORDER BY i.name)`.as('items'))
            .whereRef('si.service_type_id', '=', 't.id'),
          sql<{ id: number; name: string }[]>`'[]'::json`,
        )
        .as('items'),
    ])
    .orderBy('t.code');
  if (options.publishedOnly) query = query.where('t.published', '=', true);
  if (options.itemId !== undefined) {
    const itemId = options.itemId;
    query = query.where((eb) => eb.exists(eb.selectFrom('intermediary_service_items as x').select('x.item_id').whereRef('x.service_type_id', '=', 't.id').where('x.item_id', '=', itemId)));
  }
  return query.execute();
}

export function findIntermediary(db: Executor, id: number) {
  return db.selectFrom('intermediaries').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findIntermediaryOfUser(db: Executor, userId: number) {
  return db.selectFrom('intermediaries').selectAll().where('account_user_id', '=', userId).executeTakeFirst();
}

export function listQualifications(db: Executor, intermediaryIds: number[]) {
  if (intermediaryIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('intermediary_qualifications as q')
    .innerJoin('intermediary_service_types as t', 't.id', 'q.service_type_id')
    .selectAll('q')
    .select(['t.name as service_type_name', 't.code as service_type_code'])
    .where('q.intermediary_id', 'in', intermediaryIds)
    .orderBy('t.code')
    .execute();
}

export function listStaff(db: Executor, intermediaryId: number) {
  return db.selectFrom('intermediary_staff').selectAll().where('intermediary_id', '=', intermediaryId).orderBy('id').execute();
}

/** Every record a score counts, for one intermediary or all (keyed by intermediary id). */
export async function assessmentRecords(db: Executor, today: string, intermediaryIds?: number[]): Promise<Map<number, AssessmentRecords>> {
  const only = intermediaryIds ? sql`AND intermediary_id = ANY(${intermediaryIds}::int[])` : sql``;
  const onlyC = intermediaryIds ? sql`AND c.intermediary_id = ANY(${intermediaryIds}::int[])` : sql``;
  const [ratings, contracts, complaints, sanctions] = await Promise.all([
    sql<{ intermediary_id: number; level: number }>`
      SELECT c.intermediary_id, r.level FROM intermediary_ratings r JOIN intermediary_contracts c ON c.id = r.contract_id
       WHERE true ${onlyC} ORDER BY r.contract_id`.execute(db),
    sql<{ intermediary_id: number; status: string; due_date: string; delivered_on: string | null }>`
      SELECT intermediary_id, status, due_date, delivered_on FROM intermediary_contracts
       WHERE status IN ('running', 'delivered') ${only} ORDER BY id`.execute(db),
    sql<{ intermediary_id: number; n: number }>`
      SELECT intermediary_id, count(*)::int AS n FROM intermediary_complaints WHERE upheld ${only} GROUP BY 1`.execute(db),
    sql<{ intermediary_id: number; kind: string; n: number }>`
      SELECT intermediary_id, kind, count(*)::int AS n FROM intermediary_sanctions WHERE kind IN ('warning', 'suspension') ${only} GROUP BY 1, 2`.execute(db),
  ]);
  const records = new Map<number, AssessmentRecords>();
  const of = (id: number) => {
    let r = records.get(id);
    if (!r) records.set(id, (r = { ratings: [], deliveries: [], overdueRunning: [], upheldComplaints: 0, warnings: 0, suspensions: 0 }));
    return r;
  };
  for (const id of intermediaryIds ?? []) of(id);
  for (const row of ratings.rows) of(row.intermediary_id).ratings.push(row.level);
  for (const row of contracts.rows) {
    const r = of(row.intermediary_id);
    if (row.status === 'delivered') r.deliveries.push(daysBetween(row.due_date, row.delivered_on!));
    else if (today > row.due_date) r.overdueRunning.push(daysBetween(row.due_date, today));
  }
  for (const row of complaints.rows) of(row.intermediary_id).upheldComplaints = row.n;
  for (const row of sanctions.rows) {
    if (row.kind === 'warning') of(row.intermediary_id).warnings = row.n;
    else of(row.intermediary_id).suspensions = row.n;
  }
  return records;
}

/** Natural days from a to b (negative when b is earlier): lateness is counted in calendar days. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export function findAnnouncement(db: Executor, id: number) {
  return db
    .selectFrom('intermediary_announcements as a')
    .innerJoin('intermediary_service_types as t', 't.id', 'a.service_type_id')
    .innerJoin('users as u', 'u.id', 'a.owner_user_id')
    .selectAll('a')
    .select(['t.name as service_type_name', 'u.display_name as owner_name'])
    .where('a.id', '=', id)
    .executeTakeFirst();
}

export function lockAnnouncement(db: Executor, id: number) {
  return db.selectFrom('intermediary_announcements').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function listResponses(db: Executor, announcementId: number) {
  return db
    .selectFrom('intermediary_responses as r')
    .innerJoin('intermediaries as m', 'm.id', 'r.intermediary_id')
    .selectAll('r')
    .select(['m.name as intermediary_name', 'm.credit_code'])
    .where('r.announcement_id', '=', announcementId)
    .orderBy('r.id')
    .execute();
}

/** A contract with what every screen shows beside it: announcement, service type, intermediary, rating. */
function contractsQuery(db: Executor) {
  return db
    .selectFrom('intermediary_contracts as c')
    .innerJoin('intermediary_announcements as a', 'a.id', 'c.announcement_id')
    .innerJoin('intermediary_service_types as t', 't.id', 'a.service_type_id')
    .innerJoin('intermediaries as m', 'm.id', 'c.intermediary_id')
    .leftJoin('intermediary_ratings as r', 'r.contract_id', 'c.id')
    .selectAll('c')
    .select(['a.number as announcement_number', 'a.project_name', 'a.region_code', 't.name as service_type_name', 'm.name as intermediary_name', 'r.level as rating_level', 'r.comment as rating_comment']);
}

export function findContract(db: Executor, id: number) {
  return contractsQuery(db).where('c.id', '=', id).executeTakeFirst();
}

export type ContractRow = NonNullable<Awaited<ReturnType<typeof findContract>>>;

export function listContracts(db: Executor, filter: { ownerId?: number; intermediaryId?: number; regionPrefix?: string }) {
  let query = contractsQuery(db).orderBy('c.id', 'desc').limit(500);
  if (filter.ownerId !== undefined) query = query.where('c.owner_user_id', '=', filter.ownerId);
  if (filter.intermediaryId !== undefined) query = query.where('c.intermediary_id', '=', filter.intermediaryId);
  if (filter.regionPrefix !== undefined) query = query.where('a.region_code', 'like', `${filter.regionPrefix}%`);
  return query.execute();
}

/** The names of the intermediaries behind these (selected) responses, keyed by response id. */
export async function intermediaryNamesOfResponses(db: Executor, responseIds: number[]): Promise<Map<number, string>> {
  if (responseIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('intermediary_responses as r')
    .innerJoin('intermediaries as m', 'm.id', 'r.intermediary_id')
    .select(['r.id', 'm.name'])
    .where('r.id', 'in', responseIds)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Replaces the assessment rules (考核细则). */
export async function saveRules(db: Executor, rules: AssessmentRules, userId: number): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key: 'intermediary_assessment', value: JSON.stringify(rules), updated_by: userId })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(rules), updated_by: userId, updated_at: clockNow() }))
    .execute();
}

/** The latest 300 entries of the operation log, of one action when given. */
export async function listEvents(db: Executor, action: string | undefined) {
  let query = db.selectFrom('intermediary_events as e').leftJoin('users as u', 'u.id', 'e.actor_id').select(['e.id', 'e.at', 'e.actor_role', 'e.action', 'e.entity', 'e.entity_id', 'e.data', 'u.display_name']).orderBy('e.id', 'desc').limit(300);
  if (action) query = query.where('e.action', '=', action);
  return query.execute();
}
