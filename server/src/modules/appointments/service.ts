import crypto from 'node:crypto';
import type { Database, Executor } from '../../db/database.js';
import type { SlotKind } from '../../db/schema.js';
import { AppError, forbidden, invalidState, notFound, validationFailed } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import type { WorkdayCalendar } from '../calendar/engine.js';
import { calendarFor } from '../calendar/service.js';
import { categoryCoversDepartment } from '../hall-categories/repo.js';
import { enqueueNotification } from '../notifications/repo.js';
import * as repo from './repo.js';
import type { TAppointment, TBookingStanding, TGenerateSlots, THallSettings, TSlot } from './schema.js';
import { loadHallSettings } from './settings.js';
import { now as clockNow } from '../../util/clock.js';

const DAY_MS = 86_400_000;
/** A China wall-clock time on a China date as an instant (UTC+8, no daylight saving). */
export const chinaInstant = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`);
const chinaTime = (instant: Date) => new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(11, 16);
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
/** Where a time appears on a notice: 12月3日 09:30. */
export const slotLabel = (day: string, startsAt: Date) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日 ${chinaTime(startsAt)}`;

function spans(day: string, span: { start: string; end: string }, minutes: number, field: string) {
  const start = minutesOf(span.start);
  const end = minutesOf(span.end);
  if (end <= start) throw validationFailed(`body.${field}`, '结束时间应晚于开始时间');
  const result: { starts_at: Date; ends_at: Date }[] = [];
  for (let t = start; t + minutes <= end; t += minutes) {
    const from = chinaInstant(day, `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`);
    result.push({ starts_at: from, ends_at: new Date(from.getTime() + minutes * 60_000) });
  }
  return result;
}

export type PlannedSlot = { centre_id: number; category_id: number; day: string; starts_at: Date; ends_at: Date; kind: SlotKind; capacity: number };

/** The slots a publication makes, day by day from the calendar (pure: no I/O). */
export function planSlots(calendar: WorkdayCalendar, centreId: number, input: TGenerateSlots): PlannedSlot[] {
  const rows: PlannedSlot[] = [];
  const add = (day: string, kind: SlotKind, capacity: number, list: { starts_at: Date; ends_at: Date }[]) =>
    rows.push(...list.map((s) => ({ centre_id: centreId, category_id: input.categoryId, day, kind, capacity, ...s })));
  for (const info of calendar.days(input.from, input.to)) {
    if (info.workday) {
      add(info.date, 'regular', input.capacity, spans(info.date, input.morning, input.slotMinutes, 'morning'));
      if (input.afternoon) add(info.date, 'regular', input.capacity, spans(info.date, input.afternoon, input.slotMinutes, 'afternoon'));
      if (input.extended) add(info.date, 'extended', input.extended.capacity, spans(info.date, input.extended, input.slotMinutes, 'extended'));
    } else if (input.weekend) {
      add(info.date, 'weekend', input.weekend.capacity, spans(info.date, input.weekend, input.slotMinutes, 'weekend'));
    }
  }
  return rows;
}

/**
 * 发布预约时段 for one category over a range of days: on working days (the region's calendar,
 * make-up Saturdays included) the morning and afternoon with the lunch break between them, plus
 * 延时服务 slots when given; on days off only the "365" weekend slots, when the centre opens them.
 * Slots already published for a start time are kept as they are.
 */
export async function generateSlots(options: { db: Database; actor: Actor; input: TGenerateSlots }): Promise<{ created: number }> {
  const { db, actor, input } = options;
  if (actor.role !== 'admin' || !actor.centreId) throw forbidden('只有中心管理员可以发布预约时段');
  if (input.to < input.from) throw validationFailed('body.to', '结束日期不能早于开始日期');
  if ((Date.parse(input.to) - Date.parse(input.from)) / DAY_MS > 62) throw validationFailed('body.to', '一次最多发布 62 天');
  if (input.from < chinaDate()) throw validationFailed('body.from', '不能发布过去的时段');
  if (input.afternoon && minutesOf(input.afternoon.start) < minutesOf(input.morning.end)) throw validationFailed('body.afternoon', '下午应在午休之后开始');
  const category = await repo.centreCategory(db, input.categoryId, actor.centreId);
  if (!category) throw notFound('业务类别');
  const rows = planSlots(await calendarFor(db, category.region_code), actor.centreId, input);
  return db.transaction().execute(async (trx) => {
    let created = 0;
    for (let i = 0; i < rows.length; i += 500) {
      const inserted = await repo.insertSlots(trx, rows.slice(i, i + 500));
      created += inserted.length;
    }
    await writeAudit(trx, { actorId: actor.id, action: 'appointments.slots.generate', targetType: 'hall_category', targetId: String(input.categoryId), detail: { ...input, created } });
    return { created };
  });
}

