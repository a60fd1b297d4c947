import { sql, type Selectable } from 'kysely';
import type { Database, Tx } from '../../db/database.js';
import type { QueueAction, QueueTicketTable } from '../../db/schema.js';
import { forbidden, invalidState, notFound, validationFailed } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import type { Actor } from '../auth/actor.js';
import { visibleCases } from '../cases/policy.js';
import { categoriesOfWindow, windowServes } from '../hall-categories/repo.js';
import { announceQueueChange, recordQueueEvent } from './repo.js';
import { now as clockNow } from '../../util/clock.js';

type Ticket = Selectable<QueueTicketTable>;

/** The clerk's window, which every call is made from. */
function windowOf(actor: Actor): number {
  if (actor.role !== 'clerk' || !actor.windowId) throw forbidden('只有在窗口的工作人员可以叫号');
  return actor.windowId;
}

/** One state change of a ticket at a window: locked, changed, its event written, the displays told after commit. */
async function atWindow<T>(
  db: Database,
  actor: Actor,
  action: QueueAction,
  work: (trx: Tx, windowId: number) => Promise<{ ticket: Ticket; detail?: Record<string, unknown>; result: T } | null>,
): Promise<T | null> {
  const windowId = windowOf(actor);
  let announce: { regionCode: string; number: string } | undefined;
  const result = await db.transaction().execute(async (trx) => {
    const done = await work(trx, windowId);
    if (!done) return null;
    await recordQueueEvent(trx, { ticketId: done.ticket.id, action, windowId, actorId: actor.id, detail: done.detail });
    const centre = await trx.selectFrom('centres').select('region_code').where('id', '=', done.ticket.centre_id).executeTakeFirstOrThrow();
    announce = { regionCode: centre.region_code, number: done.ticket.number };
    return done.result;
  });
  if (announce) announceQueueChange(db, { ...announce, action });
  return result;
}

async function lockTicket(trx: Tx, ticketId: number, windowId: number): Promise<Ticket> {
  const ticket = await trx
    .selectFrom('queue_tickets')
    .selectAll()
    .where('id', '=', ticketId)
    .where('centre_id', '=', (eb) => eb.selectFrom('windows').select('centre_id').where('id', '=', windowId))
    .forUpdate()
    .executeTakeFirst();
  if (!ticket) throw notFound('排队号');
  return ticket as Ticket;
}

/** The window's call in progress must be finished (完成, 过号 or 转窗) before the next one. */
async function assertWindowFree(trx: Tx, windowId: number): Promise<void> {
  const current = await trx.selectFrom('queue_tickets').select('number').where('window_id', '=', windowId).where('status', '=', 'called').executeTakeFirst();
  if (current) throw invalidState(`请先完成、过号或转窗当前号 ${current.number}`);
}

async function markCalled(trx: Tx, ticketId: number, windowId: number, actor: Actor): Promise<Ticket> {
  const now = clockNow();
  return (await trx
    .updateTable('queue_tickets')
    .set({ status: 'called', window_id: windowId, clerk_id: actor.id, called_at: now, first_called_at: sql`coalesce(first_called_at, ${now})`, call_count: sql`call_count + 1` })
    .where('id', '=', ticketId)
    .returningAll()
    .executeTakeFirstOrThrow()) as Ticket;
}

/** 叫号: the next in line among the categories this window serves (priority first, then place). */
export async function callNext(db: Database, actor: Actor) {
  return atWindow(db, actor, 'call', async (trx, windowId) => {
    const categories = await categoriesOfWindow(trx, windowId);
    if (!categories.length) throw invalidState('本窗口未设置办理的业务类别');
    await assertWindowFree(trx, windowId);
    const next = await trx
      .selectFrom('queue_tickets')
      .select('id')
      .where('category_id', 'in', categories)
      .where('status', '=', 'waiting')
      .where('day', '=', chinaDate())
      .where((eb) => eb.or([eb('target_window_id', 'is', null), eb('target_window_id', '=', windowId)]))
      .orderBy('priority', 'desc')
      .orderBy('queued_at')
      .orderBy('id')
      .limit(1)
      // Two windows calling at once each get a different ticket.
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!next) return null;
    const ticket = await markCalled(trx, next.id, windowId, actor);
    return { ticket, result: { id: ticket.id, number: ticket.number } };
  });
}

/**
 * 叫号 of one ticket chosen from the line (or a 过号 one who came back). A window calls only the
 * categories it serves: a ticket of another category is refused.
 */
export async function callTicket(db: Database, actor: Actor, ticketId: number) {
  return atWindow(db, actor, 'call', async (trx, windowId) => {
    const ticket = await lockTicket(trx, ticketId, windowId);
    if (!(await windowServes(trx, windowId, ticket.category_id))) throw forbidden(`${ticket.number} 不属于本窗口办理的业务类别`);
    if (ticket.target_window_id !== null && ticket.target_window_id !== windowId) throw forbidden(`${ticket.number} 已转至其他窗口`);
    if (ticket.status !== 'waiting' && ticket.status !== 'skipped') throw invalidState(`${ticket.number} 不在等候中`);
    await assertWindowFree(trx, windowId);
    const called = await markCalled(trx, ticket.id, windowId, actor);
    return { ticket: called, detail: ticket.status === 'skipped' ? { returned: true } : undefined, result: { id: called.id, number: called.number } };
  });
}

