import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { AppError, validationFailed } from '../../http/errors.js';
import { isValidCreditCode, isValidResidentId } from '../../util/identity.js';
import { toActor, type Actor } from './actor.js';
import { hashPassword } from './password.js';
import * as repo from './repo.js';

/** How long an SMS code stays valid, and how many wrong codes end the request. */
export const CODE_MINUTES = 10;
export const MAX_CODE_ATTEMPTS = 5;

/** The one answer to every registration request, whatever the ID number's history. */
export const REGISTRATION_SENT = '验证码已发送。新注册的，发送至您填写的手机号；该证件号码已有记录的，发送至登记在案的手机号。请在 10 分钟内输入。';
const CODE_REFUSED = '验证码错误或已过期';

export interface RegistrationInput {
  username: string;
  password: string;
  kind: 'natural' | 'legal';
  name: string;
  identityNumber: string;
  phone: string;
}

function codeHash(requestId: string, code: string): Buffer {
  return crypto.createHash('sha256').update(`${requestId}:${code}`).digest();
}

/**
 * 注册, step 1. The answer never says whether the ID number has an account or has been to a
 * window (both would be an oracle for anyone holding a list of ID numbers); the SMS does:
 * - a number nobody holds: a code to the phone just given, which opens a new account;
 * - a walk-in applicant's number: a code to the phone on file, which opens the online account of
 *   that applicant (their window cases come with it), so only the person with that phone can;
 * - a number with an account: a notice to the phone on file naming the account, and no code.
 */
export async function startRegistration(db: Database, input: RegistrationInput): Promise<{ registrationId: string }> {
  const identityNumber = input.identityNumber.trim().toUpperCase();
  const valid = input.kind === 'natural' ? isValidResidentId(identityNumber) : isValidCreditCode(identityNumber);
  if (!valid) {
    throw validationFailed('body.identityNumber', input.kind === 'natural' ? '居民身份证号校验位不正确' : '统一社会信用代码校验位不正确');
  }
  // Hashed on every path so the answer takes as long whatever the number's history.
  const passwordHash = await hashPassword(input.password);
  const registrationId = crypto.randomUUID();
  const code = crypto.randomInt(0, 1_000_000).toString().padStart(6, '0');
  await db.transaction().execute(async (trx) => {
    if (await repo.usernameTaken(trx, input.username)) {
      throw new AppError('CONFLICT', '该用户名已被使用', [{ field: 'body.username', message: '已被使用' }]);
    }
    const existing = await repo.findApplicantByIdentity(trx, identityNumber);
    const kind = !existing ? 'new' : existing.password_hash.startsWith('!') ? 'claim' : 'taken';
    await trx
      .insertInto('registration_requests')
      .values({
        id: registrationId,
        kind,
        existing_user_id: existing?.id ?? null,
        username: input.username,
        password_hash: passwordHash,
        display_name: input.name.trim(),
        applicant_kind: input.kind,
        identity_number: identityNumber,
        phone: input.phone,
        code_hash: kind === 'taken' ? null : codeHash(registrationId, code),
        expires_at: sql<Date>`now() + make_interval(mins => ${CODE_MINUTES})`,
      })
      .execute();
    const sms =
      kind === 'new'
        ? { phone: input.phone, userId: null, body: `您正在注册梅河口市政务服务网上账户，验证码 ${code}，${CODE_MINUTES} 分钟内有效。如非本人操作请忽略。` }
        : kind === 'claim'
          ? { phone: null, userId: existing!.id, body: `您的证件曾在政务服务窗口办理业务。验证码 ${code}（${CODE_MINUTES} 分钟内有效）可开通网上账户，开通后可在网上查看窗口办件。如非本人操作请勿告知他人。` }
          : { phone: null, userId: existing!.id, body: `有人使用您的证件号码申请注册网上账户。该证件已有网上账户（用户名 ${existing!.username}），请直接登录；忘记密码请到窗口办理。如非本人操作请忽略。` };
    await repo.enqueueSms(trx, { ...sms, template: `register_${kind}`, title: '注册验证' });
  });
  return { registrationId };
}

/**
 * 注册, step 2: the code from the SMS opens the account (a new one, or the walk-in applicant's).
 * Every failure answers the same, and a request dies after a few wrong codes.
 */
export async function confirmRegistration(db: Database, input: { registrationId: string; code: string }): Promise<Actor> {
  const refused = () => new AppError('VALIDATION_FAILED', CODE_REFUSED, [{ field: 'body.code', message: CODE_REFUSED }]);
  // A wrong code commits its count, so the transaction answers null instead of throwing.
  const actor = await db.transaction().execute(async (trx): Promise<Actor | null> => {
    const request = await trx
      .selectFrom('registration_requests')
      .selectAll()
      .where('id', '=', input.registrationId)
      .where('consumed_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .where('attempts', '<', MAX_CODE_ATTEMPTS)
      .forUpdate()
      .executeTakeFirst();
    if (!request) return null;
    const expected = request.code_hash;
    const given = codeHash(request.id, input.code);
    if (!expected || !crypto.timingSafeEqual(expected, given)) {
      await trx.updateTable('registration_requests').set({ attempts: sql`attempts + 1` }).where('id', '=', request.id).execute();
      return null;
    }
    await trx.updateTable('registration_requests').set({ consumed_at: sql`now()` }).where('id', '=', request.id).execute();
    if (await repo.usernameTaken(trx, request.username)) {
      throw new AppError('CONFLICT', '该用户名已被使用，请重新注册', [{ field: 'body.username', message: '已被使用' }]);
    }
    if (request.kind === 'claim') {
      // The walk-in record keeps its name and phone on file: only the sign-in is added.
      const row = await trx
        .updateTable('users')
        .set({ username: request.username, password_hash: request.password_hash })
        .where('id', '=', request.existing_user_id!)
        .where('password_hash', 'like', '!%')
        .returningAll()
        .executeTakeFirst();
      if (!row) throw refused();
      await repo.writeAudit(trx, { actorId: row.id, action: 'register.claim', targetType: 'user', targetId: String(row.id) });
      return toActor(row);
    }
    // A number registered by someone else since step 1 is not taken over.
    if (await repo.findApplicantByIdentity(trx, request.identity_number)) throw refused();
    const row = await trx
      .insertInto('users')
      .values({
        username: request.username,
        password_hash: request.password_hash,
        display_name: request.display_name,
        role: 'applicant',
        applicant_kind: request.applicant_kind,
        identity_number: request.identity_number,
        phone: request.phone,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await repo.writeAudit(trx, { actorId: row.id, action: 'register', targetType: 'user', targetId: String(row.id) });
    return toActor(row);
  });
  if (!actor) throw refused();
  return actor;
}
