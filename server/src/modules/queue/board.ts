import { sql, type ExpressionBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Database, Executor } from '../../db/database.js';
import { forbidden, notFound } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import type { Actor } from '../auth/actor.js';
import { peopleAhead } from './repo.js';
import type { THallDisplay, TWindowBoard, TWindowTicket } from './schema.js';
import { now as clockNow } from '../../util/clock.js';

/** A category's tickets still waiting today, as the column `waiting` of a query over `c`. */
function waitingToday(eb: ExpressionBuilder<DB & { c: DB['hall_categories'] }, 'c'>, today: string) {
  return eb
    .selectFrom('queue_tickets as t')
    .select(eb.fn.countAll<number>().as('n'))
    .whereRef('t.category_id', '=', 'c.id')
    .where('t.status', '=', 'waiting')
    .where('t.day', '=', today)
    .as('waiting');
}

function ticketQuery(db: Executor) {
  return db
    .selectFrom('queue_tickets as t')
    .innerJoin('hall_categories as c', 'c.id', 't.category_id')
    .leftJoin('appointments as a', 'a.id', 't.appointment_id')
    .leftJoin('service_items as i', 'i.id', 'a.item_id')
    .leftJoin('cases', 'cases.id', 't.case_id')
    .leftJoin('ratings as r', 'r.window_service_id', 't.window_service_id')
    .select([
      't.id',
      't.number',
      't.category_id',
      'c.name as category_name',
      't.status',
      't.priority_reason',
      'i.name as item_name',
      't.issued_at',
      't.called_at',
      't.call_count',
      't.case_id',
      'cases.number as case_number',
      't.window_service_id',
      'r.level as rating_level',
    ]);
}

type TicketRow = Awaited<ReturnType<ReturnType<typeof ticketQuery>['executeTakeFirstOrThrow']>>;

const toWindowTicket = (r: TicketRow): TWindowTicket => ({
  id: r.id,
  number: r.number,
  categoryId: r.category_id,
  categoryName: r.category_name,
  status: r.status,
  priorityReason: r.priority_reason,
  itemName: r.item_name,
  issuedAt: r.issued_at.toISOString(),
  calledAt: r.called_at?.toISOString() ?? null,
  callCount: r.call_count,
  caseId: r.case_id,
  caseNumber: r.case_number,
  serviceId: r.window_service_id,
  ratingLevel: r.rating_level,
});

/** The clerk's calling bar: the window's categories and line, its call in progress, today's served. */
export async function windowBoard(db: Database, actor: Actor): Promise<TWindowBoard> {
  if (actor.role !== 'clerk' || !actor.windowId) throw forbidden('只有在窗口的工作人员可以叫号');
  const windowId = actor.windowId;
  const today = chinaDate();
  const window = await db.selectFrom('windows').select(['id', 'number', 'name']).where('id', '=', windowId).executeTakeFirstOrThrow();
  const categories = await db
    .selectFrom('hall_category_windows as cw')
    .innerJoin('hall_categories as c', 'c.id', 'cw.category_id')
    .select((eb) => [
      'c.id',
      'c.prefix',
      'c.name',
      waitingToday(eb, today),
    ])
    .where('cw.window_id', '=', windowId)
    .orderBy('c.prefix')
    .execute();
  const ids = categories.map((c) => c.id);
  const [current, waiting, served] = await Promise.all([
    ticketQuery(db).where('t.window_id', '=', windowId).where('t.status', '=', 'called').executeTakeFirst(),
    ids.length
      ? ticketQuery(db)
          .where('t.category_id', 'in', ids)
          .where('t.day', '=', today)
          .where((eb) => eb.or([eb('t.status', '=', 'waiting'), eb('t.status', '=', 'skipped')]))
          .where((eb) => eb.or([eb('t.target_window_id', 'is', null), eb('t.target_window_id', '=', windowId)]))
          .orderBy(sql`t.status = 'skipped'`)
          .orderBy('t.priority', 'desc')
          .orderBy('t.queued_at')
          .orderBy('t.id')
          .limit(30)
          .execute()
      : Promise.resolve([]),
    ticketQuery(db).where('t.window_id', '=', windowId).where('t.day', '=', today).where('t.status', '=', 'done').orderBy('t.completed_at', 'desc').limit(20).execute(),
  ]);
  return {
    window,
    categories: categories.map((c) => ({ id: c.id, prefix: c.prefix, name: c.name, waiting: Number(c.waiting ?? 0) })),
    current: current ? toWindowTicket(current) : null,
    waiting: waiting.map(toWindowTicket),
    served: served.map(toWindowTicket),
  };
}

