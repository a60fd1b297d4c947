import crypto from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database.js';
import { AppError } from '../../http/errors.js';
import type { Actor } from './actor.js';
import * as repo from './repo.js';
import { loadQrCode } from '../../documents/lazy-libs.js';

export const RECOVERY_CODE_COUNT = 10;
const ISSUER = 'onewindow 政务服务';
/** One step back or ahead (±30 s) for clocks that drift. */
const TOLERANCE_SECONDS = 30;

const hashCode = (code: string) => crypto.createHash('sha256').update(code.replace(/[\s-]/g, '').toUpperCase()).digest();

/** Staff roles: everyone but applicants (and the public). */
export const isStaff = (role: string) => role !== 'applicant';

export async function isStaffTwoFactorRequired(db: Executor): Promise<boolean> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'security').executeTakeFirst();
  return (row?.value as { staffTwoFactorRequired?: boolean } | undefined)?.staffTwoFactorRequired === true;
}

export async function setStaffTwoFactorRequired(db: Database, actor: Actor, required: boolean): Promise<void> {
  if (actor.role !== 'admin') throw new AppError('FORBIDDEN', '只有中心管理员可以修改安全设置');
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('settings')
      .values({ key: 'security', value: JSON.stringify({ staffTwoFactorRequired: required }), updated_by: actor.id })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify({ staffTwoFactorRequired: required }), updated_by: actor.id, updated_at: sql`now()` }))
      .execute();
    await repo.writeAudit(trx, { actorId: actor.id, action: 'settings.security', targetType: 'settings', targetId: 'security', detail: { staffTwoFactorRequired: required } });
  });
}

/**
 * Checks a TOTP code against a secret, refusing a time step already used (a code seen over a
 * shoulder or replayed within its 30 s is worth nothing).
 * @returns the accepted time step, or null
 */
export async function checkTotp(secret: string, code: string, lastStep: number | null): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({ secret, token: code, epochTolerance: TOLERANCE_SECONDS, ...(lastStep !== null ? { afterTimeStep: lastStep } : {}) });
  // TOTP results carry the matched time step (HOTP ones do not).
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/** 绑定, step 1: a new secret, kept pending until a code from the app confirms it. */
export async function startEnrolment(db: Database, actor: Actor): Promise<{ secret: string; otpauthUrl: string; qrDataUrl: string }> {
  const secret = generateSecret();
  await db.updateTable('users').set({ totp_pending_secret: secret }).where('id', '=', actor.id).execute();
  const otpauthUrl = generateURI({ issuer: ISSUER, label: actor.username, secret });
  const QRCode = await loadQrCode();
  return { secret, otpauthUrl, qrDataUrl: await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 220 }) };
}

