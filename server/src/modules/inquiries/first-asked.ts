import type { Database, Executor } from '../../db/database.js';
import { forbidden, invalidState, notFound, validationFailed } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import { maskPhone } from '../../util/mask.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { calendarFor } from '../calendar/service.js';
import { enqueueNotification } from '../notifications/repo.js';
import { loadRatingSettings } from '../ratings/service.js';
import * as repo from './repo.js';
import { now as clockNow } from '../../util/clock.js';

const STAFF = new Set(['clerk', 'reviewer', 'admin']);

/**
 * 首问负责: the first person asked in the hall records the enquiry (or complaint, naming the window
 * or person it is about) and owns it: the same inquiry row the department answers, with an owner
 * who answers it on the spot or hands it over to a colleague who then owns it.
 */
export async function recordWindowEnquiry(
  db: Database,
  actor: Actor,
  input: {
    kind: 'consultation' | 'complaint';
    subject: string;
    content: string;
    contactName: string;
    contactPhone?: string;
    itemId?: number;
    departmentId?: number;
    aboutWindowId?: number;
    aboutUserId?: number;
  },
): Promise<{ id: number; replyDue: string }> {
  if (!STAFF.has(actor.role) || !actor.centreId) throw forbidden('由大厅工作人员登记首问');
  let departmentId = input.departmentId ?? actor.departmentId ?? undefined;
  if (input.itemId) {
    const item = await repo.itemDepartment(db, input.itemId);
    if (!item) throw notFound('事项');
    departmentId = item.department_id;
  }
  if (!departmentId) throw validationFailed('body.departmentId', '请选择事项或部门');
  const department = await repo.centreDepartment(db, departmentId, actor.centreId);
  if (!department) throw notFound('部门');
  if (input.aboutWindowId && !(await repo.centreWindow(db, input.aboutWindowId, actor.centreId))) throw notFound('窗口');
  if (input.aboutUserId && !(await repo.centreUser(db, input.aboutUserId, actor.centreId))) throw notFound('人员');
  const settings = await loadRatingSettings(db, department.region_code);
  const workdays = input.kind === 'complaint' ? settings.complaintWorkdays : settings.consultationWorkdays;
  const replyDue = (await calendarFor(db, department.region_code)).addWorkdays(chinaDate(), workdays).due;
  return db.transaction().execute(async (trx) => {
    const row = await repo.insertInquiry(trx, {
      kind: input.kind,
      channel: 'window',
      user_id: null,
      contact_name: input.contactName,
      contact_phone: input.contactPhone ?? null,
      item_id: input.itemId ?? null,
      department_id: department.id,
      subject: input.subject,
      content: input.content,
      logged_by: actor.id,
      owner_id: actor.id,
      about_window_id: input.aboutWindowId ?? null,
      about_user_id: input.aboutUserId ?? null,
      reply_due: replyDue,
    });
    await writeAudit(trx, { actorId: actor.id, action: 'inquiry.first_asked', targetType: 'inquiry', targetId: String(row.id) });
    return { id: row.id, replyDue };
  });
}

async function lockOwned(trx: Executor, actor: Actor, id: number) {
  const row = await repo.lockEnquiryOwnership(trx, id);
  if (!row || row.owner_id !== actor.id) throw notFound('首问事项');
  if (row.replied_at) throw invalidState('已答复');
  return row;
}

/** The owner answers (on the spot or later): the enquiry is closed with their reply. */
export async function answerAsOwner(db: Database, actor: Actor, id: number, text: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockOwned(trx, actor, id);
    await repo.updateInquiry(trx, id, { reply: text, replied_by: actor.id, replied_at: clockNow() });
    await writeAudit(trx, { actorId: actor.id, action: 'inquiry.first_asked.answer', targetType: 'inquiry', targetId: String(id) });
  });
}

/** 移交: the owner hands the enquiry to a colleague of the centre, who owns it from then on. */
export async function handOver(db: Database, actor: Actor, id: number, toUserId: number, note: string): Promise<void> {
  if (toUserId === actor.id) throw validationFailed('body.toUserId', '不能移交给自己');
  await db.transaction().execute(async (trx) => {
    const row = await lockOwned(trx, actor, id);
    const colleague = await repo.centreColleague(trx, toUserId, actor.centreId);
    if (!colleague) throw notFound('接收人');
    await repo.updateInquiry(trx, id, { owner_id: toUserId, handed_over_at: clockNow(), handover_note: note });
    await enqueueNotification(trx, { userId: toUserId, caseId: null, kind: 'inquiry_handover', title: '首问事项移交给您', body: `${actor.displayName} 移交：${row.subject}。${note}`, sms: false });
    await writeAudit(trx, { actorId: actor.id, action: 'inquiry.first_asked.hand_over', targetType: 'inquiry', targetId: String(id), detail: { to: toUserId } });
  });
}

/** The enquiries a staff member owns (open first). */
export async function ownedEnquiries(db: Database, actor: Actor) {
  const rows = await repo.ownedBy(db, actor.id);
  const today = chinaDate();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    subject: r.subject,
    content: r.content,
    contactName: r.contact_name,
    contactPhone: maskPhone(r.contact_phone),
    createdAt: r.created_at.toISOString(),
    replyDue: r.reply_due,
    overdue: !r.replied_at && r.reply_due < today,
    reply: r.reply,
    repliedAt: r.replied_at?.toISOString() ?? null,
    firstAsked: r.first_asked,
    handedOverAt: r.handed_over_at?.toISOString() ?? null,
    handoverNote: r.handover_note,
  }));
}
