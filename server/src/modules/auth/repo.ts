import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';

const actorColumns = [
  'users.id',
  'users.username',
  'users.display_name',
  'users.role',
  'users.applicant_kind',
  'users.centre_id',
  'users.department_id',
  'users.window_id',
  'users.region_code',
] as const;

export function findUserForLogin(db: Executor, username: string) {
  return db
    .selectFrom('users')
    .select([...actorColumns, 'users.password_hash', 'users.disabled'])
    .where('username', '=', username)
    .executeTakeFirst();
}

export function countRecentFailures(db: Executor, username: string, windowMinutes: number) {
  return db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('username', '=', username)
    .where('at', '>', sql<Date>`now() - make_interval(mins => ${windowMinutes})`)
    .executeTakeFirstOrThrow()
    .then((r) => r.n);
}

export async function recordFailure(db: Executor, username: string): Promise<void> {
  await db.insertInto('login_failures').values({ username }).execute();
}

export async function clearFailures(db: Executor, username: string): Promise<void> {
  await db.deleteFrom('login_failures').where('username', '=', username).execute();
}

export async function insertSession(db: Executor, tokenHash: Buffer, userId: number, expiresAt: Date): Promise<void> {
  await db.insertInto('sessions').values({ token_hash: tokenHash, user_id: userId, expires_at: expiresAt }).execute();
}

/** The session's user if the session is alive: not past its absolute end, not idle too long. */
export function findSessionActor(db: Executor, tokenHash: Buffer, idleMinutes: number) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([...actorColumns, 'sessions.last_seen_at'])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', sql<Date>`now()`)
    .where('sessions.last_seen_at', '>', sql<Date>`now() - make_interval(mins => ${idleMinutes})`)
    .where('users.disabled', '=', false)
    .executeTakeFirst();
}

export async function touchSession(db: Executor, tokenHash: Buffer): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: sql`now()` }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Executor, tokenHash: Buffer): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function writeAudit(
  db: Executor,
  event: { actorId: number | null; action: string; targetType?: string; targetId?: string; detail?: object },
): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      actor_id: event.actorId,
      action: event.action,
      target_type: event.targetType ?? null,
      target_id: event.targetId ?? null,
      detail: JSON.stringify(event.detail ?? {}),
    })
    .execute();
}
