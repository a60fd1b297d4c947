import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
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
