import type { Executor, Tx } from '../../db/database.js';
import type { ItemTypeCode } from '../../db/schema.js';
import { chinaDate } from '../../util/china-time.js';
import { now as clockNow } from '../../util/clock.js';
import type { WorkdayCalendar } from '../calendar/engine.js';
import { calendarFor } from '../calendar/service.js';
import { warnDateBefore, type Light } from './clock.js';
import type { CasePatch, CaseRow } from './repo.js';
import { recordOnTimeline } from './service.js';

/** 行政许可法 art. 44: a granted licence is issued and delivered within ten working days of the decision. */
export const LICENCE_DELIVERY_WORKDAYS = 10;
/** The delivery light turns yellow with this many working days left (the deadline day included). */
export const DELIVERY_YELLOW_WORKDAYS = 2;

/**
 * The working days a granted result of this item type must be delivered in, or null when no
 * delivery clock runs: art. 44 binds administrative licences (行政许可, type 01); other item types
 * follow their own rules, and the catalogue states none for delivery.
 */
export function deliveryWorkdaysFor(itemType: ItemTypeCode): number | null {
  return itemType === '01' ? LICENCE_DELIVERY_WORKDAYS : null;
}

/** 送达期限 counted from the decision's China day, and the first day of its yellow light. */
export function deliveryDates(calendar: WorkdayCalendar, decidedAt: Date, workdays: number): { delivery_due_date: string; delivery_warn_date: string } {
  const due = calendar.addWorkdays(chinaDate(decidedAt), workdays).due;
  return { delivery_due_date: due, delivery_warn_date: warnDateBefore(calendar, due, DELIVERY_YELLOW_WORKDAYS) };
}

/**
 * The delivery clock a grant starts, for the decision's own patch (准予, 即办件当场办结): empty for
 * an item type without one.
 */
export async function deliveryClockAtGrant(trx: Executor, current: Pick<CaseRow, 'item_id' | 'region_code'>, decidedAt: Date, itemType?: ItemTypeCode): Promise<CasePatch> {
  const type = itemType ?? (await trx.selectFrom('service_items').select('item_type').where('id', '=', current.item_id).executeTakeFirstOrThrow()).item_type;
  const workdays = deliveryWorkdaysFor(type);
  if (workdays === null) return {};
  return deliveryDates(await calendarFor(trx, current.region_code), decidedAt, workdays);
}

/**
 * 红黄绿灯 of the delivery clock while a granted case waits at the issuance desk; null otherwise.
 * Green, yellow from the warning date (≤ 2 working days left), red once the deadline day has passed.
 */
export function deliveryLight(c: { status: string; delivery_due_date: string | null; delivery_warn_date: string | null }, today: string): Exclude<Light, 'grey'> | null {
  if (c.status !== 'approved' || !c.delivery_due_date) return null;
  if (today > c.delivery_due_date) return 'red';
  if (c.delivery_warn_date && today >= c.delivery_warn_date) return 'yellow';
  return 'green';
}

/** Whether an issuance on this instant comes after the case's delivery deadline; null without one. */
export function deliveredLate(c: Pick<CaseRow, 'delivery_due_date'>, at: Date): boolean | null {
  return c.delivery_due_date ? chinaDate(at) > c.delivery_due_date : null;
}

export function deliveryWarningText(red: boolean, number: string, dueDate: string): { title: string; body: string } {
  return red
    ? { title: '许可证件送达已超期', body: `办件 ${number} 已准予许可，应于 ${dueDate} 前颁发、送达（《行政许可法》第四十四条），至今未出件。` }
    : { title: '许可证件即将到送达期限', body: `办件 ${number} 已准予许可，应于 ${dueDate} 前颁发、送达，请尽快出件。` };
}

/**
 * The delivery clock's warnings: each granted case waiting at the issuance desk is warned once
 * yellow and once red (a case already late skips its yellow), on its timeline, to the clerk who
 * accepted it and the heads of its department. Runs in the warning sweep's transaction, so a
 * cluster warns once.
 * @returns the warnings raised by light
 */
export async function warnLateDeliveries(
  trx: Tx,
  today: string,
  recipients: (c: CaseRow) => Promise<number[]>,
  notify: (userId: number, c: CaseRow, red: boolean, title: string, body: string) => Promise<void>,
  limit = 500,
): Promise<{ yellow: number; red: number }> {
  const due = await trx
    .selectFrom('cases')
    .selectAll()
    .where('status', '=', 'approved')
    .where('delivery_due_date', 'is not', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('delivery_warned_red_at', 'is', null), eb('delivery_due_date', '<', today)]),
        eb.and([eb('delivery_warned_yellow_at', 'is', null), eb('delivery_warn_date', '<=', today)]),
      ]),
    )
    .orderBy('delivery_due_date')
    .limit(limit)
    .forUpdate()
    .execute();
  const counts = { yellow: 0, red: 0 };
  for (const c of due) {
    const at = clockNow();
    const red = c.delivery_due_date! < today;
    await recordOnTimeline(trx, c, {
      action: red ? 'warn_delivery_red' : 'warn_delivery_yellow',
      data: { deliveryDueDate: c.delivery_due_date, today },
      patch: red ? { delivery_warned_red_at: at, delivery_warned_yellow_at: c.delivery_warned_yellow_at ?? at } : { delivery_warned_yellow_at: at },
    });
    const { title, body } = deliveryWarningText(red, c.number, c.delivery_due_date!);
    for (const userId of await recipients(c)) await notify(userId, c, red, title, body);
    counts[red ? 'red' : 'yellow']++;
  }
  return counts;
}
