import { now as clockNow } from '../../util/clock.js';
import type { Database, Executor } from '../../db/database.js';
import type { ExtensionApprover, ItemTypeCode } from '../../db/schema.js';
import { AppError, forbidden, invalidState } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { calendarFor } from '../calendar/service.js';
import { clockDates, clockInputs } from './clock.js';
import { loadClockSettings } from './clock-settings.js';
import * as clockRepo from './clock-repo.js';
import type { ReadCase } from './repo.js';
import { visibleCases } from './policy.js';
import { assertAssigned, transition } from './transition.js';

/** Who signs an extension, in the words of the law. */
export const EXTENSION_APPROVER_LABELS: Record<ExtensionApprover, string> = {
  department_head: '本行政机关负责人',
  government_head: '本级人民政府负责人',
};

/**
 * How far a case opened for an item may be extended, and by whom.
 * - 行政许可 (type 01), art. 42: +10 working days by the head of the organ, unless the item states
 *   its own number.
 * - Every other type extends only where its catalogue entry states a number (else never).
 * - Joint handling (统一办理、联合办理、集中办理), art. 42 second paragraph: +15 by the head of the
 *   people's government at that level.
 */
export function extensionRuleFor(
  item: { item_type: ItemTypeCode; legal_extension_workdays: number | null },
  options: { joint?: boolean } = {},
): { maxWorkdays: number; approver: ExtensionApprover } {
  if (options.joint) return { maxWorkdays: JOINT_EXTENSION_WORKDAYS, approver: 'government_head' };
  const fallback = item.item_type === '01' ? LICENCE_EXTENSION_WORKDAYS : 0;
  return { maxWorkdays: item.legal_extension_workdays ?? fallback, approver: 'department_head' };
}

export const LICENCE_EXTENSION_WORKDAYS = 10;
export const JOINT_EXTENSION_WORKDAYS = 15;
/** Art. 42: a joint application is decided within 45 working days. */
export const JOINT_LEGAL_LIMIT_WORKDAYS = 45;

/**
 * Marks a case as part of a joint application (联合办理): its extension is then the government
 * head's to approve, up to 15 working days. The joint-application module calls this inside the
 * transaction that opens the child case.
 */
export async function markJointHandling(trx: Executor, caseId: string): Promise<void> {
  await trx
    .updateTable('cases')
    .set({ extension_approver: 'government_head', max_extension_workdays: JOINT_EXTENSION_WORKDAYS })
    .where('id', '=', caseId)
    .execute();
}

/** A decision or a completion waits until a pending extension has been decided. */
export async function assertNoPendingExtension(db: Executor, current: ReadCase): Promise<void> {
  const pending = current.extension_pending ?? (await clockRepo.findPendingExtension(db, current.id)) !== undefined;
  if (pending) throw invalidState('该办件有待审批的延期申请，须先由负责人批准或驳回');
}

/** 申请延期: the assigned reviewer asks for more working days, within the case's legal maximum. */
export function requestExtension(options: { db: Database; actor: Actor; caseId: string; workdays: number; reason: string }) {
  return transition({
    ...options,
    action: 'request_extension',
    patchWrites: true,
    note: options.reason,
    patch: async (current, trx) => {
      await assertAssigned(trx, options.actor, current);
      if (current.max_extension_workdays === 0) throw invalidState('该事项依其办理规则不得延期');
      if (await clockRepo.findPendingExtension(trx, current.id)) throw invalidState('已有待审批的延期申请');
      const allowed = current.max_extension_workdays - current.extension_workdays;
      if (options.workdays > allowed) {
        throw new AppError('VALIDATION_FAILED', `延期不能超过 ${allowed} 个工作日（法定上限 ${current.max_extension_workdays}）`, [
          { field: 'body.workdays', message: `最多 ${allowed} 个工作日` },
        ]);
      }
      await clockRepo.insertExtension(trx, { caseId: current.id, workdays: options.workdays, reason: options.reason, by: options.actor.id, at: clockNow() });
      return { eventData: { workdays: options.workdays, approver: current.extension_approver, approverLabel: EXTENSION_APPROVER_LABELS[current.extension_approver] } };
    },
  });
}

/**
 * 批准 / 驳回延期: only the approver the law names decides (the department head, or for joint
 * handling the government head); approval moves the deadline.
 */
export function decideExtension(options: { db: Database; actor: Actor; caseId: string; approve: boolean; note?: string }) {
  return transition({
    ...options,
    action: options.approve ? 'approve_extension' : 'reject_extension',
    patchWrites: true,
    note: options.note ?? null,
    patch: async (current, trx) => {
      if (options.actor.role !== current.extension_approver) {
        throw forbidden(`该办件的延期须经${EXTENSION_APPROVER_LABELS[current.extension_approver]}批准`);
      }
      const pending = await clockRepo.findPendingExtension(trx, current.id);
      if (!pending) throw invalidState('没有待审批的延期申请');
      await clockRepo.decideExtension(trx, { id: pending.id, approve: options.approve, by: options.actor.id, at: clockNow(), note: options.note ?? null });
      if (!options.approve) return { eventData: { workdays: pending.workdays } };
      const calendar = await calendarFor(trx, current.region_code);
      const next = { ...current, extension_workdays: current.extension_workdays + pending.workdays };
      const dates = clockDates(calendar, { ...clockInputs(next, current.accepted_at!), yellow: await loadClockSettings(trx) });
      return { extension_workdays: next.extension_workdays, extension_count: current.extension_count + 1, ...dates, eventData: { workdays: pending.workdays, dueDate: dates.due_date } };
    },
  });
}

/** Who sees pending extensions: the approvers (their inbox) and supervision (read only). */
const INBOX_ROLES = new Set(['department_head', 'government_head', 'supervisor']);

/**
 * Pending extension requests of the cases the caller may see: the department head's inbox, the
 * government head's (joint cases of the region) and the supervision seat's list.
 */
export async function listPendingExtensions(db: Executor, actor: Actor) {
  if (!INBOX_ROLES.has(actor.role)) throw forbidden('当前角色无权查看延期审批');
  let query = db
    .selectFrom('case_extensions')
    .innerJoin('cases', 'cases.id', 'case_extensions.case_id')
    .innerJoin('service_items', 'service_items.id', 'cases.item_id')
    .innerJoin('departments', 'departments.id', 'cases.department_id')
    .innerJoin('users as requester', 'requester.id', 'case_extensions.requested_by')
    .where('case_extensions.status', '=', 'pending')
    .where(visibleCases(actor));
  // An approver's inbox holds what they may sign; supervision sees every pending request.
  if (actor.role !== 'supervisor') query = query.where('cases.extension_approver', '=', actor.role as ExtensionApprover);
  const rows = await query
    .select([
      'case_extensions.id',
      'case_extensions.workdays',
      'case_extensions.reason',
      'case_extensions.requested_at',
      'cases.id as case_id',
      'cases.number',
      'cases.due_date',
      'cases.extension_approver',
      'service_items.name as item_name',
      'departments.name as department_name',
      'requester.display_name as requester_name',
    ])
    .orderBy('case_extensions.requested_at')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    caseId: r.case_id,
    number: r.number,
    itemName: r.item_name,
    departmentName: r.department_name,
    workdays: r.workdays,
    reason: r.reason,
    requestedAt: r.requested_at.toISOString(),
    requesterName: r.requester_name,
    dueDate: r.due_date,
    approver: r.extension_approver,
    approverLabel: EXTENSION_APPROVER_LABELS[r.extension_approver],
  }));
}
