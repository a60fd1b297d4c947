import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database.js';
import { fixedQuery } from '../../db/prepared.js';

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
    .select([...actorColumns, 'users.password_hash', 'users.disabled', 'users.totp_secret'])
    .where('username', '=', username)
    .executeTakeFirst();
}

/**
 * Counts a login attempt for the username before its password is checked, atomically: under a
 * per-username transaction lock it counts the recent failures and, below the limit, writes this
 * attempt as one (a success removes it again). Concurrent guesses queue on the lock, so a burst
 * of any size gets at most `max` passwords checked.
 * @returns the attempt's id, or null when the username is paused
 */
export async function admitAttempt(db: Database, username: string, max: number, windowMinutes: number): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`login:${username}`}::text, 0))`.execute(trx);
    const { n } = await trx
      .selectFrom('login_failures')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('username', '=', username)
      .where('at', '>', sql<Date>`now() - make_interval(mins => ${windowMinutes})`)
      .executeTakeFirstOrThrow();
    if (n >= max) return null;
    const row = await trx.insertInto('login_failures').values({ username }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  });
}

/** After a successful login: the failures counted so far (this attempt's included) no longer count. */
export async function clearFailures(db: Executor, username: string, upToId: number): Promise<void> {
  await db.deleteFrom('login_failures').where('username', '=', username).where('id', '<=', upToId).execute();
}

export async function usernameTaken(db: Executor, username: string): Promise<boolean> {
  return !!(await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst());
}

export function findApplicantByIdentity(db: Executor, identityNumber: string) {
  return db
    .selectFrom('users')
    .select(['id', 'username', 'password_hash'])
    .where('role', '=', 'applicant')
    .where('identity_number', '=', identityNumber)
    .executeTakeFirst();
}

/** One SMS into the notifications outbox: to a user's phone on file, or to a number no user holds yet. */
export async function enqueueSms(
  db: Executor,
  sms: { userId: number | null; phone: string | null; template: string; title: string; body: string },
): Promise<void> {
  await db
    .insertInto('outbox')
    .values({ channel: 'sms', user_id: sms.userId, phone: sms.phone, template: sms.template, payload: JSON.stringify({ title: sms.title, body: sms.body }) })
    .execute();
}

export async function insertSession(
  db: Executor,
  tokenHash: Buffer,
  userId: number,
  expiresAt: Date,
  extra: { ip?: string | null; userAgent?: string | null; mustEnrol?: boolean; actingPersonId?: number | null } = {},
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      token_hash: tokenHash,
      user_id: userId,
      expires_at: expiresAt,
      ip: extra.ip ?? null,
      // Only what identifies the browser to its owner; bounded so a header cannot bloat the table.
      user_agent: extra.userAgent?.slice(0, 200) ?? null,
      must_enrol: extra.mustEnrol ?? false,
      acting_person_id: extra.actingPersonId ?? null,
    })
    .execute();
}

/** The session's user if the session is alive: not past its absolute end, not idle too long. */
export async function findSessionActor(db: Executor, tokenHash: Buffer, idleMinutes: number) {
  return (await sessionActorQuery(db, tokenHash, idleMinutes))[0];
}

// Every authenticated request runs this: compiled once, a named statement (db/prepared.ts).
const sessionActorQuery = fixedQuery('session_actor', (db: Executor, tokenHash: Buffer, idleMinutes: number) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    // The person acting for an enterprise must still be one of its members: a removed 经办人's
    // session ends with the membership, even if a session row were left behind.
    .leftJoin('enterprise_members as member', (join) =>
      join
        .onRef('member.person_id', '=', 'sessions.acting_person_id')
        .onRef('member.enterprise_id', '=', 'sessions.user_id')
        .on('member.removed_at', 'is', null),
    )
    .leftJoin('users as person', 'person.id', 'member.person_id')
    .select([
      ...actorColumns,
      'sessions.last_seen_at',
      'sessions.must_enrol',
      'sessions.acting_person_id',
      'member.role as acting_role',
      'person.display_name as acting_name',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', sql<Date>`now()`)
    .where('sessions.last_seen_at', '>', sql<Date>`now() - make_interval(mins => ${idleMinutes})`)
    .where('users.disabled', '=', false),
);

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

/** The enterprise's 法定代表人 on record, who acts when the enterprise account signs in with its password. */
export async function findLegalRepresentative(db: Executor, enterpriseId: number): Promise<{ id: number; name: string; role: 'legal_rep' } | null> {
  const row = await db
    .selectFrom('enterprise_members')
    .innerJoin('users', 'users.id', 'enterprise_members.person_id')
    .select(['users.id', 'users.display_name'])
    .where('enterprise_members.enterprise_id', '=', enterpriseId)
    .where('enterprise_members.role', '=', 'legal_rep')
    .where('enterprise_members.removed_at', 'is', null)
    .executeTakeFirst();
  return row ? { id: row.id, name: row.display_name, role: 'legal_rep' } : null;
}
