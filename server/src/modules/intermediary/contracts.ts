import crypto from 'node:crypto';
import type { Database, Executor } from '../../db/database.js';
import { AppError, forbidden, invalidState, notFound } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import type { Actor } from '../auth/actor.js';
import { regionPrefix } from '../cases/policy.js';
import { cleanOriginalName, inspectFile } from '../materials/detect.js';
import { uploadMaterial } from '../materials/service.js';
import type { FileStore } from '../materials/storage.js';
import { recordEvent } from './events.js';
import { isCentreAdmin, isOwner, mayWatch } from './policy.js';
import * as repo from './repo.js';
import { now as clockNow } from '../../util/clock.js';

/** The service on the clock: delivery of the report, its use in an approval, rating and complaints. */

export type ContractLight = 'green' | 'yellow' | 'red' | 'done' | 'done_late' | 'terminated';

/** Green on track, yellow in the last fifth of the period, red past the due date; late deliveries stay marked. */
export function contractLight(c: { status: string; due_date: string; warn_date: string; delivered_on: string | null }, today: string): ContractLight {
  if (c.status === 'terminated') return 'terminated';
  if (c.status === 'delivered') return c.delivered_on! > c.due_date ? 'done_late' : 'done';
  if (today > c.due_date) return 'red';
  if (today >= c.warn_date) return 'yellow';
  return 'green';
}

/** The contract if the caller is its owner, its intermediary, or watches the region; 404 otherwise. */
export async function visibleContract(db: Executor, actor: Actor, id: number) {
  const c = await repo.findContract(db, id);
  if (!c) throw notFound('中介服务合同');
  if (c.owner_user_id === actor.id) return c;
  if (actor.role === 'intermediary') {
    const org = await repo.findIntermediaryOfUser(db, actor.id);
    if (org?.id === c.intermediary_id) return c;
  }
  if (mayWatch(actor) && actor.regionCode && c.region_code.startsWith(regionPrefix(actor.regionCode))) return c;
  throw notFound('中介服务合同');
}

export async function listContractsFor(db: Executor, actor: Actor) {
  if (actor.role === 'intermediary') {
    const org = await repo.findIntermediaryOfUser(db, actor.id);
    return org ? repo.listContracts(db, { intermediaryId: org.id }) : [];
  }
  if (mayWatch(actor)) return repo.listContracts(db, { regionPrefix: regionPrefix(actor.regionCode ?? '') });
  if (isOwner(actor)) return repo.listContracts(db, { ownerId: actor.id });
  throw forbidden('当前角色无权查看中介服务合同');
}

/** The intermediary delivers its result (报告): stored like case materials, checked by content. */
export async function deliverReport(db: Database, options: { actor: Actor; store: FileStore; contractId: number; content: Buffer; originalName?: string; today?: string }) {
  const today = options.today ?? chinaDate();
  if (options.actor.role !== 'intermediary') throw forbidden('只有承接的中介机构可以提交成果');
  const inspected = inspectFile(options.content);
  if ('reason' in inspected) throw new AppError('UNSUPPORTED_MEDIA_TYPE', inspected.reason);
  const contentType = inspected.contentType;
  const fileId = crypto.randomUUID();
  return db.transaction().execute(async (trx) => {
    const c = await visibleContract(trx, options.actor, options.contractId);
    const locked = await trx.selectFrom('intermediary_contracts').select('status').where('id', '=', c.id).forUpdate().executeTakeFirstOrThrow();
    if (locked.status !== 'running') throw invalidState('该合同已交付或已终止');
    const sm3 = crypto.createHash('sm3').update(options.content).digest();
    await trx
      .updateTable('intermediary_contracts')
      .set({
        status: 'delivered',
        delivered_at: clockNow(),
        delivered_on: today,
        report_file_id: fileId,
        report_name: cleanOriginalName(options.originalName),
        report_sm3: sm3,
        report_content_type: contentType,
      })
      .where('id', '=', c.id)
      .execute();
    await recordEvent(trx, options.actor, { action: 'report_delivered', entity: 'contract', entityId: c.id, data: { sm3: sm3.toString('hex'), late: today > c.due_date, dueDate: c.due_date } });
    await options.store.write(fileId, options.content);
    return { light: contractLight({ status: 'delivered', due_date: c.due_date, warn_date: c.warn_date, delivered_on: today }, today) };
  });
}

