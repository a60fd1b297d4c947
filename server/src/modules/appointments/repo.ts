import { sql, type Insertable } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { AppointmentSlotTable } from '../../db/schema.js';
import type { TAppointment, TSlot } from './schema.js';
import { now as clockNow } from '../../util/clock.js';

export function toSlot(r: { id: number; category_id: number; day: string; starts_at: Date; ends_at: Date; kind: TSlot['kind']; capacity: number; booked: number }): TSlot {
  return {
    id: r.id,
    categoryId: r.category_id,
    day: r.day,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    kind: r.kind,
    capacity: r.capacity,
    booked: r.booked,
    left: Math.max(0, r.capacity - r.booked),
  };
}

/**
 * Takes one place in a slot, or none when it is full. One guarded UPDATE: concurrent bookings
 * queue on the row lock and each re-checks `booked < capacity` on the row as the last one left it,
 * so exactly `capacity` of them succeed.
 */
export async function takePlace(db: Executor, slotId: number): Promise<boolean> {
  const row = await db
    .updateTable('appointment_slots')
    .set({ booked: sql`booked + 1` })
    .where('id', '=', slotId)
    .where(sql<boolean>`booked < capacity`)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function releasePlace(db: Executor, slotId: number): Promise<void> {
  await db.updateTable('appointment_slots').set({ booked: sql`greatest(booked - 1, 0)` }).where('id', '=', slotId).execute();
}

export function appointmentQuery(db: Executor) {
  return db
    .selectFrom('appointments as a')
    .innerJoin('appointment_slots as s', 's.id', 'a.slot_id')
    .innerJoin('hall_categories as c', 'c.id', 's.category_id')
    .innerJoin('centres', 'centres.id', 's.centre_id')
    .innerJoin('service_items as i', 'i.id', 'a.item_id')
    .select([
      'a.id',
      'a.code',
      'a.status',
      'a.item_id',
      'a.applicant_id',
      'a.created_at',
      'a.checked_in_at',
      'i.name as item_name',
      'c.id as category_id',
      'c.name as category_name',
      'centres.id as centre_id',
      'centres.name as centre_name',
      's.id as slot_id',
      's.day',
      's.starts_at',
      's.ends_at',
      's.kind',
    ]);
}

type AppointmentRow = Awaited<ReturnType<ReturnType<typeof appointmentQuery>['executeTakeFirstOrThrow']>>;

export function toAppointment(r: AppointmentRow): TAppointment {
  return {
    id: r.id,
    code: r.code,
    status: r.status,
    itemId: r.item_id,
    itemName: r.item_name,
    categoryId: r.category_id,
    categoryName: r.category_name,
    centreId: r.centre_id,
    centreName: r.centre_name,
    slot: { id: r.slot_id, day: r.day, startsAt: r.starts_at.toISOString(), endsAt: r.ends_at.toISOString(), kind: r.kind },
    createdAt: r.created_at.toISOString(),
    checkedInAt: r.checked_in_at?.toISOString() ?? null,
  };
}

/**
 * 爽约: a booking still open when its slot ended (plus the late check-in margin) is a no-show.
 * Marked by the sweep, and before each booking for the person booking, so a pause never waits
 * for the timer.
 */
export async function markNoShows(db: Executor, options: { lateMinutes: number; applicantId?: number; now?: Date }): Promise<number> {
  const now = options.now ?? clockNow();
  const result = await sql<{ id: number }>`
    UPDATE appointments a SET status = 'no_show', updated_at = now()
      FROM appointment_slots s
     WHERE s.id = a.slot_id AND a.status = 'booked'
       AND s.ends_at + make_interval(mins => ${options.lateMinutes}) < ${now}
       ${options.applicantId === undefined ? sql`` : sql`AND a.applicant_id = ${options.applicantId}`}
    RETURNING a.id`.execute(db);
  return result.rows.length;
}

/** The no-shows of one person in a recent window, and when the last one's slot ended. */
export async function recentNoShows(db: Executor, applicantId: number, since: Date) {
  const row = await db
    .selectFrom('appointments as a')
    .innerJoin('appointment_slots as s', 's.id', 'a.slot_id')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('s.ends_at').as('last')])
    .where('a.applicant_id', '=', applicantId)
    .where('a.status', '=', 'no_show')
    .where('s.ends_at', '>', since)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), last: row.last ? new Date(row.last as Date) : null };
}

/** A category of the admin's own centre, with the region whose calendar its slots follow. */
export function centreCategory(db: Executor, categoryId: number, centreId: number) {
  return db
    .selectFrom('hall_categories')
    .innerJoin('centres', 'centres.id', 'hall_categories.centre_id')
    .select(['hall_categories.id', 'centres.region_code'])
    .where('hall_categories.id', '=', categoryId)
    .where('hall_categories.centre_id', '=', centreId)
    .executeTakeFirst();
}

/** Slots already published for a start time are kept as they are (and not returned). */
export function insertSlots(db: Executor, slots: Insertable<AppointmentSlotTable>[]) {
  return db
    .insertInto('appointment_slots')
    .values(slots)
    .onConflict((oc) => oc.columns(['category_id', 'starts_at']).doNothing())
    .returning('id')
    .execute();
}

/** No centre matches nothing. */
export function lockCentreSlot(db: Executor, slotId: number, centreId: number | null) {
  return db.selectFrom('appointment_slots').selectAll().where('id', '=', slotId).where('centre_id', '=', centreId ?? -1).forUpdate().executeTakeFirst();
}

export function setSlotCapacity(db: Executor, slotId: number, capacity: number) {
  return db.updateTable('appointment_slots').set({ capacity }).where('id', '=', slotId).returningAll().executeTakeFirstOrThrow();
}

