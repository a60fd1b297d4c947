import crypto from 'node:crypto';
import { z } from 'zod';
import type { Database, Executor } from '../../db/database.js';
import type { ApplicantKind } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { isValidCreditCode, isValidResidentId } from '../../util/identity.js';
import { openSession, type LoginOrigin, type SessionSettings } from '../auth/service.js';
import { writeAudit } from '../auth/repo.js';
import * as enterprises from '../enterprise/repo.js';
import * as repo from './repo.js';

/**
 * The real-name attributes a 统一身份认证 login must carry: the person (name, 居民身份证号, phone)
 * and, for a 法人 login, the enterprise (统一社会信用代码, name, 法定代表人 and their ID number).
 */
export const ZRealNameClaims = z.object({
  sub: z.string().min(1).max(255),
  name: z.string().trim().min(1).max(100),
  id_number: z.string().trim().toUpperCase().refine(isValidResidentId, '身份证号无效'),
  phone_number: z
    .string()
    .transform((p) => p.replace(/^\+86/, '').replace(/\D/g, ''))
    .pipe(z.string().regex(/^1[3-9]\d{9}$/))
    .optional()
    .catch(undefined),
  user_type: z.enum(['natural', 'legal']).optional(),
  credit_code: z.string().trim().toUpperCase().refine(isValidCreditCode, '统一社会信用代码无效').optional(),
  org_name: z.string().trim().min(1).max(200).optional(),
  legal_rep_name: z.string().trim().max(100).optional(),
  legal_rep_id_number: z.string().trim().toUpperCase().optional(),
});
export type TRealNameClaims = z.infer<typeof ZRealNameClaims>;

/** Why a login through the provider could not open a session: shown on the login page. */
export class SignInRefused extends AppError {}

const newUsername = () => `sso_${crypto.randomBytes(5).toString('hex')}`;

/**
 * The person behind the login: found by 居民身份证号 (a registered or walk-in applicant is linked,
 * not duplicated) or created; the name and phone the provider has verified replace those on file.
 */
async function findOrCreatePerson(trx: Executor, issuer: string, claims: TRealNameClaims) {
  let person = await repo.findApplicant(trx, 'natural', claims.id_number);
  if (person?.disabled) throw new SignInRefused('FORBIDDEN', '该账户已停用，请联系政务服务中心');
  if (!person) {
    person = await repo.createApplicant(trx, { username: newUsername(), kind: 'natural', name: claims.name, identityNumber: claims.id_number, phone: claims.phone_number ?? null });
    await writeAudit(trx, { actorId: person.id, action: 'sso.account_created', targetType: 'user', targetId: String(person.id), detail: { issuer, kind: 'natural' } });
  } else {
    const changes = {
      ...(person.display_name !== claims.name && { display_name: claims.name }),
      ...(claims.phone_number && person.phone !== claims.phone_number && { phone: claims.phone_number }),
    };
    if (Object.keys(changes).length > 0) {
      await repo.updateApplicantContact(trx, person.id, changes);
      person = { ...person, ...changes };
      await writeAudit(trx, { actorId: person.id, action: 'sso.contact_updated', targetType: 'user', targetId: String(person.id), detail: { fields: Object.keys(changes) } });
    }
  }
  if ((await repo.recordIdentity(trx, issuer, claims.sub, person.id)) === 'linked') {
    await writeAudit(trx, { actorId: person.id, action: 'sso.linked', targetType: 'user', targetId: String(person.id), detail: { issuer } });
  }
  return person;
}

/** The enterprise named by the login: found by 统一社会信用代码 or created. */
async function findOrCreateEnterprise(trx: Executor, issuer: string, claims: TRealNameClaims & { credit_code: string; org_name: string }, actorId: number) {
  const found = await repo.findApplicant(trx, 'legal', claims.credit_code);
  if (found?.disabled) throw new SignInRefused('FORBIDDEN', '该企业账户已停用，请联系政务服务中心');
  if (found) return found;
  const created = await repo.createApplicant(trx, { username: newUsername(), kind: 'legal', name: claims.org_name, identityNumber: claims.credit_code, phone: claims.phone_number ?? null });
  await writeAudit(trx, { actorId, action: 'sso.account_created', targetType: 'user', targetId: String(created.id), detail: { issuer, kind: 'legal' } });
  return created;
}

