import type { Database, Executor } from '../../db/database.js';
import type { LicenceField } from '../../db/schema.js';
import { AppError, forbidden, notFound } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import * as repo from './repo.js';
import type { TLicenceDetail, TLicenceType, TLicenceTypeInput } from './schema.js';
import { publicView } from './verify.js';
import { now as clockNow } from '../../util/clock.js';

function toType(row: Awaited<ReturnType<typeof repo.listTypes>>[number]): TLicenceType {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    departmentId: row.department_id,
    departmentName: row.department_name,
    holderKind: row.holder_kind,
    numberPrefix: row.number_prefix,
    fields: row.fields,
    validityYears: row.validity_years,
    layout: row.layout,
    status: row.status,
    items: row.items ?? [],
    itemIds: (row.items ?? []).map((i) => i.id),
  };
}

export async function listLicenceTypes(db: Executor, actor: Actor): Promise<TLicenceType[]> {
  if (actor.role !== 'admin') throw forbidden('只有中心管理员可以管理证照类型');
  return (await repo.listTypes(db, { centreId: actor.centreId ?? -1 })).map(toType);
}

/** 证照类型: creates (id absent) or updates one, with the items that issue it; audited. */
export async function saveLicenceType(db: Database, actor: Actor, input: TLicenceTypeInput, id?: number): Promise<TLicenceType> {
  if (actor.role !== 'admin') throw forbidden('只有中心管理员可以管理证照类型');
  return db.transaction().execute(async (trx) => {
    const department = await trx.selectFrom('departments').select('centre_id').where('id', '=', input.departmentId).executeTakeFirst();
    if (!department || department.centre_id !== actor.centreId) throw notFound('部门');
    if (id !== undefined) {
      const existing = await repo.findType(trx, id);
      if (!existing || existing.centre_id !== actor.centreId) throw notFound('证照类型');
    }
    const clash = await trx
      .selectFrom('licence_types')
      .select('id')
      .where((eb) => eb.or([eb('code', '=', input.code), eb('name', '=', input.name)]))
      .$if(id !== undefined, (q) => q.where('id', '!=', id!))
      .executeTakeFirst();
    if (clash) throw new AppError('CONFLICT', '证照类型代码或名称已被使用');
    const keys = input.fields.map((f) => f.key);
    if (new Set(keys).size !== keys.length) throw new AppError('VALIDATION_FAILED', '字段标识不能重复', [{ field: 'body.fields', message: '字段标识不能重复' }]);
    const values = {
      code: input.code,
      name: input.name,
      department_id: input.departmentId,
      holder_kind: input.holderKind,
      number_prefix: input.numberPrefix,
      fields: JSON.stringify(input.fields satisfies LicenceField[]),
      validity_years: input.validityYears,
      layout: JSON.stringify(input.layout),
      status: input.status,
      updated_at: clockNow(),
    };
    const saved =
      id === undefined
        ? await trx.insertInto('licence_types').values(values).returning('id').executeTakeFirstOrThrow()
        : await trx.updateTable('licence_types').set(values).where('id', '=', id).returning('id').executeTakeFirstOrThrow();
    await trx.deleteFrom('licence_type_items').where('licence_type_id', '=', saved.id).execute();
    if (input.itemIds.length) {
      const taken = await trx.selectFrom('licence_type_items').select('item_id').where('item_id', 'in', input.itemIds).executeTakeFirst();
      if (taken) throw new AppError('CONFLICT', '一个事项只能产生一种证照');
      await trx.insertInto('licence_type_items').values(input.itemIds.map((item_id) => ({ licence_type_id: saved.id, item_id }))).execute();
    }
    await writeAudit(trx, { actorId: actor.id, action: id === undefined ? 'licence_type.create' : 'licence_type.update', targetType: 'licence_type', targetId: String(saved.id), detail: { code: input.code, name: input.name } });
    return toType((await repo.listTypes(trx, { centreId: actor.centreId! })).find((t) => t.id === saved.id)!);
  });
}

async function holderCodeOf(db: Executor, actor: Actor): Promise<string | null> {
  const user = await db.selectFrom('users').select('identity_number').where('id', '=', actor.id).executeTakeFirst();
  return user?.identity_number ?? null;
}

export async function toDetail(db: Executor, licence: repo.LicenceView): Promise<TLicenceDetail> {
  const events = await repo.listEvents(db, licence.root_id);
  return {
    ...publicView(licence),
    id: licence.id,
    caseId: licence.case_id,
    fields: licence.type_fields.map((f) => ({ key: f.key, label: f.label, value: licence.data[f.key] ?? '' })),
    events: events.map((e) => ({ at: e.at.toISOString(), action: e.action, reason: e.reason, version: e.version, actorName: e.actor_name })),
  };
}

/** 我的证照: the caller's licences (current versions), expiries recorded as they are seen. */
export async function listWallet(db: Executor, actor: Actor): Promise<TLicenceDetail[]> {
  if (actor.role !== 'applicant') throw forbidden('只有申请人有证照夹');
  const code = await holderCodeOf(db, actor);
  await repo.recordExpiries(db, chinaDate());
  const rows = await repo.listHolderLicences(db, code, actor.id);
  return Promise.all(rows.map((row) => toDetail(db, row)));
}

/**
 * A licence its holder, its issuing department or that department's centre administrator may
 * see; anyone else gets "not found".
 */
export async function findVisibleLicence(db: Executor, actor: Actor, licenceId: string): Promise<repo.LicenceView> {
  const licence = /^[0-9a-f-]{36}$/.test(licenceId) ? await repo.findLicence(db, licenceId) : undefined;
  if (!licence) throw notFound('证照');
  if (actor.role === 'applicant' && (licence.holder_user_id === actor.id || licence.holder_code === (await holderCodeOf(db, actor)))) return licence;
  if (actor.role === 'reviewer' && actor.departmentId === licence.issuer_department_id) return licence;
  if (actor.role === 'admin' && actor.centreId === licence.issuer_centre_id) return licence;
  throw notFound('证照');
}

/** The issuing department's licences, newest first (its 证照 tab). */
export async function listIssued(db: Executor, actor: Actor, limit = 100) {
  if (actor.role !== 'reviewer' && actor.role !== 'admin') throw forbidden('只有发证部门或中心管理员可以查看');
  let query = repo.licenceQuery(db).where('l.status', '!=', 'superseded').orderBy('l.created_at', 'desc').limit(limit);
  query = actor.role === 'reviewer' ? query.where('l.issuer_department_id', '=', actor.departmentId ?? -1) : query.where('d.centre_id', '=', actor.centreId ?? -1);
  const rows = await query.execute();
  return Promise.all(rows.map((row) => toDetail(db, row)));
}

/** The licences a case produced (its result), for whoever may see the case. */
export async function licencesOfCaseWithId(db: Executor, caseId: string) {
  const rows = await repo.licenceQuery(db).where('l.case_id', '=', caseId).orderBy('l.version').execute();
  return rows.map((row) => ({ id: row.id, ...publicView(row) }));
}
