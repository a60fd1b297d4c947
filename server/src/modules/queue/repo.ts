import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database.js';
import type { QueueAction } from '../../db/schema.js';
import { signalCaseEvents } from '../cases/signals.js';

/** The next number of a category today: A001, A002 … (one counter row per category and day). */
export async function nextNumber(db: Executor, category: { id: number; prefix: string }, day: string): Promise<string> {
  const row = await sql<{ last_value: number }>`
    INSERT INTO queue_counters (category_id, day, last_value) VALUES (${category.id}, ${day}, 1)
    ON CONFLICT (category_id, day) DO UPDATE SET last_value = queue_counters.last_value + 1
    RETURNING last_value`.execute(db);
  return `${category.prefix}${String(row.rows[0]!.last_value).padStart(3, '0')}`;
}

/** People before this ticket in its line: higher priority first, then earlier place. */
export async function peopleAhead(db: Executor, ticket: { id: number; category_id: number; priority: number; queued_at: Date }): Promise<number> {
  const row = await db
    .selectFrom('queue_tickets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('category_id', '=', ticket.category_id)
    .where('status', '=', 'waiting')
    .where('id', '<>', ticket.id)
    .where((eb) =>
      eb.or([
        eb('priority', '>', ticket.priority),
        eb.and([eb('priority', '=', ticket.priority), eb('queued_at', '<', ticket.queued_at)]),
        eb.and([eb('priority', '=', ticket.priority), eb('queued_at', '=', ticket.queued_at), eb('id', '<', ticket.id)]),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function recordQueueEvent(
  db: Executor,
  event: { ticketId: number; action: QueueAction; windowId: number | null; actorId: number | null; detail?: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('queue_events')
    .values({ ticket_id: event.ticketId, action: event.action, window_id: event.windowId, actor_id: event.actorId, detail: JSON.stringify(event.detail ?? {}) })
    .execute();
}

/**
 * Tells the hall displays of a centre's region that the queue moved, on the big screen's own
 * LISTEN channel and event stream (supervision/live.ts): sent after the commit, so a call that
 * rolled back is never shown or spoken.
 */
export function announceQueueChange(db: Database, change: { regionCode: string; action: QueueAction; number: string }): void {
  signalCaseEvents(db, [{ caseId: '', action: `queue.${change.action}`, to: change.number, regionCode: change.regionCode }]);
}

/** A key project (重点项目) registered at this centre or in its region: its visitors take the green channel. */
export async function isKeyProjectOf(db: Executor, centreId: number, projectCode: string): Promise<boolean> {
  const row = await db
    .selectFrom('projects')
    .select('projects.id')
    .where('projects.code', '=', projectCode)
    .where('projects.key_project', '=', true)
    .where((eb) =>
      eb.or([
        eb('projects.centre_id', '=', centreId),
        eb('projects.region_code', '=', eb.selectFrom('centres').select('centres.region_code').where('centres.id', '=', centreId)),
      ]),
    )
    .executeTakeFirst();
  return row !== undefined;
}
