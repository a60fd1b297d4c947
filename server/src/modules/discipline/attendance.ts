import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database.js';
import { AppError, forbidden, invalidState, notFound } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { now as clockNow } from '../../util/clock.js';

function atWindow(actor: Actor): number {
  if (actor.role !== 'clerk' || !actor.windowId) throw forbidden('只有窗口工作人员在窗口签到');
  return actor.windowId;
}

/** 签到 at the clerk's window: one open sign-in per person. */
export async function signIn(db: Database, actor: Actor): Promise<{ signedInAt: string }> {
  const windowId = atWindow(actor);
  try {
    const row = await db.insertInto('window_attendance').values({ user_id: actor.id, window_id: windowId, day: chinaDate() }).returning('signed_in_at').executeTakeFirstOrThrow();
    return { signedInAt: row.signed_in_at.toISOString() };
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new AppError('CONFLICT', '已签到，请先签退');
    throw error;
  }
}

/** People waiting today in the categories a window serves. */
async function waitingFor(db: Executor, windowId: number) {
  return db
    .selectFrom('hall_category_windows as cw')
    .innerJoin('hall_categories as c', 'c.id', 'cw.category_id')
    .innerJoin('queue_tickets as t', (join) => join.onRef('t.category_id', '=', 'c.id').on('t.status', '=', 'waiting').on('t.day', '=', chinaDate()))
    .select(['c.name', (eb) => eb.fn.countAll<number>().as('n')])
    .where('cw.window_id', '=', windowId)
    .groupBy('c.name')
    .execute();
}

/**
 * 签退. Leaving while people wait for the window's categories is flagged (窗口空岗), with how many
 * were waiting; the sign-out itself is not refused — the flag is for the duty head to follow up.
 */
export async function signOut(db: Database, actor: Actor): Promise<{ flagged: boolean; waiting: number }> {
  const windowId = atWindow(actor);
  return db.transaction().execute(async (trx) => {
    const open = await trx.updateTable('window_attendance').set({ signed_out_at: clockNow() }).where('user_id', '=', actor.id).where('signed_out_at', 'is', null).returning('id').executeTakeFirst();
    if (!open) throw invalidState('尚未签到');
    const waiting = await waitingFor(trx, windowId);
    const total = waiting.reduce((sum, w) => sum + Number(w.n), 0);
    if (total > 0) {
      await trx.insertInto('window_closure_flags').values({ window_id: windowId, user_id: actor.id, waiting: total, categories: waiting.map((w) => w.name).join('、') }).execute();
      await writeAudit(trx, { actorId: actor.id, action: 'attendance.closed_with_waiting', targetType: 'window', targetId: String(windowId), detail: { waiting: total } });
    }
    return { flagged: total > 0, waiting: total };
  });
}

export async function myAttendance(db: Database, actor: Actor) {
  const rows = await db.selectFrom('window_attendance').select(['day', 'signed_in_at', 'signed_out_at']).where('user_id', '=', actor.id).orderBy('signed_in_at', 'desc').limit(60).execute();
  return rows.map((r) => ({ day: r.day, signedInAt: r.signed_in_at.toISOString(), signedOutAt: r.signed_out_at?.toISOString() ?? null }));
}

/**
 * The hall's staffing now: each window with who is signed in, and windows nobody staffs while
 * people wait for their categories (flagged live), plus today's recorded closure flags.
 */
export async function hallStaffing(db: Database, actor: Actor) {
  if ((actor.role !== 'admin' && actor.role !== 'inspector') || !actor.centreId) throw forbidden();
  const centreId = actor.centreId;
  const windows = await db
    .selectFrom('windows as w')
    .leftJoin('window_attendance as a', (join) => join.onRef('a.window_id', '=', 'w.id').on('a.signed_out_at', 'is', null))
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .select(['w.id', 'w.number', 'w.name', 'u.display_name', 'a.signed_in_at'])
    .where('w.centre_id', '=', centreId)
    .orderBy('w.number')
    .execute();
  const byWindow = new Map<number, { id: number; number: string; name: string; staff: string[]; waiting: number; unstaffed: boolean }>();
  for (const w of windows) {
    const entry = byWindow.get(w.id) ?? { id: w.id, number: w.number, name: w.name, staff: [], waiting: 0, unstaffed: false };
    if (w.display_name) entry.staff.push(w.display_name);
    byWindow.set(w.id, entry);
  }
  for (const entry of byWindow.values()) {
    entry.waiting = (await waitingFor(db, entry.id)).reduce((sum, w) => sum + Number(w.n), 0);
    entry.unstaffed = entry.staff.length === 0 && entry.waiting > 0;
  }
  const flags = await db
    .selectFrom('window_closure_flags as f')
    .innerJoin('windows as w', 'w.id', 'f.window_id')
    .leftJoin('users as u', 'u.id', 'f.user_id')
    .select(['f.id', 'w.number', 'w.name', 'u.display_name', 'f.flagged_at', 'f.waiting', 'f.categories'])
    .where('w.centre_id', '=', centreId)
    .where('f.flagged_at', '>=', sql<Date>`(${chinaDate()}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`)
    .orderBy('f.flagged_at', 'desc')
    .execute();
  return {
    windows: [...byWindow.values()],
    flags: flags.map((f) => ({ id: f.id, window: `${f.number} ${f.name}`, person: f.display_name, at: f.flagged_at.toISOString(), waiting: f.waiting, categories: f.categories })),
  };
}

/** 值班长: one per floor and day, set by the administrator. */
export async function setDutyHead(db: Database, actor: Actor, entry: { day: string; floor: string; userId: number }): Promise<void> {
  if (actor.role !== 'admin' || !actor.centreId) throw forbidden('只有中心管理员可以排班');
  const centreId = actor.centreId;
  await db.transaction().execute(async (trx) => {
    const person = await trx.selectFrom('users').select('id').where('id', '=', entry.userId).where('centre_id', '=', centreId).where('role', '<>', 'applicant').executeTakeFirst();
    if (!person) throw notFound('人员');
    await trx
      .insertInto('duty_roster')
      .values({ centre_id: centreId, day: entry.day, floor: entry.floor, user_id: entry.userId, assigned_by: actor.id })
      .onConflict((oc) => oc.columns(['centre_id', 'day', 'floor']).doUpdateSet({ user_id: entry.userId, assigned_by: actor.id }))
      .execute();
    await writeAudit(trx, { actorId: actor.id, action: 'discipline.roster.set', targetType: 'duty_roster', targetId: `${entry.day}/${entry.floor}`, detail: entry });
  });
}

export async function dutyRoster(db: Executor, centreId: number, from: string, to: string) {
  const rows = await db
    .selectFrom('duty_roster as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.day', 'r.floor', 'r.user_id', 'u.display_name', 'u.phone'])
    .where('r.centre_id', '=', centreId)
    .where('r.day', '>=', from)
    .where('r.day', '<=', to)
    .orderBy('r.day')
    .orderBy('r.floor')
    .execute();
  return rows.map((r) => ({ day: r.day, floor: r.floor, userId: r.user_id, name: r.display_name }));
}
