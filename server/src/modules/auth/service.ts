import crypto from 'node:crypto';
import type { Database } from '../../db/database.js';
import { AppError, validationFailed } from '../../http/errors.js';
import { toActor, type Actor } from './actor.js';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password.js';
import { isValidCreditCode, isValidResidentId } from '../../util/identity.js';
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
  const failures = await repo.countRecentFailures(db, username, FAILURE_WINDOW_MINUTES);
  if (failures >= MAX_FAILURES) {
    throw new AppError('RATE_LIMITED', `登录失败次数过多，请 ${FAILURE_WINDOW_MINUTES} 分钟后再试`);
  }
  const user = await repo.findUserForLogin(db, username);
  const ok = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok || user.disabled) {
    await repo.recordFailure(db, username);
    throw new AppError('INVALID_CREDENTIALS', '用户名或密码错误');
  }
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + settings.maxHours * 3_600_000);
  await db.transaction().execute(async (trx) => {
    await repo.clearFailures(trx, username);
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

/**
 * 注册: a citizen (居民身份证号, GB 11643 check digit) or an enterprise (统一社会信用代码, GB 32100
 * check character) opens an applicant account. Knowing an ID number proves nothing, so a number
 * already on file (an account, or cases handled at the window) is never taken over online: the
 * person opens that account at the window, with the original document.
 */
export async function registerApplicant(
  db: Database,
  input: { username: string; password: string; kind: 'natural' | 'legal'; name: string; identityNumber: string; phone: string },
): Promise<Actor> {
  const identityNumber = input.identityNumber.trim().toUpperCase();
  const valid = input.kind === 'natural' ? isValidResidentId(identityNumber) : isValidCreditCode(identityNumber);
  if (!valid) {
    throw validationFailed('body.identityNumber', input.kind === 'natural' ? '居民身份证号校验位不正确' : '统一社会信用代码校验位不正确');
  }
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
    if (taken) throw new AppError('CONFLICT', '该用户名已被使用', [{ field: 'body.username', message: '已被使用' }]);
    const existing = await trx
      .selectFrom('users')
      .select(['id', 'password_hash'])
      .where('role', '=', 'applicant')
      .where('identity_number', '=', identityNumber)
      .executeTakeFirst();
    if (existing) {
      const atWindow = existing.password_hash.startsWith('!');
      throw new AppError(
        'CONFLICT',
        atWindow ? '该证件号码已在窗口办理过业务，请携带证件原件到窗口开通网上账户' : '该证件号码已注册，请直接登录',
        [{ field: 'body.identityNumber', message: '已有记录' }],
      );
    }
    const values = {
      username: input.username,
      password_hash: passwordHash,
      display_name: input.name.trim(),
      role: 'applicant' as const,
      applicant_kind: input.kind,
      identity_number: identityNumber,
      phone: input.phone,
    };
    const row = await trx.insertInto('users').values(values).returningAll().executeTakeFirstOrThrow();
    await repo.writeAudit(trx, { actorId: row.id, action: 'register', targetType: 'user', targetId: String(row.id) });
    return toActor(row);
  });
}
