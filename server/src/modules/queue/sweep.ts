import type { Database } from '../../db/database.js';
import { chinaDate } from '../../util/china-time.js';
import { sweepAppointments } from '../appointments/service.js';

/** Tickets still open when their day is over were abandoned (the hall has closed). */
export async function abandonStaleTickets(db: Database, today = chinaDate()): Promise<number> {
  const rows = await db.transaction().execute(async (trx) => {
    const stale = await trx.updateTable('queue_tickets').set({ status: 'abandoned' }).where('status', 'in', ['waiting', 'called']).where('day', '<', today).returning('id').execute();
    if (stale.length) await trx.insertInto('queue_events').values(stale.map((t) => ({ ticket_id: t.id, action: 'abandon' as const, window_id: null, actor_id: null, detail: '{}' }))).execute();
    return stale.length;
  });
  return rows;
}

/** The hall's minute timer: booking reminders and no-shows, and yesterday's open tickets. */
export function startHallSweep(db: Database, onError: (error: unknown) => void, intervalMs = 60_000): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(async () => {
      await sweepAppointments(db);
      await abandonStaleTickets(db);
    }).catch(onError);
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
