import { sql, type Insertable, type Updateable } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { HomeVisitTable } from '../../db/schema.js';
import type { Actor } from '../auth/actor.js';

/** SQL of 上门服务: home-visit requests and the cases opened at them. */

export function findCentre(db: Executor, centreId: number) {
  return db.selectFrom('centres').select('id').where('id', '=', centreId).executeTakeFirst();
}

export function publishedItem(db: Executor, itemId: number) {
  return db.selectFrom('service_items').select('id').where('id', '=', itemId).where('status', '=', 'published').executeTakeFirst();
}

export function insertVisit(db: Executor, visit: Insertable<HomeVisitTable>) {
  return db.insertInto('home_visits').values(visit).returning('id').executeTakeFirstOrThrow();
}

function visitQuery(db: Executor) {
  return db
    .selectFrom('home_visits as v')
    .leftJoin('service_items as i', 'i.id', 'v.item_id')
    .leftJoin('users as a', 'a.id', 'v.assignee_id')
    .selectAll('v')
    .select(['i.name as item_name', 'a.display_name as assignee_name']);
}

export type VisitRow = Awaited<ReturnType<ReturnType<typeof visitQuery>['execute']>>[number];

/** Applicants see their own requests; staff of the centre see its requests (a clerk: the ones assigned to them). */
function scoped(actor: Actor) {
  return <Q extends ReturnType<typeof visitQuery>>(query: Q): Q => {
    if (actor.role === 'applicant') return query.where('v.applicant_id', '=', actor.id) as Q;
    if (actor.role === 'clerk') return query.where('v.centre_id', '=', actor.centreId ?? -1).where('v.assignee_id', '=', actor.id) as Q;
    if (actor.role === 'admin') return query.where('v.centre_id', '=', actor.centreId ?? -1) as Q;
    return query.where(sql<boolean>`false`) as Q;
  };
}

export function visibleVisit(db: Executor, actor: Actor, id: number) {
  return scoped(actor)(visitQuery(db).where('v.id', '=', id)).execute();
}

/** The newest 200 the actor may see. */
export function visibleVisits(db: Executor, actor: Actor) {
  return scoped(actor)(visitQuery(db)).orderBy('v.created_at', 'desc').limit(200).execute();
}

export function casesOfVisits(db: Executor, visitIds: number[]) {
  return db
    .selectFrom('home_visit_cases as l')
    .innerJoin('cases as c', 'c.id', 'l.case_id')
    .innerJoin('service_items as i', 'i.id', 'c.item_id')
    .select(['l.visit_id', 'c.id', 'c.number', 'c.status', 'i.name as item_name'])
    .where('l.visit_id', 'in', visitIds)
    .orderBy('c.number')
    .execute();
}

export function lockVisit(db: Executor, id: number) {
  return db.selectFrom('home_visits').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateVisit(db: Executor, id: number, changes: Updateable<HomeVisitTable>): Promise<void> {
  await db.updateTable('home_visits').set(changes).where('id', '=', id).execute();
}

export function centreClerk(db: Executor, userId: number, centreId: number) {
  return db.selectFrom('users').select(['id', 'display_name']).where('id', '=', userId).where('centre_id', '=', centreId).where('role', '=', 'clerk').executeTakeFirst();
}

/** A case linked twice stays linked once. */
export async function linkCases(db: Executor, visitId: number, caseIds: string[]): Promise<void> {
  await db.insertInto('home_visit_cases').values(caseIds.map((caseId) => ({ visit_id: visitId, case_id: caseId }))).onConflict((oc) => oc.doNothing()).execute();
}