/**
 * 统一身份认证 sign-in: maps the provider's real-name claims to local accounts and opens a session,
 * in one transaction with its audit rows. A 个人 login is the person's own account. A 法人 login
 * opens the enterprise's account with the person acting for it: its 法定代表人 (taken over from
 * the provider's record, a change of representative included) or one of the 经办人 the
 * 法定代表人 added here; anyone else is refused.
 */
export async function signInWithClaims(
  db: Database,
  options: { issuer: string; rawClaims: Record<string, unknown>; requestedKind: ApplicantKind; settings: SessionSettings; origin: LoginOrigin },
) {
  const parsed = ZRealNameClaims.safeParse(options.rawClaims);
  if (!parsed.success) throw new SignInRefused('FORBIDDEN', '统一身份认证未提供有效的实名信息（姓名、身份证号），无法登录');
  const claims = parsed.data;
  const kind: ApplicantKind = claims.user_type ?? (claims.credit_code ? 'legal' : 'natural');
  if (kind !== options.requestedKind) {
    throw new SignInRefused('FORBIDDEN', kind === 'legal' ? '您使用了法人账号登录，请选择“法人登录”' : '您使用了个人账号登录，请选择“个人登录”');
  }
  return db.transaction().execute(async (trx) => {
    const person = await findOrCreatePerson(trx, options.issuer, claims);
    if (kind === 'natural') {
      await writeAudit(trx, { actorId: person.id, action: 'login', detail: { ip: options.origin.ip ?? null, via: 'oidc', issuer: options.issuer } });
      return openSession(trx, person, options.settings, options.origin, false, null);
    }
    if (!claims.credit_code || !claims.org_name) throw new SignInRefused('FORBIDDEN', '统一身份认证未提供企业的统一社会信用代码，无法以法人身份登录');
    const enterprise = await findOrCreateEnterprise(trx, options.issuer, { ...claims, credit_code: claims.credit_code, org_name: claims.org_name }, person.id);
    let role: 'legal_rep' | 'handler';
    if (claims.legal_rep_id_number === claims.id_number) {
      role = 'legal_rep';
      const current = await enterprises.findActiveLegalRep(trx, enterprise.id);
      if (current?.person_id !== person.id) {
        // 法定代表人变更 as the registry (through the provider) records it; the old one stops acting.
        if (current) {
          await enterprises.endMembership(trx, current.id, enterprise.id, null);
          await enterprises.endSessionsOf(trx, enterprise.id, current.person_id);
        }
        const held = await enterprises.findActiveMembership(trx, enterprise.id, person.id);
        if (held) await enterprises.endMembership(trx, held.id, enterprise.id, null);
        await enterprises.addMember(trx, { enterpriseId: enterprise.id, personId: person.id, role: 'legal_rep', addedBy: null });
        await writeAudit(trx, {
          actorId: person.id,
          action: 'enterprise.legal_rep.set',
          targetType: 'enterprise',
          targetId: String(enterprise.id),
          detail: { personId: person.id, previousPersonId: current?.person_id ?? null, via: 'oidc' },
        });
      }
    } else {
      const membership = await enterprises.findActiveMembership(trx, enterprise.id, person.id);
      if (!membership) throw new SignInRefused('FORBIDDEN', `您不是${enterprise.display_name}的经办人，请联系该企业的法定代表人在“企业经办人”中添加您`);
      role = membership.role;
    }
    await writeAudit(trx, {
      actorId: person.id,
      action: 'login',
      targetType: 'enterprise',
      targetId: String(enterprise.id),
      detail: { ip: options.origin.ip ?? null, via: 'oidc', issuer: options.issuer, actingFor: enterprise.id, role },
    });
    return openSession(trx, enterprise, options.settings, options.origin, false, { id: person.id, name: person.display_name, role });
  });
}