/** Changes a slot's capacity (0 closes it); never below the places already booked. */
export async function setSlotCapacity(options: { db: Database; actor: Actor; slotId: number; capacity: number }): Promise<TSlot> {
  const { db, actor } = options;
  if (actor.role !== 'admin') throw forbidden('只有中心管理员可以调整预约时段');
  return db.transaction().execute(async (trx) => {
    const slot = await repo.lockCentreSlot(trx, options.slotId, actor.centreId);
    if (!slot) throw notFound('预约时段');
    if (options.capacity < slot.booked) throw invalidState(`已有 ${slot.booked} 人预约，容量不能低于此数`);
    const updated = await repo.setSlotCapacity(trx, slot.id, options.capacity);
    await writeAudit(trx, { actorId: actor.id, action: 'appointments.slot.capacity', targetType: 'appointment_slot', targetId: String(slot.id), detail: { from: slot.capacity, to: options.capacity } });
    return repo.toSlot(updated);
  });
}

/** Slots of a category between two dates; `upcomingOnly` leaves out those already begun. */
export async function listSlots(db: Database, options: { categoryId: number; from: string; to: string; upcomingOnly: boolean }): Promise<TSlot[]> {
  const rows = await repo.categorySlots(db, options);
  return rows.map(repo.toSlot);
}

/** Whether no-shows currently pause this person's booking, and until when. */
export async function bookingStanding(db: Executor, applicantId: number, settings?: THallSettings): Promise<TBookingStanding> {
  const rules = settings ?? (await loadHallSettings(db));
  const now = Date.now();
  const { count, last } = await repo.recentNoShows(db, applicantId, new Date(now - rules.noShowWindowDays * DAY_MS));
  const until = last ? new Date(last.getTime() + rules.pauseDays * DAY_MS) : null;
  const paused = count >= rules.noShowLimit && until !== null && until.getTime() > now;
  return { paused, pausedUntil: paused ? chinaDate(until!) : null, noShows: count, noShowLimit: rules.noShowLimit };
}

async function loadBookable(trx: Executor, slotId: number, itemId: number) {
  const slot = await repo.bookableSlot(trx, slotId);
  if (!slot || !slot.active) throw notFound('预约时段');
  if (slot.starts_at.getTime() <= Date.now()) throw invalidState('该时段已开始，请选择其他时段');
  const item = await repo.publishedItem(trx, itemId);
  if (!item) throw notFound('事项');
  if (!categoryCoversDepartment(slot, item.department_id)) throw validationFailed('body.itemId', '该事项不在此业务类别中，请选择对应类别的时段');
  return { slot, item };
}

const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === '23505';

async function appointmentOf(db: Executor, id: number): Promise<TAppointment> {
  return repo.toAppointment(await repo.appointmentById(db, id));
}

/**
 * 预约: real-name (the account's verified ID), one active booking per person and item, a place in
 * the slot or CONFLICT when it is full; the confirmation goes out as notice and SMS.
 */
export async function bookAppointment(options: { db: Database; actor: Actor; slotId: number; itemId: number }): Promise<TAppointment> {
  const { db, actor } = options;
  if (actor.role !== 'applicant') throw forbidden('请以申请人身份预约');
  const person = await repo.identityOf(db, actor.id);
  if (!person.identity_number) throw invalidState('预约需实名：账号没有登记证件号码');
  const settings = await loadHallSettings(db);
  await repo.markNoShows(db, { lateMinutes: settings.checkInLateMinutes, applicantId: actor.id });
  const standing = await bookingStanding(db, actor.id, settings);
  if (standing.paused) throw invalidState(`近期爽约 ${standing.noShows} 次，预约暂停至 ${standing.pausedUntil}`);
  const id = await db.transaction().execute(async (trx) => {
    const { slot, item } = await loadBookable(trx, options.slotId, options.itemId);
    if (!(await repo.takePlace(trx, slot.id))) throw new AppError('CONFLICT', '该时段已约满，请选择其他时段');
    const code = String(crypto.randomInt(1_000_000)).padStart(6, '0');
    let row: { id: number };
    try {
      row = await repo.insertAppointment(trx, { slot_id: slot.id, applicant_id: actor.id, item_id: item.id, code });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('CONFLICT', '该事项已有有效预约，请改约或取消后再约');
      throw error;
    }
    await enqueueNotification(trx, {
      userId: actor.id,
      caseId: null,
      kind: 'appointment_booked',
      title: '预约成功',
      body: `您已预约${slot.centre_name}「${slot.category_name}」${slotLabel(slot.day, slot.starts_at)}办理「${item.name}」，预约码 ${code}。到达后请在取号机签到。`,
      sms: true,
    });
    await writeAudit(trx, { actorId: actor.id, action: 'appointment.book', targetType: 'appointment', targetId: String(row.id), detail: { slotId: slot.id, itemId: item.id } });
    return row.id;
  });
  return appointmentOf(db, id);
}

async function lockOwnBooked(trx: Executor, actor: Actor, id: number) {
  const row = await repo.lockAppointment(trx, id);
  if (!row || row.applicant_id !== actor.id) throw notFound('预约');
  if (row.status !== 'booked') throw invalidState('只有未签到的有效预约可以改约或取消');
  return row;
}

