import type { Database, Executor } from '../../db/database.js';
import type { ItemMaterial } from '../../db/schema.js';
import { AppError, forbidden, invalidState, notFound } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { findVisibleCase } from '../cases/repo.js';
import * as repo from './repo.js';
import { effectiveStatus, verifyByReference } from './verify.js';
import { now as clockNow } from '../../util/clock.js';

/** How one material of a case is covered without an upload (免提交). */
export interface MaterialReuse {
  name: string;
  requirement: ItemMaterial['requirement'];
  /** 可用电子证照替代 / 政府部门共享 / 可告知承诺 / 须提交 */
  way: 'licence' | 'government' | 'commitment' | 'upload';
  licenceType: string | null;
  licence: { id: string; identifier: string; number: string; typeName: string; validTo: string | null; verdict: string } | null;
  commitment: { id: number; statement: string; signedAt: string; checkStatus: 'pending' | 'confirmed' | 'false' } | null;
  governmentProvided: boolean;
  authorisedAt: string | null;
}

function wayOf(material: ItemMaterial): MaterialReuse['way'] {
  if (material.licenceType) return 'licence';
  if (material.governmentHeld) return 'government';
  if (material.commitmentAllowed) return 'commitment';
  return 'upload';
}

async function holderCode(db: Executor, userId: number): Promise<string | null> {
  return (await db.selectFrom('users').select('identity_number').where('id', '=', userId).executeTakeFirst())?.identity_number ?? null;
}

/** The holder's licences of a type that are valid today (newest first). */
async function validLicencesOf(db: Executor, code: string, typeName: string) {
  const rows = await repo.licenceQuery(db).where('l.holder_code', '=', code).where('t.name', '=', typeName).where('l.status', '=', 'valid').orderBy('l.issued_on', 'desc').execute();
  const today = chinaDate();
  return rows.filter((row) => effectiveStatus(row, today) === 'valid');
}

/** Before applying: which of an item's materials the caller's own licences would replace. */
export async function previewReuse(db: Executor, actor: Actor, itemId: number) {
  if (actor.role !== 'applicant') throw forbidden('只有申请人可以使用证照');
  const item = await db.selectFrom('service_items').select(['materials']).where('id', '=', itemId).where('status', '=', 'published').executeTakeFirst();
  if (!item) throw notFound('事项');
  const code = await holderCode(db, actor.id);
  const materials = [];
  for (const material of item.materials) {
    const way = wayOf(material);
    const found = way === 'licence' && code ? (await validLicencesOf(db, code, material.licenceType!))[0] : undefined;
    materials.push({
      name: material.name,
      way,
      licenceType: material.licenceType ?? null,
      licence: found ? { id: found.id, identifier: found.identifier, number: found.number, typeName: found.type_name, validTo: found.valid_to } : null,
    });
  }
  return { materials };
}

/**
 * 授权用证: the applicant authorises the centre to use their licences for this case; every
 * material that a valid licence of its type replaces is attached (免提交), and every material the
 * government holds is marked provided by sharing. One transaction, one audit row, a row per use.
 */
export async function authoriseLicenceUse(db: Database, actor: Actor, caseId: string) {
  if (actor.role !== 'applicant') throw forbidden('只有申请人本人可以授权使用证照');
  await db.transaction().execute(async (trx) => {
    const current = await findVisibleCase(trx, caseId, actor);
    if (!current) throw notFound('办件');
    if (!['submitted', 'correction_required'].includes(current.status)) throw invalidState('办件受理后不能再授权用证');
    const item = await trx.selectFrom('service_items').select('materials').where('id', '=', current.item_id).executeTakeFirstOrThrow();
    const code = await holderCode(trx, actor.id);
    const used: { material: string; identifier: string | null }[] = [];
    for (const material of item.materials) {
      const way = wayOf(material);
      if (way === 'licence' && code) {
        const licence = (await validLicencesOf(trx, code, material.licenceType!))[0];
        if (!licence) continue;
        await trx
          .insertInto('case_licence_uses')
          .values({ case_id: caseId, material_name: material.name, kind: 'licence', licence_id: licence.id, authorised_by: actor.id })
          .onConflict((oc) => oc.columns(['case_id', 'material_name']).doUpdateSet({ licence_id: licence.id, authorised_at: clockNow() }))
          .execute();
        used.push({ material: material.name, identifier: licence.identifier });
      } else if (way === 'government') {
        await trx
          .insertInto('case_licence_uses')
          .values({ case_id: caseId, material_name: material.name, kind: 'government', licence_id: null, authorised_by: actor.id })
          .onConflict((oc) => oc.columns(['case_id', 'material_name']).doNothing())
          .execute();
        used.push({ material: material.name, identifier: null });
      }
    }
    await writeAudit(trx, { actorId: actor.id, action: 'licence.authorise_use', targetType: 'case', targetId: caseId, detail: { used } });
  });
  return caseReuse(db, actor, caseId);
}

