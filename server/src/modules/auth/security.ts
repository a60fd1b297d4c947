import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { AppError, validationFailed } from '../../http/errors.js';
import type { Actor } from './actor.js';
import { hashPassword, verifyPassword } from './password.js';
import * as repo from './repo.js';
import { hashToken } from './service.js';

/** Passwords a change may not go back to. */
export const PASSWORD_HISTORY = 5;
export const MIN_PASSWORD_LENGTH = 12;

/**
 * 口令复杂度 (GB/T 22239-2019 8.1.4.1): at least 12 characters from at least three of the four
 * classes (upper case, lower case, digits, symbols), not containing the username.
 * @returns what is wrong, or null
 */
export function passwordPolicyProblem(password: string, username: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `密码至少 ${MIN_PASSWORD_LENGTH} 位`;
  const classes = [/[A-Z]/, /[a-z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return '密码须包含大写字母、小写字母、数字、符号中的至少三类';
  if (password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名';
  return null;
}

/**
 * 修改密码: checks the current password, the policy and the last five; then, in one transaction,
 * stores it, keeps the old one in the history and ends every other session of the user.
 * @returns how many other sessions were ended
 */
export async function changePassword(
  db: Database,
  actor: Actor,
  input: { currentPassword: string; newPassword: string; currentToken: string },
): Promise<{ endedSessions: number }> {
  const user = await db.selectFrom('users').select(['password_hash']).where('id', '=', actor.id).executeTakeFirstOrThrow();
  if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
    throw validationFailed('body.currentPassword', '当前密码不正确');
  }
  const problem = passwordPolicyProblem(input.newPassword, actor.username);
  if (problem) throw validationFailed('body.newPassword', problem);
  const history = await db
    .selectFrom('password_history')
    .select('password_hash')
    .where('user_id', '=', actor.id)
    .orderBy('changed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(PASSWORD_HISTORY - 1)
    .execute();
  for (const old of [user.password_hash, ...history.map((h) => h.password_hash)]) {
    if (await verifyPassword(input.newPassword, old)) throw validationFailed('body.newPassword', `不能与最近 ${PASSWORD_HISTORY} 次使用过的密码相同`);
  }
  const newHash = await hashPassword(input.newPassword);
  return db.transaction().execute(async (trx) => {
    await trx.insertInto('password_history').values({ user_id: actor.id, password_hash: user.password_hash }).execute();
    // Only the last few are kept: older hashes are no use and still something to leak.
    await sql`DELETE FROM password_history WHERE user_id = ${actor.id} AND id NOT IN (
      SELECT id FROM password_history WHERE user_id = ${actor.id} ORDER BY changed_at DESC, id DESC LIMIT ${PASSWORD_HISTORY - 1})`.execute(trx);
    await trx.updateTable('users').set({ password_hash: newHash, password_changed_at: sql`now()` }).where('id', '=', actor.id).execute();
    const ended = await trx
      .deleteFrom('sessions')
      .where('user_id', '=', actor.id)
      .where('token_hash', '!=', hashToken(input.currentToken))
      .executeTakeFirst();
    await repo.writeAudit(trx, { actorId: actor.id, action: 'password.change', targetType: 'user', targetId: String(actor.id), detail: { endedSessions: Number(ended.numDeletedRows) } });
    return { endedSessions: Number(ended.numDeletedRows) };
  });
}

export async function listSessions(db: Database, actor: Actor, currentToken: string) {
  const current = hashToken(currentToken);
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'token_hash', 'created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent'])
    .where('user_id', '=', actor.id)
    .where('expires_at', '>', sql<Date>`now()`)
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    ip: r.ip,
    userAgent: r.user_agent,
    current: r.token_hash.equals(current),
  }));
}

/** 下线: ends one of the caller's own sessions (another person's is simply not found). */
export async function revokeSession(db: Database, actor: Actor, sessionId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('sessions').where('id', '=', sessionId).where('user_id', '=', actor.id).executeTakeFirst();
    if (gone.numDeletedRows === 0n) throw new AppError('NOT_FOUND', '会话不存在');
    await repo.writeAudit(trx, { actorId: actor.id, action: 'session.revoke', targetType: 'session', targetId: String(sessionId) });
  });
}
