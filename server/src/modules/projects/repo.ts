import type { Insertable } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { ProjectStageTable, ProjectTable } from '../../db/schema.js';
import type { Actor } from '../auth/actor.js';
import { regionPrefix } from '../cases/policy.js';

/** SQL of construction projects (工程建设项目): the registry, its stages and their joint applications. */

/** Who may see a project: centre staff, the region's supervisor, the owner, its named agent. */
export function visibleProjects(db: Executor, actor: Actor) {
  let query = db.selectFrom('projects').selectAll();
  switch (actor.role) {
    case 'clerk':
    case 'admin':
      return query.where('centre_id', '=', actor.centreId ?? -1);
    case 'supervisor':
      return query.where('region_code', 'like', `${regionPrefix(actor.regionCode ?? '--')}%`);
    case 'applicant':
      return query.where('owner_id', '=', actor.id);
    case 'agent':
      return query.where('agent_id', '=', actor.id);
    default:
      query = query.where((eb) => eb.lit(false));
      return query;
  }
}

/** The highest serial (last six digits) of the project codes starting with the prefix. */
export function lastProjectSerial(db: Executor, prefix: string) {
  return db
    .selectFrom('projects')
    .select((eb) => eb.fn.max(eb.fn('right', ['code', eb.val(6)])).as('serial'))
    .where('code', 'like', `${prefix}%`)
    .executeTakeFirst();
}

export function findCentre(db: Executor, centreId: number) {
  return db.selectFrom('centres').select(['id', 'region_code']).where('id', '=', centreId).executeTakeFirst();
}

/** Serialises project registrations in a division, so two never draw the same serial. */
export function lockCentre(db: Executor, centreId: number) {
  return db.selectFrom('centres').select('id').where('id', '=', centreId).forUpdate().execute();
}

export function findOwner(db: Executor, userId: number) {
  return db.selectFrom('users').select(['id', 'display_name', 'role', 'applicant_kind']).where('id', '=', userId).executeTakeFirst();
}

export function userRole(db: Executor, userId: number) {
  return db.selectFrom('users').select('role').where('id', '=', userId).executeTakeFirst();
}

/** The centre's published stage bundles, in stage order. */
export function stageBundles(db: Executor, centreId: number) {
  return db
    .selectFrom('bundles')
    .select(['id', 'stage_no', 'promised_limit_days'])
    .where('kind', '=', 'stage')
    .where('status', '=', 'published')
    .where('centre_id', '=', centreId)
    .orderBy('stage_no')
    .execute();
}

export function insertProject(db: Executor, values: Insertable<ProjectTable>) {
  return db.insertInto('projects').values(values).returningAll().executeTakeFirstOrThrow();
}

export function insertStages(db: Executor, rows: Insertable<ProjectStageTable>[]) {
  return db.insertInto('project_stages').values(rows).execute();
}

export function projectStages(db: Executor, projectId: number) {
  return db.selectFrom('project_stages').selectAll().where('project_id', '=', projectId).orderBy('stage_no').execute();
}

export function stagesOfProjects(db: Executor, projectIds: number[]) {
  return db.selectFrom('project_stages').selectAll().where('project_id', 'in', projectIds).orderBy('stage_no').execute();
}

/** Opens a waiting stage on its joint application; a stage already opened is left as it is. */
export function openWaitingStage(db: Executor, projectId: number, stageNo: number, values: { joint_application_id: string; opened_at: Date; commitment: string | null }) {
  return db
    .updateTable('project_stages')
    .set({ status: 'open', ...values })
    .where('project_id', '=', projectId)
    .where('stage_no', '=', stageNo)
    .where('status', '=', 'waiting')
    .execute();
}

export function completeStage(db: Executor, projectId: number, jointId: string, completedAt: Date) {
  return db.updateTable('project_stages').set({ status: 'completed', completed_at: completedAt }).where('project_id', '=', projectId).where('joint_application_id', '=', jointId).execute();
}

export function jointApplications(db: Executor, ids: string[]) {
  return db.selectFrom('joint_applications').selectAll().where('id', 'in', ids).execute();
}

/** The projects with a joint review in which the department gave (or owes) an opinion. */
export function projectsReviewedBy(db: Executor, departmentId: number) {
  return db
    .selectFrom('joint_review_opinions')
    .innerJoin('joint_reviews', 'joint_reviews.id', 'joint_review_opinions.review_id')
    .select('joint_reviews.project_id')
    .distinct()
    .where('joint_review_opinions.department_id', '=', departmentId)
    .execute();
}
