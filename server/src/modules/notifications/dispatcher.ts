import type { Database } from '../../db/database.js';
import * as repo from './repo.js';
import type { MessageSender } from './sender.js';

const BATCH = 50;

/**
 * Sends what the outbox holds. Each claim runs in a transaction holding the row locks, so a row
 * is sent by one process; a failed send is retried later with back-off.
 * @returns how many messages were sent
 */
export async function dispatchOutbox(db: Database, sender: MessageSender): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const due = await repo.claimDue(trx, BATCH);
    let sent = 0;
    for (const row of due) {
      if (!row.phone) {
        await repo.markFailed(trx, row.id, row.attempts, 'no phone number on file');
        continue;
      }
      try {
        const payload = row.payload as { title: string; body: string };
        await sender.send({ channel: row.channel, to: row.phone, template: row.template, title: payload.title, body: payload.body });
        await repo.markSent(trx, row.id);
        sent++;
      } catch (error) {
        await repo.markFailed(trx, row.id, row.attempts, error instanceof Error ? error.message : String(error));
      }
    }
    return sent;
  });
}

/** Runs the dispatcher every `intervalMs` until stopped; errors are logged, never fatal. */
export function startOutboxDispatcher(
  db: Database,
  sender: MessageSender,
  onError: (error: unknown) => void,
  intervalMs = 2000,
): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => dispatchOutbox(db, sender)).catch(onError);
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