/** `upcomingOnly` leaves out slots already begun and those closed (capacity 0). */
export function categorySlots(db: Executor, options: { categoryId: number; from: string; to: string; upcomingOnly: boolean }) {
  return db
    .selectFrom('appointment_slots')
    .selectAll()
    .where('category_id', '=', options.categoryId)
    .where('day', '>=', options.from)
    .where('day', '<=', options.to)
    .$if(options.upcomingOnly, (q) => q.where('starts_at', '>', clockNow()).where('capacity', '>', 0))
    .orderBy('starts_at')
    .limit(2000)
    .execute();
}

export function bookableSlot(db: Executor, slotId: number) {
  return db
    .selectFrom('appointment_slots as s')
    .innerJoin('hall_categories as c', 'c.id', 's.category_id')
    .innerJoin('centres', 'centres.id', 's.centre_id')
    .select(['s.id', 's.day', 's.starts_at', 's.centre_id', 'c.name as category_name', 'c.department_ids', 'c.active', 'centres.name as centre_name'])
    .where('s.id', '=', slotId)
    .executeTakeFirst();
}

export function publishedItem(db: Executor, itemId: number) {
  return db.selectFrom('service_items').select(['id', 'name', 'department_id']).where('id', '=', itemId).where('status', '=', 'published').executeTakeFirst();
}

export function identityOf(db: Executor, userId: number) {
  return db.selectFrom('users').select('identity_number').where('id', '=', userId).executeTakeFirstOrThrow();
}

/** Throws the unique violation (23505) when the person already holds an active booking for the item. */
export function insertAppointment(db: Executor, appointment: { slot_id: number; applicant_id: number; item_id: number; code: string }) {
  return db.insertInto('appointments').values(appointment).returning('id').executeTakeFirstOrThrow();
}

export function lockAppointment(db: Executor, id: number) {
  return db.selectFrom('appointments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** A moved booking is reminded again before its new slot. */
export async function moveToSlot(db: Executor, id: number, slotId: number): Promise<void> {
  await db.updateTable('appointments').set({ slot_id: slotId, reminded_at: null, updated_at: sql`now()` }).where('id', '=', id).execute();
}

export async function markCancelled(db: Executor, id: number): Promise<void> {
  await db.updateTable('appointments').set({ status: 'cancelled', updated_at: sql`now()` }).where('id', '=', id).execute();
}

export async function markReminded(db: Executor, ids: number[], at: Date): Promise<void> {
  await db.updateTable('appointments').set({ reminded_at: at }).where('id', 'in', ids).execute();
}

export async function markCheckedIn(db: Executor, id: number, at: Date): Promise<void> {
  await db.updateTable('appointments').set({ status: 'checked_in', checked_in_at: at, updated_at: sql`now()` }).where('id', '=', id).execute();
}

export function appointmentById(db: Executor, id: number) {
  return appointmentQuery(db).where('a.id', '=', id).executeTakeFirstOrThrow();
}

export function applicantAppointments(db: Executor, applicantId: number) {
  return appointmentQuery(db).where('a.applicant_id', '=', applicantId).orderBy('s.starts_at', 'desc').limit(100).execute();
}

/** A centre's bookings of a day with the holder's name (no centre matches nothing). */
export function centreDayBookings(db: Executor, centreId: number | null, day: string) {
  return appointmentQuery(db)
    .innerJoin('users as u', 'u.id', 'a.applicant_id')
    .select('u.display_name')
    .where('s.centre_id', '=', centreId ?? -1)
    .where('s.day', '=', day)
    .orderBy('s.starts_at')
    .execute();
}

/**
 * Open, unreminded bookings whose slot starts in (now, until], locked; SKIP LOCKED lets two sweeps
 * run at once without reminding anyone twice.
 */
export function lockRemindersDue(db: Executor, now: Date, until: Date) {
  return appointmentQuery(db)
    .where('a.status', '=', 'booked')
    .where('a.reminded_at', 'is', null)
    .where('s.starts_at', '>', now)
    .where('s.starts_at', '<=', until)
    .forUpdate('a')
    .skipLocked()
    .limit(500)
    .execute();
}

/** A centre's open bookings found by code or ID number that may check in about now, locked. */
export function checkInCandidates(
  db: Executor,
  options: { centreId: number; day: string; startsBy: Date; endsFrom: Date; by: { code: string } | { identityNumber: string } },
) {
  let query = db
    .selectFrom('appointments as a')
    .innerJoin('appointment_slots as s', 's.id', 'a.slot_id')
    .innerJoin('users as u', 'u.id', 'a.applicant_id')
    .innerJoin('service_items as i', 'i.id', 'a.item_id')
    .select(['a.id', 'a.applicant_id', 's.category_id', 's.starts_at', 's.ends_at', 'i.name as item_name'])
    .where('s.centre_id', '=', options.centreId)
    // Today's bookings (to say when to come back), and any whose check-in window is open now —
    // a slot just after midnight counts, whatever day it is filed under.
    .where((eb) => eb.or([eb('s.day', '=', options.day), eb.and([eb('s.starts_at', '<=', options.startsBy), eb('s.ends_at', '>=', options.endsFrom)])]))
    .where('a.status', '=', 'booked')
    .orderBy('s.starts_at')
    .forUpdate('a');
  if ('code' in options.by) query = query.where('a.code', '=', options.by.code);
  else query = query.where('u.identity_number', '=', options.by.identityNumber);
  return query.execute();
}

export function settingValue(db: Executor, key: string) {
  return db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
}