function newRecoveryCodes(): string[] {
  // 10 characters from an alphabet without look-alikes, shown as XXXXX-XXXXX.
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => alphabet[crypto.randomInt(alphabet.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

async function replaceRecoveryCodes(trx: Executor, userId: number): Promise<string[]> {
  const codes = newRecoveryCodes();
  await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await trx.insertInto('recovery_codes').values(codes.map((c) => ({ user_id: userId, code_hash: hashCode(c) }))).execute();
  return codes;
}

/** 绑定, step 2: the first code turns two-factor on; the recovery codes are shown this once. */
export async function confirmEnrolment(db: Database, actor: Actor, code: string): Promise<{ recoveryCodes: string[] }> {
  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select(['totp_pending_secret']).where('id', '=', actor.id).forUpdate().executeTakeFirstOrThrow();
    if (!user.totp_pending_secret) throw new AppError('INVALID_STATE', '请先生成绑定二维码');
    const step = await checkTotp(user.totp_pending_secret, code, null);
    if (step === null) throw new AppError('VALIDATION_FAILED', '验证码不正确', [{ field: 'body.code', message: '验证码不正确' }]);
    await trx
      .updateTable('users')
      .set({ totp_secret: user.totp_pending_secret, totp_pending_secret: null, totp_enabled_at: sql`now()`, totp_last_step: step })
      .where('id', '=', actor.id)
      .execute();
    // Enrolled: a session that was held to enrolment is a full one now.
    await trx.updateTable('sessions').set({ must_enrol: false }).where('user_id', '=', actor.id).execute();
    const recoveryCodes = await replaceRecoveryCodes(trx, actor.id);
    await repo.writeAudit(trx, { actorId: actor.id, action: 'two_factor.enable', targetType: 'user', targetId: String(actor.id) });
    return { recoveryCodes };
  });
}

/**
 * A second factor for a user: a TOTP code, or one unused recovery code (used up by this call).
 * Runs in the caller's transaction.
 */
export async function checkSecondFactor(trx: Executor, userId: number, code: string): Promise<'totp' | 'recovery' | null> {
  const user = await trx.selectFrom('users').select(['totp_secret', 'totp_last_step']).where('id', '=', userId).forUpdate().executeTakeFirstOrThrow();
  if (!user.totp_secret) return null;
  const step = await checkTotp(user.totp_secret, code.trim(), user.totp_last_step);
  if (step !== null) {
    await trx.updateTable('users').set({ totp_last_step: step }).where('id', '=', userId).execute();
    return 'totp';
  }
  const used = await trx
    .updateTable('recovery_codes')
    .set({ used_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hashCode(code))
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return used ? 'recovery' : null;
}

/** New recovery codes (the old ones stop working), confirmed with a current code. */
export async function regenerateRecoveryCodes(db: Database, actor: Actor, code: string): Promise<{ recoveryCodes: string[] }> {
  return db.transaction().execute(async (trx) => {
    if (!(await checkSecondFactor(trx, actor.id, code))) throw new AppError('VALIDATION_FAILED', '验证码不正确', [{ field: 'body.code', message: '验证码不正确' }]);
    const recoveryCodes = await replaceRecoveryCodes(trx, actor.id);
    await repo.writeAudit(trx, { actorId: actor.id, action: 'two_factor.recovery_codes', targetType: 'user', targetId: String(actor.id) });
    return { recoveryCodes };
  });
}

/** 解绑: only with a current code, and not while the centre requires two-factor for staff. */
export async function disableTwoFactor(db: Database, actor: Actor, code: string): Promise<void> {
  if (isStaff(actor.role) && (await isStaffTwoFactorRequired(db))) throw new AppError('FORBIDDEN', '本中心要求工作人员使用双因素认证，不能解绑');
  await db.transaction().execute(async (trx) => {
    if (!(await checkSecondFactor(trx, actor.id, code))) throw new AppError('VALIDATION_FAILED', '验证码不正确', [{ field: 'body.code', message: '验证码不正确' }]);
    await trx.updateTable('users').set({ totp_secret: null, totp_pending_secret: null, totp_enabled_at: null, totp_last_step: null }).where('id', '=', actor.id).execute();
    await trx.deleteFrom('recovery_codes').where('user_id', '=', actor.id).execute();
    await repo.writeAudit(trx, { actorId: actor.id, action: 'two_factor.disable', targetType: 'user', targetId: String(actor.id) });
  });
}

export async function securityStatus(db: Database, actor: Actor) {
  const user = await db.selectFrom('users').select(['totp_enabled_at', 'password_changed_at']).where('id', '=', actor.id).executeTakeFirstOrThrow();
  const { n } = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', actor.id)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    twoFactorEnabled: user.totp_enabled_at !== null,
    twoFactorEnabledAt: user.totp_enabled_at?.toISOString() ?? null,
    recoveryCodesLeft: n,
    passwordChangedAt: user.password_changed_at?.toISOString() ?? null,
    staffTwoFactorRequired: await isStaffTwoFactorRequired(db),
  };
}
