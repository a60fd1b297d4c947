import type { Executor } from '../../db/database.js';
import type { Actor } from '../auth/actor.js';
import { visibleCases } from '../cases/policy.js';

/** SQL of 督办: directives to departments, their replies, and the cases they concern. */

/** A case the actor may see, locked while the directive goes on its timeline. */
export function lockVisibleCase(db: Executor, actor: Actor, caseId: string) {
  return db.selectFrom('cases').selectAll().where('id', '=', caseId).where(visibleCases(actor)).forUpdate().executeTakeFirst();
}

export function lockCase(db: Executor, caseId: string) {
  return db.selectFrom('cases').selectAll().where('id', '=', caseId).forUpdate().executeTakeFirstOrThrow();
}

export function insertDirective(db: Executor, directive: { case_id: string | null; department_id: number; content: string; issued_by: number; issued_at: Date; reply_due: string }) {
  return db.insertInto('directives').values(directive).returning('id').executeTakeFirstOrThrow();
}

/** A directive to the department (no department: none), locked so it is answered once. */
export function lockDepartmentDirective(db: Executor, directiveId: number, departmentId: number | null) {
  return db
    .selectFrom('directives')
    .selectAll()
    .where('id', '=', directiveId)
    .where('department_id', '=', departmentId ?? -1)
    .forUpdate()
    .executeTakeFirst();
}

export async function recordReply(db: Executor, directiveId: number, reply: { reply: string; replied_by: number; replied_at: Date }): Promise<void> {
  await db.updateTable('directives').set(reply).where('id', '=', directiveId).execute();
}

/** The newest 200 directives of a region (by its prefix) or of one department. */
export function directivesFor(db: Executor, scope: { regionPrefix: string } | { departmentId: number }) {
  let query = db
    .selectFrom('directives')
    .innerJoin('departments', 'departments.id', 'directives.department_id')
    .leftJoin('cases', 'cases.id', 'directives.case_id')
    .select([
      'directives.id',
      'directives.case_id',
      'cases.number as case_number',
      'departments.name as department_name',
      'directives.content',
      'directives.issued_at',
      'directives.reply_due',
      'directives.reply',
      'directives.replied_at',
      'directives.escalated_at',
    ])
    .orderBy('directives.issued_at', 'desc')
    .limit(200);
  if ('regionPrefix' in scope) query = query.where('departments.region_code', 'like', `${scope.regionPrefix}%`);
  else query = query.where('directives.department_id', '=', scope.departmentId);
  return query.execute();
}