/** 改约: the new slot's place is taken before the old one is given back, in one transaction. */
export async function changeAppointment(options: { db: Database; actor: Actor; id: number; slotId: number }): Promise<TAppointment> {
  const { db, actor } = options;
  await db.transaction().execute(async (trx) => {
    const booking = await lockOwnBooked(trx, actor, options.id);
    if (booking.slot_id === options.slotId) throw invalidState('新时段与原时段相同');
    const { slot, item } = await loadBookable(trx, options.slotId, booking.item_id);
    if (!(await repo.takePlace(trx, slot.id))) throw new AppError('CONFLICT', '该时段已约满，请选择其他时段');
    await repo.releasePlace(trx, booking.slot_id);
    await repo.moveToSlot(trx, booking.id, slot.id);
    await enqueueNotification(trx, {
      userId: actor.id,
      caseId: null,
      kind: 'appointment_changed',
      title: '预约已改约',
      body: `您的「${item.name}」预约已改至 ${slotLabel(slot.day, slot.starts_at)}，预约码 ${booking.code}。`,
      sms: true,
    });
    await writeAudit(trx, { actorId: actor.id, action: 'appointment.change', targetType: 'appointment', targetId: String(booking.id), detail: { from: booking.slot_id, to: slot.id } });
  });
  return appointmentOf(db, options.id);
}

export async function cancelAppointment(options: { db: Database; actor: Actor; id: number }): Promise<TAppointment> {
  const { db, actor } = options;
  await db.transaction().execute(async (trx) => {
    const booking = await lockOwnBooked(trx, actor, options.id);
    await repo.markCancelled(trx, booking.id);
    await repo.releasePlace(trx, booking.slot_id);
    await writeAudit(trx, { actorId: actor.id, action: 'appointment.cancel', targetType: 'appointment', targetId: String(booking.id) });
  });
  return appointmentOf(db, options.id);
}

export async function myAppointments(db: Database, actor: Actor): Promise<TAppointment[]> {
  const rows = await repo.applicantAppointments(db, actor.id);
  return rows.map(repo.toAppointment);
}

/** The bookings of a centre's day (administrator's view), names masked. */
export async function bookingsOfDay(db: Database, actor: Actor, day: string) {
  if (actor.role !== 'admin') throw forbidden();
  const rows = await repo.centreDayBookings(db, actor.centreId, day);
  return rows.map((r) => ({ ...repo.toAppointment(r), applicantName: r.display_name.length > 1 ? `${r.display_name[0]}**` : '*' }));
}

/**
 * The appointments sweep: marks no-shows and sends each open booking its reminder once, some
 * hours before the slot (SMS and in-app, through the notification outbox).
 */
export async function sweepAppointments(db: Database, now = clockNow()): Promise<{ noShows: number; reminded: number }> {
  const settings = await loadHallSettings(db);
  const noShows = await repo.markNoShows(db, { lateMinutes: settings.checkInLateMinutes, now });
  const reminded = await db.transaction().execute(async (trx) => {
    const due = await repo.lockRemindersDue(trx, now, new Date(now.getTime() + settings.reminderHours * 3_600_000));
    for (const a of due) {
      await enqueueNotification(trx, {
        userId: a.applicant_id,
        caseId: null,
        kind: 'appointment_reminder',
        title: '预约提醒',
        body: `提醒：您预约了${a.centre_name}「${a.category_name}」${slotLabel(a.day, a.starts_at)}办理「${a.item_name}」，预约码 ${a.code}，请按时到达并在取号机签到。`,
        sms: true,
      });
    }
    if (due.length) await repo.markReminded(trx, due.map((a) => a.id), now);
    return due.length;
  });
  return { noShows, reminded };
}

/**
 * 签到 at the kiosk (called inside the queue's transaction): the open booking of this centre
 * found by its code or the holder's ID number, within the check-in window. Marks it checked in.
 */
export async function checkInAppointment(
  trx: Executor,
  options: { centreId: number; code?: string; identityNumber?: string; settings: THallSettings; now?: Date },
): Promise<{ id: number; applicantId: number; categoryId: number; itemName: string }> {
  const now = options.now ?? clockNow();
  const by = options.code ? { code: options.code } : options.identityNumber ? { identityNumber: options.identityNumber } : null;
  if (!by) throw validationFailed('body.code', '请输入预约码或刷身份证');
  const bookings = await repo.checkInCandidates(trx, {
    centreId: options.centreId,
    day: chinaDate(now),
    startsBy: new Date(now.getTime() + options.settings.checkInEarlyMinutes * 60_000),
    endsFrom: new Date(now.getTime() - options.settings.checkInLateMinutes * 60_000),
    by,
  });
  const open = bookings.find(
    (b) => b.starts_at.getTime() - options.settings.checkInEarlyMinutes * 60_000 <= now.getTime() && now.getTime() <= b.ends_at.getTime() + options.settings.checkInLateMinutes * 60_000,
  );
  if (!open) {
    if (bookings.length) throw invalidState(`预约时段为 ${chinaTime(bookings[0]!.starts_at)}，请在时段前 ${options.settings.checkInEarlyMinutes} 分钟内签到`);
    throw notFound('今日预约');
  }
  await repo.markCheckedIn(trx, open.id, now);
  return { id: open.id, applicantId: open.applicant_id, categoryId: open.category_id, itemName: open.item_name };
}