/**
 * The hall display (叫号屏): the latest calls with their windows, what each window is serving,
 * and how many wait per category. Numbers only, never names.
 */
export async function hallDisplay(db: Database, centreId: number): Promise<THallDisplay> {
  const centre = await db.selectFrom('centres').select('name').where('id', '=', centreId).executeTakeFirst();
  if (!centre) throw notFound('服务中心');
  const today = chinaDate();
  const [calls, windows, categories] = await Promise.all([
    db
      .selectFrom('queue_events as e')
      .innerJoin('queue_tickets as t', 't.id', 'e.ticket_id')
      .innerJoin('windows as w', 'w.id', 'e.window_id')
      .select(['e.id', 't.number', 'w.number as window_number', 'w.name as window_name', 'e.at', 'e.action'])
      .where('t.centre_id', '=', centreId)
      .where('t.day', '=', today)
      .where('e.action', 'in', ['call', 'recall'])
      .orderBy('e.id', 'desc')
      .limit(10)
      .execute(),
    db
      .selectFrom('windows as w')
      .leftJoin('queue_tickets as t', (join) => join.onRef('t.window_id', '=', 'w.id').on('t.status', '=', 'called'))
      .select(['w.number', 'w.name', 't.number as serving'])
      .where('w.centre_id', '=', centreId)
      .where(({ exists, selectFrom }) => exists(selectFrom('hall_category_windows as cw').select('cw.window_id').whereRef('cw.window_id', '=', 'w.id')))
      .orderBy('w.number')
      .execute(),
    db
      .selectFrom('hall_categories as c')
      .select((eb) => [
        'c.prefix',
        'c.name',
        waitingToday(eb, today),
      ])
      .where('c.centre_id', '=', centreId)
      .where('c.active', '=', true)
      .orderBy('c.prefix')
      .execute(),
  ]);
  return {
    centreName: centre.name,
    calls: calls.map((c) => ({ eventId: c.id, number: c.number, windowNumber: c.window_number, windowName: c.window_name, at: c.at.toISOString(), recall: c.action === 'recall' })),
    windows: windows.map((w) => ({ number: w.number, name: w.name, serving: w.serving })),
    categories: categories.map((c) => ({ prefix: c.prefix, name: c.name, waiting: Number(c.waiting ?? 0) })),
    updatedAt: clockNow().toISOString(),
  };
}

/** The ticket's page on the visitor's phone: the token printed in its QR code proves it is theirs. */
export async function ticketStatus(db: Database, ticketId: number, token: string) {
  const t = await db
    .selectFrom('queue_tickets as t')
    .innerJoin('hall_categories as c', 'c.id', 't.category_id')
    .leftJoin('windows as w', 'w.id', 't.window_id')
    .selectAll('t')
    .select(['c.name as category_name', 'w.number as window_number', 'w.name as window_name'])
    .where('t.id', '=', ticketId)
    .executeTakeFirst();
  if (!t || t.token !== token) throw notFound('排队号');
  return {
    number: t.number,
    categoryName: t.category_name,
    status: t.status,
    ahead: t.status === 'waiting' ? await peopleAhead(db, t) : 0,
    windowNumber: t.status === 'called' ? t.window_number : null,
    windowName: t.status === 'called' ? t.window_name : null,
    issuedAt: t.issued_at.toISOString(),
    calledAt: t.called_at?.toISOString() ?? null,
  };
}
