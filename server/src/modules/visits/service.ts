import type { Database, Executor } from '../../db/database.js';
import { forbidden, invalidState, notFound, validationFailed } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import { maskPhone } from '../../util/mask.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { enqueueNotification } from '../notifications/repo.js';
import { visibleCaseId } from '../ratings/repo.js';
import * as repo from './repo.js';
import type { VisitRow } from './repo.js';
import type { TVisit, TVisitRequest } from './schema.js';
import { now as clockNow } from '../../util/clock.js';

/** 上门服务申请: an applicant asks for themselves, or hall staff log a request made by phone. */
export async function requestVisit(db: Database, actor: Actor, input: TVisitRequest): Promise<TVisit> {
  if (actor.role !== 'applicant' && !((actor.role === 'clerk' || actor.role === 'admin') && actor.centreId === input.centreId)) throw forbidden('由申请人或本中心工作人员提出');
  const id = await db.transaction().execute(async (trx) => {
    const centre = await repo.findCentre(trx, input.centreId);
    if (!centre) throw notFound('服务中心');
    if (input.itemId && !(await repo.publishedItem(trx, input.itemId))) throw notFound('事项');
    const row = await repo.insertVisit(trx, {
      centre_id: input.centreId,
      applicant_id: actor.role === 'applicant' ? actor.id : null,
      contact_name: input.contactName,
      contact_phone: input.contactPhone,
      address: input.address,
      reason: input.reason,
      item_id: input.itemId ?? null,
      description: input.description,
      created_by: actor.id,
    });
    await writeAudit(trx, { actorId: actor.id, action: 'visit.request', targetType: 'home_visit', targetId: String(row.id) });
    return row.id;
  });
  return visitOf(db, actor, id);
}

async function toVisits(db: Executor, actor: Actor, rows: VisitRow[]): Promise<TVisit[]> {
  const links = rows.length
    ? await repo.casesOfVisits(db, rows.map((r) => r.id))
    : [];
  return rows.map((v) => ({
    id: v.id,
    centreId: v.centre_id,
    contactName: v.contact_name,
    // Staff need the number to call ahead; the applicant sees their own.
    contactPhone: actor.role === 'applicant' ? v.contact_phone : (maskPhone(v.contact_phone) ?? ''),
    address: v.address,
    reason: v.reason,
    itemName: v.item_name,
    description: v.description,
    status: v.status,
    triageNote: v.triage_note,
    assigneeId: v.assignee_id,
    assigneeName: v.assignee_name,
    visitDate: v.visit_date,
    visitRecord: v.visit_record,
    visitedAt: v.visited_at?.toISOString() ?? null,
    createdAt: v.created_at.toISOString(),
    cases: links.filter((l) => l.visit_id === v.id).map((l) => ({ id: l.id, number: l.number, itemName: l.item_name, status: l.status })),
  }));
}

export async function visitOf(db: Executor, actor: Actor, id: number): Promise<TVisit> {
  const rows = await repo.visibleVisit(db, actor, id);
  if (!rows.length) throw notFound('上门服务');
  return (await toVisits(db, actor, rows))[0]!;
}

export async function listVisits(db: Database, actor: Actor): Promise<TVisit[]> {
  const rows = await repo.visibleVisits(db, actor);
  return toVisits(db, actor, rows);
}

async function lockVisit(trx: Executor, id: number) {
  const row = await repo.lockVisit(trx, id);
  if (!row) throw notFound('上门服务');
  return row;
}

async function tell(trx: Executor, visit: { applicant_id: number | null }, title: string, body: string) {
  if (visit.applicant_id) await enqueueNotification(trx, { userId: visit.applicant_id, caseId: null, kind: 'home_visit', title, body, sms: true });
}