/** 告知承诺制: the applicant signs a commitment in place of a material the item allows it for. */
export async function signCommitment(db: Database, actor: Actor, caseId: string, materialName: string, statement: string) {
  if (actor.role !== 'applicant') throw forbidden('只有申请人本人可以作出承诺');
  await db.transaction().execute(async (trx) => {
    const current = await findVisibleCase(trx, caseId, actor);
    if (!current) throw notFound('办件');
    if (!['submitted', 'correction_required'].includes(current.status)) throw invalidState('办件受理后不能再以承诺替代材料');
    const item = await trx.selectFrom('service_items').select('materials').where('id', '=', current.item_id).executeTakeFirstOrThrow();
    const material = item.materials.find((m) => m.name === materialName);
    if (!material?.commitmentAllowed) throw new AppError('VALIDATION_FAILED', '该材料不适用告知承诺制', [{ field: 'body.materialName', message: '该材料不适用告知承诺制' }]);
    await trx
      .insertInto('case_commitments')
      .values({ case_id: caseId, material_name: materialName, statement, signed_by: actor.id })
      .onConflict((oc) => oc.columns(['case_id', 'material_name']).doNothing())
      .execute();
    await writeAudit(trx, { actorId: actor.id, action: 'commitment.sign', targetType: 'case', targetId: caseId, detail: { material: materialName } });
  });
  return caseReuse(db, actor, caseId);
}

/** 承诺核查: the deciding department confirms a commitment was true, or finds it false. */
export async function checkCommitment(db: Database, actor: Actor, commitmentId: number, result: 'confirmed' | 'false', note: string) {
  if (actor.role !== 'reviewer') throw forbidden('只有审批部门可以核查承诺');
  return db.transaction().execute(async (trx) => {
    const commitment = await trx
      .selectFrom('case_commitments as k')
      .innerJoin('cases as c', 'c.id', 'k.case_id')
      .select(['k.id', 'k.case_id', 'k.check_status', 'c.department_id'])
      .where('k.id', '=', commitmentId)
      .forUpdate('k')
      .executeTakeFirst();
    if (!commitment || commitment.department_id !== actor.departmentId) throw notFound('承诺');
    if (commitment.check_status !== 'pending') throw invalidState('该承诺已核查');
    await trx.updateTable('case_commitments').set({ check_status: result, checked_by: actor.id, checked_at: clockNow(), check_note: note }).where('id', '=', commitmentId).execute();
    await writeAudit(trx, { actorId: actor.id, action: 'commitment.check', targetType: 'case', targetId: commitment.case_id, detail: { commitmentId, result, note } });
    return { id: commitmentId, checkStatus: result };
  });
}

/** Commitments waiting for their check, for the reviewer's department (oldest first). */
export async function pendingCommitments(db: Executor, actor: Actor) {
  if (actor.role !== 'reviewer') throw forbidden('只有审批部门可以核查承诺');
  const rows = await db
    .selectFrom('case_commitments as k')
    .innerJoin('cases as c', 'c.id', 'k.case_id')
    .innerJoin('service_items as i', 'i.id', 'c.item_id')
    .select(['k.id', 'k.case_id', 'c.number', 'i.name as item_name', 'k.material_name', 'k.statement', 'k.signed_at'])
    .where('k.check_status', '=', 'pending')
    .where('c.department_id', '=', actor.departmentId ?? -1)
    .orderBy('k.signed_at')
    .execute();
  return rows.map((r) => ({ id: r.id, caseId: r.case_id, caseNumber: r.number, itemName: r.item_name, materialName: r.material_name, statement: r.statement, signedAt: r.signed_at.toISOString() }));
}

/**
 * How each material of a case is covered: a licence attached (verified now, so the clerk sees
 * it checked rather than uploaded), the government's own data, a commitment, or an upload.
 */
export async function caseReuse(db: Executor, actor: Actor, caseId: string): Promise<{ materials: MaterialReuse[] }> {
  const current = await findVisibleCase(db, caseId, actor);
  if (!current) throw notFound('办件');
  const item = await db.selectFrom('service_items').select('materials').where('id', '=', current.item_id).executeTakeFirstOrThrow();
  const uses = await db
    .selectFrom('case_licence_uses as u')
    .leftJoin('licences as l', 'l.id', 'u.licence_id')
    .leftJoin('licence_types as t', 't.id', 'l.type_id')
    .select(['u.material_name', 'u.kind', 'u.authorised_at', 'l.id as licence_id', 'l.identifier', 'l.number', 'l.valid_to', 't.name as type_name'])
    .where('u.case_id', '=', caseId)
    .execute();
  const commitments = await db.selectFrom('case_commitments').selectAll().where('case_id', '=', caseId).execute();
  const materials: MaterialReuse[] = [];
  for (const material of item.materials) {
    const use = uses.find((u) => u.material_name === material.name);
    const commitment = commitments.find((c) => c.material_name === material.name);
    const licence =
      use?.kind === 'licence' && use.identifier
        ? { id: use.licence_id!, identifier: use.identifier, number: use.number!, typeName: use.type_name!, validTo: use.valid_to, verdict: (await verifyByReference(db, use.identifier)).verdict }
        : null;
    materials.push({
      name: material.name,
      requirement: material.requirement,
      way: wayOf(material),
      licenceType: material.licenceType ?? null,
      licence,
      commitment: commitment ? { id: commitment.id, statement: commitment.statement, signedAt: commitment.signed_at.toISOString(), checkStatus: commitment.check_status } : null,
      governmentProvided: use?.kind === 'government',
      authorisedAt: use?.authorised_at.toISOString() ?? null,
    });
  }
  return { materials };
}

