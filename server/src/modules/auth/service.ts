import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database.js';
import { AppError } from '../../http/errors.js';
import { toActor, type Actor } from './actor.js';
import { DUMMY_HASH, verifyPassword } from './password.js';
import * as repo from './repo.js';
import { checkSecondFactor, isStaff, isStaffTwoFactorRequired } from './two-factor.js';

/** Failed attempts per username inside the window before the account is paused. */
export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MINUTES = 15;
/** Do not write `last_seen_at` on every request: once a minute is enough for a 30-minute idle timeout. */
const TOUCH_AFTER_MS = 60_000;

export interface SessionSettings {
  idleMinutes: number;
  maxHours: number;
}

export function hashToken(token: string): Buffer {
  return crypto.createHash('sha256').update(token).digest();
}

/** Where a login comes from, kept on the session so its owner can recognise it in the list. */
export interface LoginOrigin {
  ip?: string | null;
  userAgent?: string | null;
}

export type LoginResult =
  | { kind: 'session'; token: string; actor: Actor; expiresAt: Date; mustEnrolTwoFactor: boolean }
  /** The password was right; the second factor decides (completeSecondFactor). */
  | { kind: 'second_factor'; challenge: string };

const CHALLENGE_MINUTES = 5;
const CHALLENGE_ATTEMPTS = 5;

async function openSession(
  trx: Executor,
  user: Parameters<typeof toActor>[0],
  settings: SessionSettings,
  origin: LoginOrigin,
  mustEnrol: boolean,
): Promise<Extract<LoginResult, { kind: 'session' }>> {
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + settings.maxHours * 3_600_000);
  await repo.insertSession(trx, hashToken(token), user.id, expiresAt, { ...origin, mustEnrol });
  return { kind: 'session', token, actor: toActor(user), expiresAt, mustEnrolTwoFactor: mustEnrol };
}

/**
 * Checks the password and opens a session. Unknown users and wrong passwords answer the same
 * error after the same work, so neither timing nor message tells which usernames exist.
 * A user with two-factor on gets a challenge instead of a session; a staff member without it,
 * where the centre requires it, gets a session that only reaches the enrolment pages.
 */
export async function login(
  db: Database,
  input: { username: string; password: string },
  settings: SessionSettings,
  origin: LoginOrigin = {},
): Promise<LoginResult> {
  const username = input.username.trim();
  // Counted before the password is checked, so parallel guesses cannot all pass one stale count.
  const attempt = await repo.admitAttempt(db, username, MAX_FAILURES, FAILURE_WINDOW_MINUTES);
  if (attempt === null) {
    throw new AppError('RATE_LIMITED', `登录失败次数过多，请 ${FAILURE_WINDOW_MINUTES} 分钟后再试`);
  }
  const user = await repo.findUserForLogin(db, username);
  const ok = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok || user.disabled) {
    throw new AppError('INVALID_CREDENTIALS', '用户名或密码错误');
  }
  if (user.totp_secret) {
    // The password's attempt stays counted until the second factor succeeds.
    const challenge = crypto.randomBytes(32).toString('base64url');
    await db
      .insertInto('login_challenges')
      .values({ token_hash: hashToken(challenge), user_id: user.id, expires_at: sql<Date>`now() + make_interval(mins => ${CHALLENGE_MINUTES})` })
      .execute();
    return { kind: 'second_factor', challenge };
  }
  const mustEnrol = isStaff(user.role) && (await isStaffTwoFactorRequired(db));
  return db.transaction().execute(async (trx) => {
    await repo.clearFailures(trx, username, attempt);
    await repo.writeAudit(trx, { actorId: user.id, action: 'login', detail: { ip: origin.ip ?? null, secondFactor: null, mustEnrol } });
    return openSession(trx, user, settings, origin, mustEnrol);
  });
}

/**
 * 双因素认证, the login's second step: the challenge from the password step and a TOTP code or a
 * recovery code. Wrong codes count against the username like wrong passwords.
 */
export async function completeSecondFactor(
  db: Database,
  input: { challenge: string; code: string },
  settings: SessionSettings,
  origin: LoginOrigin = {},
): Promise<Extract<LoginResult, { kind: 'session' }>> {
  const refused = () => new AppError('INVALID_CREDENTIALS', '验证码错误或已过期，请重新登录');
  const challengeHash = hashToken(input.challenge);
  const found = await db
    .selectFrom('login_challenges')
    .innerJoin('users', 'users.id', 'login_challenges.user_id')
    .select(['users.username'])
    .where('login_challenges.token_hash', '=', challengeHash)
    .executeTakeFirst();
  if (!found) throw refused();
  const attempt = await repo.admitAttempt(db, found.username, MAX_FAILURES, FAILURE_WINDOW_MINUTES);
  if (attempt === null) throw new AppError('RATE_LIMITED', `登录失败次数过多，请 ${FAILURE_WINDOW_MINUTES} 分钟后再试`);
  const result = await db.transaction().execute(async (trx) => {
    const challenge = await trx
      .updateTable('login_challenges')
      .set({ attempts: sql`attempts + 1` })
      .where('token_hash', '=', challengeHash)
      .where('expires_at', '>', sql<Date>`now()`)
      .where('attempts', '<', CHALLENGE_ATTEMPTS)
      .returning('user_id')
      .executeTakeFirst();
    if (!challenge) return null;
    const factor = await checkSecondFactor(trx, challenge.user_id, input.code);
    if (!factor) return null;
    await trx.deleteFrom('login_challenges').where('token_hash', '=', challengeHash).execute();
    const user = await repo.findUserForLogin(trx, found.username);
    if (!user || user.disabled) return null;
    await repo.clearFailures(trx, found.username, attempt);
    await repo.writeAudit(trx, { actorId: user.id, action: 'login', detail: { ip: origin.ip ?? null, secondFactor: factor } });
    return openSession(trx, user, settings, origin, false);
  });
  if (!result) throw refused();
  return result;
}

export async function resolveSession(
  db: Database,
  token: string,
  settings: SessionSettings,
): Promise<(Actor & { mustEnrolTwoFactor: boolean }) | null> {
  const tokenHash = hashToken(token);
  const row = await repo.findSessionActor(db, tokenHash, settings.idleMinutes);
  if (!row) return null;
  if (Date.now() - row.last_seen_at.getTime() > TOUCH_AFTER_MS) await repo.touchSession(db, tokenHash);
  return { ...toActor(row), mustEnrolTwoFactor: row.must_enrol };
}

export async function logout(db: Database, token: string): Promise<void> {
  await repo.deleteSession(db, hashToken(token));
}
