import type { Database } from '../../db/database.js';
import { AppError, notFound } from '../../http/errors.js';
import { isValidCreditCode, isValidResidentId } from '../../util/identity.js';
import type { Actor } from '../auth/actor.js';
import { assertNotBlacklisted } from './blacklist.js';
import { recordEvent } from './events.js';
import { personRecord } from './people.js';

export interface EnterpriseInput {
  creditCode: string;
  name: string;
  legalRepresentative: string;
  address: string;
  licences: { name: string; number: string; validUntil: string | null }[];
  qualifications: { name: string; level: string; number: string; validUntil: string }[];
  performance: { project: string; year: number; amount: number }[];
  people: { name: string; identityNumber: string; title: string }[];
}

/**
 * 企业库登记. A legal-person applicant registers (or updates) its own enterprise, whose code is
 * the account's; the centre's staff may register any. Blacklisted enterprises are refused.
 */
export async function registerEnterprise(db: Database, actor: Actor, input: EnterpriseInput) {
  if (!isValidCreditCode(input.creditCode)) throw new AppError('VALIDATION_FAILED', '统一社会信用代码不正确', [{ field: 'body.creditCode', message: '校验位不符' }]);
  for (const [i, person] of input.people.entries()) {
    if (!isValidResidentId(person.identityNumber)) throw new AppError('VALIDATION_FAILED', `第 ${i + 1} 位人员的身份证号不正确`, [{ field: `body.people.${i}.identityNumber`, message: '校验位不符' }]);
  }
  let userId: number | null = null;
  if (actor.role === 'applicant') {
    if (actor.applicantKind !== 'legal') throw new AppError('FORBIDDEN', '只有法人用户可以登记企业');
    const user = await db.selectFrom('users').select('identity_number').where('id', '=', actor.id).executeTakeFirstOrThrow();
    if (user.identity_number !== input.creditCode) throw new AppError('FORBIDDEN', '只能登记本单位（与账号统一社会信用代码一致）');
    userId = actor.id;
  } else if (actor.role !== 'trading_officer' && actor.role !== 'trading_agency') {
    throw new AppError('FORBIDDEN', '当前角色无权登记企业');
  }
  await assertNotBlacklisted(db, input.creditCode, '登记入库');
  return db.transaction().execute(async (trx) => {
    const values = {
      credit_code: input.creditCode,
      name: input.name,
      legal_representative: input.legalRepresentative,
      address: input.address,
      licences: JSON.stringify(input.licences),
      qualifications: JSON.stringify(input.qualifications),
      performance: JSON.stringify(input.performance),
    };
    const row = await trx
      .insertInto('trading_enterprises')
      .values({ ...values, user_id: userId })
      .onConflict((oc) => oc.column('credit_code').doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
    if (row.user_id !== null && row.user_id !== userId && userId !== null) throw new AppError('CONFLICT', '该企业已由其他账号登记');
    await trx.deleteFrom('trading_people').where('enterprise_id', '=', row.id).execute();
    if (input.people.length > 0) {
      await trx
        .insertInto('trading_people')
        .values(input.people.map((p) => {
          const person = personRecord(p);
          return { enterprise_id: row.id, name: person.name, id_hash: person.idHash, id_masked: person.idMasked, title: p.title };
        }))
        .onConflict((oc) => oc.columns(['enterprise_id', 'id_hash']).doNothing())
        .execute();
    }
    await recordEvent(trx, actor, 'enterprise_registered', null, { enterpriseId: row.id, creditCode: row.credit_code, people: input.people.length });
    return enterpriseDetail(trx as unknown as Database, row.id);
  });
}

export async function enterpriseDetail(db: Database, id: number) {
  const row = await db.selectFrom('trading_enterprises').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('企业');
  const people = await db.selectFrom('trading_people').select(['name', 'id_masked', 'title']).where('enterprise_id', '=', id).orderBy('id').execute();
  const certificate = await db
    .selectFrom('trading_certificates')
    .select(['serial', 'not_after', 'revoked_at'])
    .where('enterprise_id', '=', id)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return {
    id: row.id,
    creditCode: row.credit_code,
    name: row.name,
    legalRepresentative: row.legal_representative,
    address: row.address,
    licences: row.licences,
    qualifications: row.qualifications,
    performance: row.performance,
    people: people.map((p) => ({ name: p.name, idMasked: p.id_masked, title: p.title })),
    certificate: certificate
      ? { serial: certificate.serial, notAfter: certificate.not_after.toISOString(), revoked: certificate.revoked_at !== null }
      : null,
  };
}

export async function myEnterprise(db: Database, actor: Actor) {
  const row = await db.selectFrom('trading_enterprises').select('id').where('user_id', '=', actor.id).executeTakeFirst();
  return row ? enterpriseDetail(db, row.id) : null;
}

export async function listEnterprises(db: Database) {
  const rows = await db
    .selectFrom('trading_enterprises')
    .leftJoin('trading_certificates as c', (join) => join.onRef('c.enterprise_id', '=', 'trading_enterprises.id').on('c.revoked_at', 'is', null))
    .select(['trading_enterprises.id', 'trading_enterprises.credit_code', 'trading_enterprises.name', 'trading_enterprises.legal_representative'])
    .select((eb) => eb.fn.max('c.not_after').as('certificate_until'))
    .groupBy('trading_enterprises.id')
    .orderBy('trading_enterprises.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    creditCode: r.credit_code,
    name: r.name,
    legalRepresentative: r.legal_representative,
    certificateUntil: r.certificate_until ? new Date(r.certificate_until).toISOString() : null,
  }));
}
