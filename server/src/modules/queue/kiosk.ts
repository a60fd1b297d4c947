import crypto from 'node:crypto';
import type { Database, Tx } from '../../db/database.js';
import type { TicketPriorityReason } from '../../db/schema.js';
import { AppError, notFound } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import { isValidResidentId } from '../../util/identity.js';
import { checkInAppointment } from '../appointments/service.js';
import { loadHallSettings } from '../appointments/settings.js';
import { enqueueNotification } from '../notifications/repo.js';
import { announceQueueChange, isKeyProjectOf, nextNumber, peopleAhead, recordQueueEvent } from './repo.js';
import type { TTicketReceipt } from './schema.js';

/** Age in whole years on `today` from a 居民身份证号's birth date (digits 7–14). */
export function ageFromResidentId(identityNumber: string, today: string): number | null {
  if (!isValidResidentId(identityNumber)) return null;
  const birth = identityNumber.slice(6, 14);
  const [y, m, d] = [Number(birth.slice(0, 4)), birth.slice(4, 6), birth.slice(6, 8)];
  const [ty, rest] = [Number(today.slice(0, 4)), today.slice(5, 7) + today.slice(8, 10)];
  return ty - y - (rest < m + d ? 1 : 0);
}

/** Priority tickets go ahead of plain ones; among equals, the earlier place first. */
const PRIORITY = 1;

type IssueOptions = { centreId: number; categoryId: number; reason: TicketPriorityReason | null; appointmentId?: number; applicantId?: number; notice?: string };

/** Writes a ticket and its event inside the caller's transaction; returns the receipt and the centre's region. */
async function issueIn(trx: Tx, options: IssueOptions): Promise<{ receipt: TTicketReceipt; regionCode: string }> {
  const day = chinaDate();
  const category = await trx
    .selectFrom('hall_categories')
    .innerJoin('centres', 'centres.id', 'hall_categories.centre_id')
    .select(['hall_categories.id', 'hall_categories.prefix', 'hall_categories.name', 'centres.name as centre_name', 'centres.region_code'])
    .where('hall_categories.id', '=', options.categoryId)
    .where('hall_categories.centre_id', '=', options.centreId)
    .where('hall_categories.active', '=', true)
    .executeTakeFirst();
  if (!category) throw notFound('业务类别');
  const number = await nextNumber(trx, category, day);
  const ticket = await trx
    .insertInto('queue_tickets')
    .values({
      centre_id: options.centreId,
      category_id: category.id,
      day,
      number,
      priority: options.reason ? PRIORITY : 0,
      priority_reason: options.reason,
      appointment_id: options.appointmentId ?? null,
      applicant_id: options.applicantId ?? null,
      token: crypto.randomBytes(12).toString('base64url'),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordQueueEvent(trx, { ticketId: ticket.id, action: options.appointmentId ? 'check_in' : 'issue', windowId: null, actorId: null, detail: { reason: options.reason } });
  const ahead = await peopleAhead(trx, ticket);
  if (options.applicantId) {
    await enqueueNotification(trx, {
      userId: options.applicantId,
      caseId: null,
      kind: 'queue_ticket',
      title: `您的排队号 ${number}`,
      body: `${options.notice ?? ''}您的号码 ${number}（${category.name}），前面还有 ${ahead} 人，请留意叫号。`,
      sms: true,
    });
  }
  const receipt = {
    id: ticket.id,
    number,
    categoryName: category.name,
    centreName: category.centre_name,
    priorityReason: ticket.priority_reason,
    ahead,
    issuedAt: ticket.issued_at.toISOString(),
    phonePath: `/ticket/${ticket.id}?t=${ticket.token}`,
    smsSent: Boolean(options.applicantId),
  };
  return { receipt, regionCode: category.region_code };
}

/**
 * 取号 at the kiosk without a booking. Priority for the elderly (read from the ID card when one is
 * swiped; the ID number is not kept), the disabled and green-channel projects (chosen with the
 * guide's help at the kiosk).
 */
export async function takeTicket(
  db: Database,
  options: { centreId: number; categoryId: number; priority?: 'elderly' | 'disabled' | 'green_channel'; identityNumber?: string; projectCode?: string },
): Promise<TTicketReceipt> {
  let reason: TicketPriorityReason | null = options.priority ?? null;
  // 绿色通道 is for registered key projects only: the project code proves it, so a plain visitor
  // cannot jump the line by pressing the button.
  if (reason === 'green_channel' || options.projectCode) {
    if (!options.projectCode) throw new AppError('VALIDATION_FAILED', '绿色通道请输入重点项目代码', [{ field: 'body.projectCode', message: '请输入重点项目代码' }]);
    if (!(await isKeyProjectOf(db, options.centreId, options.projectCode))) {
      throw new AppError('VALIDATION_FAILED', '该项目代码不是本中心登记的重点项目', [{ field: 'body.projectCode', message: '不是本中心登记的重点项目' }]);
    }
    reason = 'green_channel';
  }
  if (!reason && options.identityNumber) {
    const settings = await loadHallSettings(db);
    const age = ageFromResidentId(options.identityNumber, chinaDate());
    if (age !== null && age >= settings.elderlyAge) reason = 'elderly';
  }
  const { receipt, regionCode } = await db.transaction().execute((trx) => issueIn(trx, { centreId: options.centreId, categoryId: options.categoryId, reason }));
  announceQueueChange(db, { regionCode, action: 'issue', number: receipt.number });
  return receipt;
}

/** 预约签到: today's booking becomes a priority ticket in its category, and an SMS with the number. */
export async function checkInAtKiosk(db: Database, options: { centreId: number; code?: string; identityNumber?: string }): Promise<TTicketReceipt> {
  const settings = await loadHallSettings(db);
  const { receipt, regionCode } = await db.transaction().execute(async (trx) => {
    const booking = await checkInAppointment(trx, { centreId: options.centreId, code: options.code, identityNumber: options.identityNumber, settings });
    return issueIn(trx, {
      centreId: options.centreId,
      categoryId: booking.categoryId,
      reason: 'appointment',
      appointmentId: booking.id,
      applicantId: booking.applicantId,
      notice: `预约签到成功（${booking.itemName}）。`,
    });
  });
  announceQueueChange(db, { regionCode, action: 'check_in', number: receipt.number });
  return receipt;
}
