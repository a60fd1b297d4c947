import type { Database } from '../../db/database.js';
import type { ExtensionApprover, Role } from '../../db/schema.js';
import { AppError, forbidden, invalidState, notFound } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { calendarFor } from '../calendar/service.js';
import { enqueueNotification } from '../notifications/repo.js';
import { jointDeadlines } from './clock.js';
import * as repo from './repo.js';
import { regionPrefix } from '../cases/policy.js';
import type { TPendingJointExtension } from './schema.js';
import { now as clockNow } from '../../util/clock.js';

/** The one approver the law names for joint handling (a case's own extension may have another). */
export const JOINT_EXTENSION_APPROVER = 'government_head' satisfies ExtensionApprover & Role;

/**
 * Art. 26/42: only the head of the people's government at that level (本级人民政府负责人)
 * extends a joint application. The one place that says who that is.
 */
export function mayApproveJointExtension(actor: Actor): boolean {
  return actor.role === JOINT_EXTENSION_APPROVER;
}

/** 申请延长联办期限: the window that accepted asks, within the +15 working days. */
export async function requestJointExtension(options: { db: Database; actor: Actor; id: string; workdays: number; reason: string }) {
  const { db, actor } = options;
  if (actor.role !== 'clerk') throw forbidden('由受理窗口提出联办延期申请');
  await db.transaction().execute(async (trx) => {
    const row = await repo.lockVisibleJoint(trx, options.id, actor);
    if (!row) throw notFound('联办件');
    if (row.status !== 'accepted') throw invalidState('只有并联审批中的联办件可以申请延期');
    const allowed = row.max_extension_workdays - row.extension_workdays;
    if (options.workdays > allowed) {
      throw new AppError('VALIDATION_FAILED', `延期不能超过 ${allowed} 个工作日（法定上限 ${row.max_extension_workdays}）`, [{ field: 'body.workdays', message: `最多 ${allowed} 个工作日` }]);
    }
    const pending = await trx.selectFrom('joint_extensions').select('id').where('joint_application_id', '=', row.id).where('status', '=', 'pending').executeTakeFirst();
    if (pending) throw invalidState('已有待审批的延期申请');
    await trx.insertInto('joint_extensions').values({ joint_application_id: row.id, workdays: options.workdays, reason: options.reason, requested_by: actor.id }).execute();
    await repo.writeJointEvent(trx, { jointId: row.id, actor, action: 'request_extension', note: options.reason, data: { workdays: options.workdays } });
  });
}

/** Pending joint extensions in the approver's region, key projects first, then oldest request. */
export async function listPendingJointExtensions(db: Database, actor: Actor): Promise<TPendingJointExtension[]> {
  if (!mayApproveJointExtension(actor)) throw forbidden('只有本级人民政府负责人可以审批联办延期');
  const rows = await db
    .selectFrom('joint_extensions')
    .innerJoin('joint_applications', 'joint_applications.id', 'joint_extensions.joint_application_id')
    .innerJoin('bundles', 'bundles.id', 'joint_applications.bundle_id')
    .innerJoin('users as requester', 'requester.id', 'joint_extensions.requested_by')
    .select([
      'joint_extensions.id',
      'joint_extensions.workdays',
      'joint_extensions.reason',
      'joint_extensions.requested_at',
      'requester.display_name as requester_name',
      'joint_applications.id as joint_id',
      'joint_applications.number',
      'joint_applications.priority',
      'joint_applications.due_date',
      'joint_applications.legal_due_date',
      'joint_applications.extension_workdays',
      'joint_applications.max_extension_workdays',
      'bundles.name as bundle_name',
    ])
    .where('joint_extensions.status', '=', 'pending')
    .where('joint_applications.region_code', 'like', `${regionPrefix(actor.regionCode ?? '--')}%`)
    .orderBy('joint_applications.priority', 'desc')
    .orderBy('joint_extensions.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    workdays: r.workdays,
    reason: r.reason,
    requestedAt: r.requested_at.toISOString(),
    requesterName: r.requester_name,
    jointApplicationId: r.joint_id,
    number: r.number,
    bundleName: r.bundle_name,
    keyProject: r.priority,
    dueDate: r.due_date,
    legalDueDate: r.legal_due_date,
    extensionWorkdays: r.extension_workdays,
    maxExtensionWorkdays: r.max_extension_workdays,
  }));
}

/** 批准 / 驳回: approval moves the joint deadlines by the extension, on the calendar. */
export async function decideJointExtension(options: { db: Database; actor: Actor; id: string; approve: boolean; note?: string }) {
  const { db, actor } = options;
  if (!mayApproveJointExtension(actor)) throw forbidden('只有本级人民政府负责人可以审批联办延期');
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('joint_applications')
      .selectAll()
      .where('id', '=', options.id)
      .where('region_code', 'like', `${regionPrefix(actor.regionCode ?? '--')}%`)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('联办件');
    const pending = await trx.selectFrom('joint_extensions').selectAll().where('joint_application_id', '=', row.id).where('status', '=', 'pending').executeTakeFirst();
    if (!pending) throw invalidState('没有待审批的延期申请');
    if (row.status !== 'accepted') throw invalidState('只有并联审批中的联办件可以延期');
    const now = clockNow();
    await trx.updateTable('joint_extensions').set({ status: options.approve ? 'approved' : 'rejected', decided_by: actor.id, decided_at: now, note: options.note ?? null }).where('id', '=', pending.id).execute();
    if (!options.approve) {
      await repo.writeJointEvent(trx, { jointId: row.id, actor, action: 'reject_extension', note: options.note ?? null, data: { workdays: pending.workdays } });
      return { dueDate: row.due_date, legalDueDate: row.legal_due_date };
    }
    const calendar = await calendarFor(trx, row.region_code);
    const extension = row.extension_workdays + pending.workdays;
    // Stored dates carry acceptance plus extensions; correction stops are added when read.
    const clock = jointDeadlines(calendar, { acceptedAt: row.accepted_at!, promisedDays: row.promised_limit_days, legalDays: row.legal_limit_days, extensionWorkdays: extension, stoppedWorkdays: 0, completedAt: null });
    await trx
      .updateTable('joint_applications')
      .set({ extension_workdays: extension, due_date: clock.dueDate, legal_due_date: clock.legalDueDate, warn_date: clock.warnDate, updated_at: now })
      .where('id', '=', row.id)
      .execute();
    await repo.writeJointEvent(trx, { jointId: row.id, actor, action: 'approve_extension', note: options.note ?? null, data: { workdays: pending.workdays, dueDate: clock.dueDate, legalDueDate: clock.legalDueDate } });
    await enqueueNotification(trx, { userId: row.applicant_id, caseId: null, kind: 'joint_extension', title: '联办期限已依法延长', body: `您的联办申请（编号 ${row.number}）经本级人民政府负责人批准延长 ${pending.workdays} 个工作日，法定期限至 ${clock.legalDueDate}。`, sms: true });
    return { dueDate: clock.dueDate, legalDueDate: clock.legalDueDate };
  });
}