/**
 * 减证便民 statistics: per item and per department, how many listed materials are exempt (a
 * licence replaces them or the government holds them), how many may be replaced by a commitment,
 * and how many submissions used a licence or shared data instead of an upload.
 */
export async function reuseStatistics(db: Executor, centreId?: number) {
  let query = db
    .selectFrom('service_items as i')
    .innerJoin('departments as d', 'd.id', 'i.department_id')
    .select(['i.id', 'i.name', 'i.materials', 'd.id as department_id', 'd.name as department_name'])
    .where('i.status', '=', 'published');
  if (centreId !== undefined) query = query.where('d.centre_id', '=', centreId);
  const items = await query.orderBy('d.id').orderBy('i.id').execute();
  const usage = await db
    .selectFrom('case_licence_uses as u')
    .innerJoin('cases as c', 'c.id', 'u.case_id')
    .select(['c.item_id', 'u.kind', (eb) => eb.fn.countAll<number>().as('uses')])
    .groupBy(['c.item_id', 'u.kind'])
    .execute();
  // Submissions, and those in which at least one licence stood in for an upload (免提交).
  const submissions = await db
    .selectFrom('cases as c')
    .select(['c.item_id', (eb) => eb.fn.countAll<number>().as('n')])
    .select((eb) => eb.fn.count<number>(eb.case().when(eb.exists(eb.selectFrom('case_licence_uses as u').select('u.case_id').whereRef('u.case_id', '=', 'c.id').where('u.kind', '=', 'licence'))).then(1).end()).as('with_licence'))
    .groupBy('c.item_id')
    .execute();
  const commitmentCounts = await db
    .selectFrom('case_commitments as k')
    .innerJoin('cases as c', 'c.id', 'k.case_id')
    .select(['c.item_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('c.item_id')
    .execute();
  const perItem = items.map((item) => {
    const licenceUses = Number(usage.find((u) => u.item_id === item.id && u.kind === 'licence')?.uses ?? 0);
    const sharedUses = Number(usage.find((u) => u.item_id === item.id && u.kind === 'government')?.uses ?? 0);
    return {
      itemId: item.id,
      itemName: item.name,
      departmentId: item.department_id,
      departmentName: item.department_name,
      materials: item.materials.length,
      exempt: item.materials.filter((m) => m.licenceType || m.governmentHeld).length,
      commitmentAllowed: item.materials.filter((m) => m.commitmentAllowed).length,
      licenceUses,
      sharedUses,
      commitments: Number(commitmentCounts.find((c) => c.item_id === item.id)?.n ?? 0),
      submissions: Number(submissions.find((c) => c.item_id === item.id)?.n ?? 0),
      submissionsWithLicence: Number(submissions.find((c) => c.item_id === item.id)?.with_licence ?? 0),
    };
  });
  const departments = new Map<number, { departmentId: number; departmentName: string; items: number; materials: number; exempt: number; commitmentAllowed: number; licenceUses: number; sharedUses: number; commitments: number; submissions: number; submissionsWithLicence: number }>();
  for (const row of perItem) {
    const d = departments.get(row.departmentId) ?? { departmentId: row.departmentId, departmentName: row.departmentName, items: 0, materials: 0, exempt: 0, commitmentAllowed: 0, licenceUses: 0, sharedUses: 0, commitments: 0, submissions: 0, submissionsWithLicence: 0 };
    d.items += 1;
    d.materials += row.materials;
    d.exempt += row.exempt;
    d.commitmentAllowed += row.commitmentAllowed;
    d.licenceUses += row.licenceUses;
    d.sharedUses += row.sharedUses;
    d.commitments += row.commitments;
    d.submissions += row.submissions;
    d.submissionsWithLicence += row.submissionsWithLicence;
    departments.set(row.departmentId, d);
  }
  return { items: perItem.filter((r) => r.exempt || r.commitmentAllowed || r.licenceUses || r.sharedUses || r.commitments), departments: [...departments.values()] };
}
