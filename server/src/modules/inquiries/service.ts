import type { Database } from '../../db/database.js';
import { AppError, forbidden, invalidState, notFound } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import { maskPhone } from '../../util/mask.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { calendarFor } from '../calendar/service.js';
import { regionPrefix } from '../cases/policy.js';
import { enqueueNotification } from '../notifications/repo.js';
import { loadRatingSettings } from '../ratings/service.js';
import { findDepartment } from '../staffing/repo.js';
import * as repo from './repo.js';
import { now as clockNow } from '../../util/clock.js';

async function replyWorkdays(db: Database, kind: 'consultation' | 'complaint', regionCode: string): Promise<number> {
  const settings = await loadRatingSettings(db, regionCode);
  return kind === 'complaint' ? settings.complaintWorkdays : settings.consultationWorkdays;
}

/**
 * 咨询投诉: an applicant asks online, or a clerk logs a phone call; it goes to the item's (or the
 * chosen) department with a reply deadline in working days.
 */
export async function submitInquiry(options: {
  db: Database;
  actor: Actor;
  kind: 'consultation' | 'complaint';
  itemId?: number;
  departmentId?: number;
  subject: string;
  content: string;
  contact?: { name: string; phone: string };
}): Promise<{ id: number; replyDue: string }> {
  const { db, actor } = options;
  if (actor.role !== 'applicant' && actor.role !== 'clerk') throw forbidden('申请人在线提交，或窗口人员登记电话咨询投诉');
  let departmentId = options.departmentId;
  if (options.itemId) {
    const item = await repo.itemDepartment(db, options.itemId);
    if (!item) throw notFound('事项');
    departmentId = item.department_id;
  }
  const department = departmentId ? await findDepartment(db, departmentId) : undefined;
  if (!department) throw notFound('部门');
  const calendar = await calendarFor(db, department.region_code);
  const replyDue = calendar.addWorkdays(chinaDate(), await replyWorkdays(db, options.kind, department.region_code)).due;
  const phone = actor.role === 'clerk';
  const row = await repo.insertInquiry(db, {
    kind: options.kind,
    channel: phone ? 'phone' : 'online',
    user_id: phone ? null : actor.id,
    contact_name: phone ? (options.contact?.name ?? '来电群众') : actor.displayName,
    contact_phone: phone ? (options.contact?.phone ?? null) : null,
    item_id: options.itemId ?? null,
    department_id: department.id,
    subject: options.subject,
    content: options.content,
    logged_by: phone ? actor.id : null,
    reply_due: replyDue,
  });
  return { id: row.id, replyDue };
}

type Step = 'reply' | 'callback' | 'rate' | 'publish';

/** The department replies; a clerk or supervisor records the callback; the asker rates the reply; an administrator publishes a consultation as FAQ. */
export async function advanceInquiry(options: { db: Database; actor: Actor; id: number; step: Step; text?: string; level?: number }): Promise<void> {
  const { db, actor } = options;
  await db.transaction().execute(async (trx) => {
    const row = await repo.lockInquiry(trx, options.id);
    if (!row || !canSee(actor, row)) throw notFound('咨询投诉');
    const now = clockNow();
    switch (options.step) {
      case 'reply':
        if (actor.role !== 'reviewer') throw forbidden('由承办部门答复');
        if (row.replied_at) throw invalidState('已答复');
        await repo.updateInquiry(trx, row.id, { reply: options.text ?? '', replied_by: actor.id, replied_at: now });
        if (row.user_id) {
          await enqueueNotification(trx, { userId: row.user_id, caseId: null, kind: 'inquiry_reply', title: `您的${row.kind === 'complaint' ? '投诉' : '咨询'}已答复`, body: (options.text ?? '').slice(0, 200), sms: true });
        }
        break;
      case 'callback':
        if (actor.role !== 'clerk' && actor.role !== 'supervisor') throw forbidden('由窗口或监察人员回访');
        if (!row.replied_at) throw invalidState('答复后再回访');
        if (row.callback_at) throw new AppError('CONFLICT', '已回访，不能重复记录');
        await repo.updateInquiry(trx, row.id, { callback_note: options.text ?? '', callback_at: now });
        break;
      case 'rate':
        if (actor.role !== 'applicant' || row.user_id !== actor.id) throw forbidden('由提问人评价答复');
        if (!row.replied_at) throw invalidState('答复后才能评价');
        // One rating of the reply, like every other rating.
        if (row.rating !== null) throw new AppError('CONFLICT', '已评价过答复');
        await repo.updateInquiry(trx, row.id, { rating: options.level ?? null });
        break;
      case 'publish':
        if (actor.role !== 'admin') throw forbidden('由中心管理员发布');
        if (row.kind !== 'consultation' || !row.replied_at || !row.item_id) throw invalidState('只有已答复、关联事项的咨询可以发布为常见问题');
        await repo.updateInquiry(trx, row.id, { published_faq: true });
        break;
    }
    await writeAudit(trx, { actorId: actor.id, action: `inquiry.${options.step}`, targetType: 'inquiry', targetId: String(row.id) });
  });
}

function canSee(actor: Actor, row: { user_id: number | null; department_id: number; region_code: string }): boolean {
  switch (actor.role) {
    case 'applicant':
      return row.user_id === actor.id;
    case 'reviewer':
      return row.department_id === actor.departmentId;
    case 'supervisor':
      return Boolean(actor.regionCode && row.region_code.startsWith(regionPrefix(actor.regionCode)));
    case 'clerk':
    case 'admin':
      // The centre's own departments share its region.
      return Boolean(actor.regionCode && row.region_code === actor.regionCode);
    default:
      return false;
  }
}

export async function listInquiries(db: Database, actor: Actor) {
  const today = chinaDate();
  return (await repo.visibleInquiries(db, actor)).map((r) => ({
    id: r.id,
    kind: r.kind,
    channel: r.channel,
    contactName: r.contact_name,
    contactPhone: maskPhone(r.contact_phone),
    itemName: r.item_name,
    departmentName: r.department_name,
    subject: r.subject,
    content: r.content,
    createdAt: r.created_at.toISOString(),
    replyDue: r.reply_due,
    overdue: !r.replied_at && r.reply_due < today,
    reply: r.reply,
    repliedAt: r.replied_at?.toISOString() ?? null,
    callbackNote: r.callback_note,
    rating: r.rating,
    publishedFaq: r.published_faq,
  }));
}

/** 常见问题 on an item's guide: published consultations and their answers. */
export function itemFaq(db: Database, itemId: number) {
  return repo
    .publishedFaq(db, itemId)
    .then((rows) => rows.map((r) => ({ question: r.subject, detail: r.content, answer: r.reply ?? '', answeredAt: r.replied_at?.toISOString() ?? null })));
}
