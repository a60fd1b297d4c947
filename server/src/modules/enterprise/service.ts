import type { Database } from '../../db/database.js';
import { AppError, forbidden, notFound, validationFailed } from '../../http/errors.js';
import { maskIdentityNumber, maskPhone } from '../../util/mask.js';
import { isValidResidentId } from '../../util/identity.js';
import type { Actor } from '../auth/actor.js';
import { findOrAddWalkInApplicant } from '../auth/applicants.js';
import { enqueueSms, writeAudit } from '../auth/repo.js';
import * as repo from './repo.js';
import type { TAddHandlerRequest, TEnterpriseProfile } from './schema.js';

/** The caller must be an enterprise account; answers its id. */
function enterpriseOf(actor: Actor): number {
  if (actor.role !== 'applicant' || actor.applicantKind !== 'legal') throw forbidden('仅企业（法人）账户可以使用');
  return actor.id;
}

/** Only the 法定代表人 acting for the enterprise adds and removes its 经办人. */
function requireLegalRep(actor: Actor): number {
  const enterpriseId = enterpriseOf(actor);
  if (actor.actingPerson?.role !== 'legal_rep') throw forbidden('只有法定代表人可以添加或移除经办人');
  return enterpriseId;
}

/** 企业信息: the enterprise's full credit code (to itself), its 法定代表人 and 经办人. */
export async function getEnterpriseProfile(db: Database, actor: Actor): Promise<TEnterpriseProfile> {
  const enterpriseId = enterpriseOf(actor);
  const enterprise = await repo.findEnterprise(db, enterpriseId);
  if (!enterprise) throw notFound('企业');
  const [members, removed] = await Promise.all([repo.listActiveMembers(db, enterpriseId), repo.listRemovedHandlers(db, enterpriseId)]);
  return {
    name: enterprise.display_name,
    creditCode: enterprise.identity_number ?? '',
    phoneMasked: maskPhone(enterprise.phone),
    actingPerson: actor.actingPerson ?? null,
    canManage: actor.actingPerson?.role === 'legal_rep',
    members: members.map((m) => ({
      id: m.id,
      name: m.name,
      role: m.role,
      idNumberMasked: maskIdentityNumber(m.identity_number),
      phoneMasked: maskPhone(m.phone),
      addedAt: m.added_at.toISOString(),
      addedByName: m.added_by_name,
      isMe: m.person_id === actor.actingPerson?.id,
    })),
    removed: removed.map((r) => ({
      id: r.id,
      name: r.name,
      addedAt: r.added_at.toISOString(),
      removedAt: r.removed_at!.toISOString(),
      removedByName: r.removed_by_name,
    })),
  };
}

/**
 * The 法定代表人 adds a 经办人 by name, 居民身份证号 and phone: the person is found by the ID
 * number (or registered, without a password: they sign in through 统一身份认证), told by SMS, and
 * may act for the enterprise from their next sign-in.
 */
export async function addHandler(db: Database, actor: Actor, input: TAddHandlerRequest): Promise<number> {
  const enterpriseId = requireLegalRep(actor);
  if (!isValidResidentId(input.idNumber)) throw validationFailed('body.idNumber', '身份证号校验位不正确，请核对');
  return db.transaction().execute(async (trx) => {
    const personId = await findOrAddWalkInApplicant(trx, { kind: 'natural', name: input.name, identityNumber: input.idNumber, phone: input.phone });
    if (await repo.findActiveMembership(trx, enterpriseId, personId)) throw new AppError('CONFLICT', '此人已是本企业的法定代表人或经办人');
    const member = await repo.addMember(trx, { enterpriseId, personId, role: 'handler', addedBy: actor.actingPerson!.id });
    await writeAudit(trx, {
      actorId: actor.actingPerson!.id,
      action: 'enterprise.handler.add',
      targetType: 'enterprise',
      targetId: String(enterpriseId),
      detail: { memberId: member.id, personId },
    });
    await enqueueSms(trx, {
      userId: null,
      phone: input.phone,
      template: 'enterprise.handler.add',
      title: '经办人授权',
      body: `您已被${actor.displayName}添加为经办人，可通过统一身份认证以法人身份登录办事。`,
    });
    return member.id;
  });
}

/**
 * The 法定代表人 removes a 经办人: the membership ends and every session the person opened for
 * the enterprise ends with it, in one transaction, so the next request is already refused.
 */
export async function removeHandler(db: Database, actor: Actor, memberId: number): Promise<{ sessionsEnded: number }> {
  const enterpriseId = requireLegalRep(actor);
  return db.transaction().execute(async (trx) => {
    const membership = await trx
      .selectFrom('enterprise_members')
      .select(['role'])
      .where('id', '=', memberId)
      .where('enterprise_id', '=', enterpriseId)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
    if (!membership) throw notFound('经办人');
    if (membership.role !== 'handler') throw forbidden('法定代表人不能在此移除，变更请办理法定代表人变更登记');
    const ended = (await repo.endMembership(trx, memberId, enterpriseId, actor.actingPerson!.id))!;
    const sessionsEnded = await repo.endSessionsOf(trx, enterpriseId, ended.person_id);
    await writeAudit(trx, {
      actorId: actor.actingPerson!.id,
      action: 'enterprise.handler.remove',
      targetType: 'enterprise',
      targetId: String(enterpriseId),
      detail: { memberId, personId: ended.person_id, sessionsEnded },
    });
    return { sessionsEnded };
  });
}