async function lockCurrent(trx: Tx, ticketId: number, windowId: number): Promise<Ticket> {
  const ticket = await lockTicket(trx, ticketId, windowId);
  if (ticket.status !== 'called' || ticket.window_id !== windowId) throw invalidState(`${ticket.number} 不是本窗口正在办理的号`);
  return ticket;
}

/** 重呼: the display shows and speaks the call again. */
export async function recallTicket(db: Database, actor: Actor, ticketId: number) {
  return atWindow(db, actor, 'recall', async (trx, windowId) => {
    await lockCurrent(trx, ticketId, windowId);
    const ticket = (await trx.updateTable('queue_tickets').set({ called_at: clockNow(), call_count: sql`call_count + 1` }).where('id', '=', ticketId).returningAll().executeTakeFirstOrThrow()) as Ticket;
    return { ticket, result: { id: ticket.id, number: ticket.number } };
  });
}

/** 过号: not here after the calls; the number may be called again if the person comes back. */
export async function skipTicket(db: Database, actor: Actor, ticketId: number) {
  return atWindow(db, actor, 'skip', async (trx, windowId) => {
    await lockCurrent(trx, ticketId, windowId);
    const ticket = (await trx.updateTable('queue_tickets').set({ status: 'skipped' }).where('id', '=', ticketId).returningAll().executeTakeFirstOrThrow()) as Ticket;
    return { ticket, result: { id: ticket.id, number: ticket.number } };
  });
}

/**
 * 转窗: the visitor goes on to another category (optionally one window of it), keeping their place
 * from the time they first took the ticket, ahead of anyone who came later.
 */
export async function transferTicket(db: Database, actor: Actor, ticketId: number, to: { categoryId: number; windowId?: number }) {
  return atWindow(db, actor, 'transfer', async (trx, windowId) => {
    const current = await lockCurrent(trx, ticketId, windowId);
    const category = await trx.selectFrom('hall_categories').select('id').where('id', '=', to.categoryId).where('centre_id', '=', current.centre_id).executeTakeFirst();
    if (!category) throw notFound('业务类别');
    if (to.windowId !== undefined && !(await windowServes(trx, to.windowId, to.categoryId))) throw validationFailed('body.windowId', '目标窗口不办理该类业务');
    const ticket = (await trx
      .updateTable('queue_tickets')
      .set({ status: 'waiting', category_id: to.categoryId, target_window_id: to.windowId ?? null, window_id: null, clerk_id: null, priority: 1, priority_reason: 'transfer' })
      .where('id', '=', ticketId)
      .returningAll()
      .executeTakeFirstOrThrow()) as Ticket;
    return { ticket, detail: { fromCategoryId: current.category_id, toCategoryId: to.categoryId, toWindowId: to.windowId ?? null }, result: { id: ticket.id, number: ticket.number } };
  });
}

/**
 * 完成: the service is over. It links the case it produced (when one was opened) and opens the
 * window's 一次一评 service, so the tablet at the window asks the visitor to rate at once.
 */
export async function completeTicket(db: Database, actor: Actor, ticketId: number, options: { caseId?: string }) {
  return atWindow(db, actor, 'complete', async (trx, windowId) => {
    await lockCurrent(trx, ticketId, windowId);
    if (options.caseId) {
      const visible = await trx.selectFrom('cases').select('id').where('id', '=', options.caseId).where(visibleCases(actor)).executeTakeFirst();
      if (!visible) throw notFound('办件');
    }
    // The same rule as the workbench's 推送评价 (ratings/service.ts): one open service per window.
    await trx.updateTable('window_services').set({ closed_at: clockNow() }).where('window_id', '=', windowId).where('closed_at', 'is', null).execute();
    const service = await trx
      .insertInto('window_services')
      .values({ window_id: windowId, clerk_id: actor.id, case_id: options.caseId ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ticket = (await trx
      .updateTable('queue_tickets')
      .set({ status: 'done', completed_at: clockNow(), case_id: options.caseId ?? null, window_service_id: service.id })
      .where('id', '=', ticketId)
      .returningAll()
      .executeTakeFirstOrThrow()) as Ticket;
    return { ticket, detail: { caseId: options.caseId ?? null }, result: { id: ticket.id, number: ticket.number, serviceId: service.id } };
  });
}

/** Links a case opened after 完成 to the ticket (and to its rating, while it is not yet rated). */
export async function linkCase(db: Database, actor: Actor, ticketId: number, caseId: string): Promise<void> {
  const windowId = windowOf(actor);
  await db.transaction().execute(async (trx) => {
    const ticket = await lockTicket(trx, ticketId, windowId);
    if (ticket.window_id !== windowId || ticket.status !== 'done') throw invalidState('只能为本窗口已完成的号关联办件');
    const visible = await trx.selectFrom('cases').select('id').where('id', '=', caseId).where(visibleCases(actor)).executeTakeFirst();
    if (!visible) throw notFound('办件');
    await trx.updateTable('queue_tickets').set({ case_id: caseId }).where('id', '=', ticket.id).execute();
    if (ticket.window_service_id) {
      await trx
        .updateTable('window_services')
        .set({ case_id: caseId })
        .where('id', '=', ticket.window_service_id)
        .where('case_id', 'is', null)
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('ratings').select('ratings.id').where('ratings.window_service_id', '=', ticket.window_service_id!))))
        .execute();
    }
    await recordQueueEvent(trx, { ticketId: ticket.id, action: 'complete', windowId, actorId: actor.id, detail: { linkedCaseId: caseId } });
  });
}
