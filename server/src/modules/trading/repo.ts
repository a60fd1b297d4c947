import type { Executor } from '../../db/database.js';
import { now as clockNow } from '../../util/clock.js';

/** The centre whose blacklist is exported: the one asked for, or the first when none is. */
export async function findFeedCentre(db: Executor, centreId: number | undefined) {
  return db.selectFrom('centres').select(['id', 'name', 'region_code']).$if(centreId !== undefined, (q) => q.where('id', '=', centreId!)).orderBy('id').executeTakeFirst();
}

/** Announced projects still taking bids, the nearest deadline first. */
export async function listOpenTenders(db: Executor) {
  return db
    .selectFrom('trading_projects')
    .select(['id', 'number', 'title', 'category', 'bid_deadline', 'budget'])
    .where('status', '=', 'announced')
    .where('bid_deadline', '>', clockNow())
    .orderBy('bid_deadline')
    .execute();
}

/** The draws an expert was picked for as a member, newest first. */
export async function listExpertAssignments(db: Executor, userId: number) {
  return db
    .selectFrom('trading_draw_members as m')
    .innerJoin('trading_experts as x', 'x.id', 'm.expert_id')
    .innerJoin('trading_draws as d', 'd.id', 'm.draw_id')
    .innerJoin('trading_projects as p', 'p.id', 'd.project_id')
    .select(['d.id as draw_id', 'p.id as project_id', 'p.number', 'p.title', 'p.status as project_status', 'p.evaluation_at', 'm.status', 'm.speciality'])
    .where('x.user_id', '=', userId)
    .where('m.role', '=', 'member')
    .orderBy('d.created_at', 'desc')
    .execute();
}

/** A project's evaluation report, if compiled. */
export async function findReport(db: Executor, projectId: string) {
  return db.selectFrom('trading_reports').selectAll().where('project_id', '=', projectId).executeTakeFirst();
}
