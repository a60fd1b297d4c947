import crypto from 'node:crypto';
import type { Database } from '../../db/database.js';
import { AppError } from '../../http/errors.js';
import { toActor, type Actor } from './actor.js';
import { DUMMY_HASH, verifyPassword } from './password.js';
import * as repo from './repo.js';

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

/**
 * Checks the password and opens a session. Unknown users and wrong passwords answer the same
 * error after the same work, so neither timing nor message tells which usernames exist.
 */
export async function login(
  db: Database,
  input: { username: string; password: string },
  settings: SessionSettings,
): Promise<{ token: string; actor: Actor; expiresAt: Date }> {
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
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + settings.maxHours * 3_600_000);
  await db.transaction().execute(async (trx) => {
    await repo.clearFailures(trx, username, attempt);
    await repo.insertSession(trx, hashToken(token), user.id, expiresAt);
    await repo.writeAudit(trx, { actorId: user.id, action: 'login' });
  });
  return { token, actor: toActor(user), expiresAt };
}

export async function resolveSession(db: Database, token: string, settings: SessionSettings): Promise<Actor | null> {
  const tokenHash = hashToken(token);
  const row = await repo.findSessionActor(db, tokenHash, settings.idleMinutes);
  if (!row) return null;
  if (Date.now() - row.last_seen_at.getTime() > TOUCH_AFTER_MS) await repo.touchSession(db, tokenHash);
  return toActor(row);
}

export async function logout(db: Database, token: string): Promise<void> {
  await repo.deleteSession(db, hashToken(token));
}