/** 研判: the centre accepts the request or declines it with a reason. */
export async function triageVisit(db: Database, actor: Actor, id: number, decision: 'accept' | 'decline', note: string): Promise<TVisit> {
  if (actor.role !== 'admin') throw forbidden('由中心管理员研判');
  await db.transaction().execute(async (trx) => {
    const visit = await lockVisit(trx, id);
    if (visit.centre_id !== actor.centreId) throw notFound('上门服务');
    if (visit.status !== 'requested') throw invalidState('只有待研判的申请可以受理或不予受理');
    await repo.updateVisit(trx, id, { status: decision === 'accept' ? 'accepted' : 'declined', triage_note: note, triaged_by: actor.id, triaged_at: clockNow() });
    await tell(trx, visit, decision === 'accept' ? '上门服务已受理' : '上门服务未能受理', note);
    await writeAudit(trx, { actorId: actor.id, action: `visit.${decision}`, targetType: 'home_visit', targetId: String(id) });
  });
  return visitOf(db, actor, id);
}

/** 派单: a clerk of the centre and the date of the visit. */
export async function assignVisit(db: Database, actor: Actor, id: number, assigneeId: number, visitDate: string): Promise<TVisit> {
  if (actor.role !== 'admin') throw forbidden('由中心管理员派单');
  if (visitDate < chinaDate()) throw validationFailed('body.visitDate', '上门日期不能早于今天');
  await db.transaction().execute(async (trx) => {
    const visit = await lockVisit(trx, id);
    if (visit.centre_id !== actor.centreId) throw notFound('上门服务');
    if (visit.status !== 'accepted' && visit.status !== 'assigned') throw invalidState('受理后才能派单');
    const staff = await repo.centreClerk(trx, assigneeId, visit.centre_id);
    if (!staff) throw notFound('工作人员');
    await repo.updateVisit(trx, id, { status: 'assigned', assignee_id: staff.id, visit_date: visitDate });
    await enqueueNotification(trx, { userId: staff.id, caseId: null, kind: 'home_visit_assigned', title: '上门服务任务', body: `${visitDate} 上门：${visit.address}`, sms: true });
    await tell(trx, visit, '上门服务已安排', `工作人员 ${staff.display_name} 将于 ${visitDate} 上门服务。`);
    await writeAudit(trx, { actorId: actor.id, action: 'visit.assign', targetType: 'home_visit', targetId: String(id), detail: { assigneeId, visitDate } });
  });
  return visitOf(db, actor, id);
}

/**
 * 上门记录: the assigned clerk records the visit and the case(s) opened for the person (registered
 * at the visit like a walk-in); more cases may be linked later while the visit is open.
 */
export async function recordVisit(db: Database, actor: Actor, id: number, input: { record?: string; caseIds: string[] }): Promise<TVisit> {
  await db.transaction().execute(async (trx) => {
    const visit = await lockVisit(trx, id);
    if (visit.assignee_id !== actor.id) throw notFound('上门服务');
    if (visit.status !== 'assigned' && visit.status !== 'visited') throw invalidState('派单后才能记录上门情况');
    if (visit.status === 'assigned' && !input.record) throw validationFailed('body.record', '请填写上门记录');
    for (const caseId of input.caseIds) {
      const visible = await visibleCaseId(trx, actor, caseId);
      if (!visible) throw notFound('办件');
    }
    if (input.caseIds.length) await repo.linkCases(trx, id, input.caseIds);
    if (input.record) await repo.updateVisit(trx, id, { status: 'visited', visit_record: input.record, visited_at: visit.visited_at ?? clockNow() });
    await writeAudit(trx, { actorId: actor.id, action: 'visit.record', targetType: 'home_visit', targetId: String(id), detail: { caseIds: input.caseIds } });
  });
  return visitOf(db, actor, id);
}

export async function closeVisit(db: Database, actor: Actor, id: number): Promise<TVisit> {
  if (actor.role !== 'admin') throw forbidden('由中心管理员办结');
  await db.transaction().execute(async (trx) => {
    const visit = await lockVisit(trx, id);
    if (visit.centre_id !== actor.centreId) throw notFound('上门服务');
    if (visit.status !== 'visited') throw invalidState('上门后才能办结');
    await repo.updateVisit(trx, id, { status: 'closed' });
    await writeAudit(trx, { actorId: actor.id, action: 'visit.close', targetType: 'home_visit', targetId: String(id) });
  });
  return visitOf(db, actor, id);
}
