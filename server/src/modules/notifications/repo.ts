import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';

/** In-app notice plus an SMS in the outbox, both inside the caller's transaction. */
export async function enqueueNotification(
  db: Executor,
  notice: { userId: number; caseId: string | null; kind: string; title: string; body: string; sms: boolean },
): Promise<void> {
  await db
    .insertInto('notifications')
    .values({ user_id: notice.userId, case_id: notice.caseId, kind: notice.kind, title: notice.title, body: notice.body })
    .execute();
  if (notice.sms) {
    await db
      .insertInto('outbox')
      .values({
        channel: 'sms',
        user_id: notice.userId,
        template: notice.kind,
        payload: JSON.stringify({ title: notice.title, body: notice.body, caseId: notice.caseId }),
      })
      .execute();
  }
}

export function listForUser(db: Executor, userId: number, limit: number) {
  return db
    .selectFrom('notifications')
    .select(['id', 'case_id', 'kind', 'title', 'body', 'created_at', 'read_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export function countUnread(db: Executor, userId: number) {
  return db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow()
    .then((r) => r.n);
}

export async function markRead(db: Executor, userId: number, id: number): Promise<boolean> {
  const result = await db
    .updateTable('notifications')
    .set({ read_at: sql`coalesce(read_at, now())` })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Claims up to `limit` due outbox rows. SKIP LOCKED lets several server processes dispatch at
 * once without sending anything twice.
 */
export function claimDue(db: Executor, limit: number) {
  return db
    .selectFrom('outbox')
    .leftJoin('users', 'users.id', 'outbox.user_id')
    // A row may name its number itself (a registration's code, before any account exists).
    .select(['outbox.id', 'outbox.channel', 'outbox.template', 'outbox.payload', 'outbox.attempts', sql<string | null>`coalesce(outbox.phone, users.phone)`.as('phone')])
    .where('outbox.sent_at', 'is', null)
    .where('outbox.next_attempt_at', '<=', sql<Date>`now()`)
    .orderBy('outbox.id')
    .limit(limit)
    .forUpdate('outbox')
    .skipLocked()
    .execute();
}

export async function markSent(db: Executor, id: number): Promise<void> {
  await db.updateTable('outbox').set({ sent_at: sql`now()`, attempts: sql`attempts + 1` }).where('id', '=', id).execute();
}

/** Retries back off: 1, 2, 4 … minutes, capped at an hour. */
export async function markFailed(db: Executor, id: number, attempts: number, error: string): Promise<void> {
  const minutes = Math.min(60, 2 ** attempts);
  await db
    .updateTable('outbox')
    .set({
      attempts: attempts + 1,
      last_error: error.slice(0, 500),
      next_attempt_at: sql`now() + make_interval(mins => ${minutes})`,
    })
    .where('id', '=', id)
    .execute();
}