export async function readReport(db: Executor, options: { actor: Actor; store: FileStore; contractId: number }) {
  const c = await visibleContract(db, options.actor, options.contractId);
  if (!c.report_file_id) throw notFound('成果文件');
  return { content: await options.store.read(c.report_file_id), contentType: c.report_content_type!, name: `${c.service_type_name}成果-${c.announcement_number}` };
}

/**
 * The owner attaches the delivered report to its approval case as a material, through the
 * materials module (same checks, same trace), so the department reads it like any other material.
 */
export async function attachReportToCase(db: Database, options: { actor: Actor; store: FileStore; contractId: number; caseId: string }) {
  const c = await visibleContract(db, options.actor, options.contractId);
  if (c.owner_user_id !== options.actor.id) throw forbidden('只有项目业主可以把成果用于审批');
  if (!c.report_file_id) throw invalidState('中介机构尚未提交成果');
  const content = await options.store.read(c.report_file_id);
  const material = await uploadMaterial({
    db,
    store: options.store,
    actor: options.actor,
    caseId: options.caseId,
    name: `${c.service_type_name}成果（中介超市 ${c.announcement_number}）`,
    originalName: c.report_name ?? undefined,
    content,
  });
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('intermediary_contracts').set({ attached_case_id: options.caseId }).where('id', '=', c.id).execute();
    await recordEvent(trx, options.actor, { action: 'report_attached', entity: 'contract', entityId: c.id, data: { caseId: options.caseId, materialId: material.id } });
  });
  return material;
}

/** The owner rates a delivered service once (五级评价, as 好差评). */
export async function rateService(db: Database, options: { actor: Actor; contractId: number; level: number; comment: string }) {
  return db.transaction().execute(async (trx) => {
    const c = await visibleContract(trx, options.actor, options.contractId);
    if (c.owner_user_id !== options.actor.id) throw forbidden('只有项目业主可以评价');
    if (c.status !== 'delivered') throw invalidState('交付成果后才能评价');
    const row = await trx
      .insertInto('intermediary_ratings')
      .values({ contract_id: c.id, level: options.level, comment: options.comment, rated_by: options.actor.id })
      .onConflict((oc) => oc.column('contract_id').doNothing())
      .returning('contract_id')
      .executeTakeFirst();
    if (!row) throw new AppError('CONFLICT', '该服务已评价');
    await recordEvent(trx, options.actor, { action: 'rated', entity: 'contract', entityId: c.id, data: { level: options.level } });
  });
}

export async function fileComplaint(db: Database, options: { actor: Actor; contractId: number; content: string }) {
  return db.transaction().execute(async (trx) => {
    const c = await visibleContract(trx, options.actor, options.contractId);
    if (c.owner_user_id !== options.actor.id) throw forbidden('只有项目业主可以投诉');
    const row = await trx
      .insertInto('intermediary_complaints')
      .values({ intermediary_id: c.intermediary_id, contract_id: c.id, complainant_id: options.actor.id, content: options.content })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordEvent(trx, options.actor, { action: 'complaint_filed', entity: 'complaint', entityId: row.id, data: { contractId: c.id } });
    return { id: row.id };
  });
}

/** The centre's finding on a complaint: upheld complaints count against the score. */
export async function decideComplaint(db: Database, options: { actor: Actor; id: number; upheld: boolean; finding: string }) {
  if (!isCentreAdmin(options.actor)) throw forbidden('只有中心管理员可以认定投诉');
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('intermediary_complaints').select(['id', 'upheld']).where('id', '=', options.id).forUpdate().executeTakeFirst();
    if (!row) throw notFound('投诉');
    if (row.upheld !== null) throw invalidState('该投诉已认定');
    await trx
      .updateTable('intermediary_complaints')
      .set({ upheld: options.upheld, finding: options.finding, decided_by: options.actor.id, decided_at: clockNow() })
      .where('id', '=', row.id)
      .execute();
    await recordEvent(trx, options.actor, { action: options.upheld ? 'complaint_upheld' : 'complaint_dismissed', entity: 'complaint', entityId: row.id, data: { finding: options.finding } });
  });
}

export function listComplaints(db: Executor, actor: Actor) {
  let query = db
    .selectFrom('intermediary_complaints as p')
    .innerJoin('intermediaries as m', 'm.id', 'p.intermediary_id')
    .selectAll('p')
    .select('m.name as intermediary_name')
    .orderBy('p.id', 'desc')
    .limit(200);
  if (isOwner(actor)) query = query.where('p.complainant_id', '=', actor.id);
  else if (!mayWatch(actor)) throw forbidden('当前角色无权查看投诉');
  return query.execute();
}
