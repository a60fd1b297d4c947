import type { Database, Executor, Tx } from '../../db/database.js';
import type { ItemMaterial } from '../../db/schema.js';
import { AppError, forbidden, invalidState, notFound } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import { now as clockNow } from '../../util/clock.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { acceptanceBlockers, blockerText, checkSubmission, mustBring, pointText, unansweredPoints, type CorrectionPoint } from './checklist.js';
import * as checklistRepo from './checklist-repo.js';
import * as repo from './repo.js';
import { timelineTransaction } from './signals.js';
import { recordOnTimeline } from './service.js';

/** A 容缺 promise as the applicant or the clerk records it: which material, by which date. */
export interface Deferral {
  materialId: string;
  promisedDate: string;
}

const names = (materials: ItemMaterial[]) => materials.map((m) => `${m.id} ${m.name}`).join('、');

/**
 * Checks the deferrals asked for against the list: each names a listed material the item lets
 * follow later (容缺受理), promised for a day after today.
 */
function checkDeferrals(list: readonly ItemMaterial[], deferred: readonly Deferral[], field: string): void {
  const today = chinaDate();
  for (const [index, d] of deferred.entries()) {
    const material = list.find((m) => m.id === d.materialId);
    if (!material) throw new AppError('VALIDATION_FAILED', `事项没有编号为 ${d.materialId} 的材料`, [{ field: `${field}[${index}].materialId`, message: '事项没有该材料' }]);
    if (!material.deferrable) throw new AppError('VALIDATION_FAILED', `「${material.name}」不允许容缺受理，须在受理前提交`, [{ field: `${field}[${index}].materialId`, message: '该材料不允许容缺' }]);
    if (d.promisedDate <= today) throw new AppError('VALIDATION_FAILED', `「${material.name}」的承诺补交日期应晚于今天（${today}）`, [{ field: `${field}[${index}].promisedDate`, message: '承诺补交日期应晚于今天' }]);
  }
}

/**
 * 申报 with materials: the files the applicant sent answer listed materials; every required one
 * must be among them, deferred under 容缺 or replaceable by a licence or commitment, or the
 * submission is refused naming what is missing (MATERIALS_MISSING).
 */
export function assertSubmissionComplete(list: readonly ItemMaterial[], sentMaterialIds: ReadonlySet<string>, deferred: readonly Deferral[]): void {
  checkDeferrals(list, deferred, 'body.deferred');
  const { missing } = checkSubmission(list, sentMaterialIds, new Set(deferred.map((d) => d.materialId)));
  if (missing.length) {
    throw new AppError(
      'MATERIALS_MISSING',
      `缺少必要材料：${names(missing)}。请上传后再提交${list.some((m) => m.deferrable) ? '（可容缺的材料可承诺日期后补交）' : ''}`,
      missing.map((m) => ({ field: `body.materials.${m.id}`, message: `缺少「${m.name}」` })),
    );
  }
}

/** Records 容缺 promises on a case in the caller's transaction, one audit row each. */
export async function recordDeferrals(trx: Executor, current: { id: string; item_id: number; item_version_id: number | null }, deferred: readonly Deferral[], actor: Actor, field = 'body.deferred') {
  if (deferred.length === 0) return;
  const list = await checklistRepo.listedMaterialsOf(trx, current);
  checkDeferrals(list, deferred, field);
  const at = clockNow();
  for (const d of deferred) {
    const material = list.find((m) => m.id === d.materialId)!;
    await checklistRepo.saveDeferral(trx, { caseId: current.id, materialId: d.materialId, materialName: material.name, promisedDate: d.promisedDate, by: actor.id, at });
    await writeAudit(trx, { actorId: actor.id, action: 'material.defer', targetType: 'case', targetId: current.id, detail: { materialId: d.materialId, promisedDate: d.promisedDate } });
  }
}

/**
 * 受理 waits for the clerk's check: every required material verified as accepted or deferred
 * under 容缺; otherwise refused naming each (MATERIALS_UNVERIFIED).
 */
export async function assertAcceptable(db: Executor, current: repo.CaseRow): Promise<void> {
  assertAcceptableWith(await checklistRepo.findAcceptanceFacts(db, current));
}

/**
 * The required materials not verified as accepted nor deferred, in words ("M01 申请书（未核验）").
 * A clerk cannot accept with any; an acceptance by law (art. 32) records them instead.
 */
export async function unverifiedMaterials(db: Executor, current: repo.CaseRow): Promise<string[]> {
  const list = await checklistRepo.listedMaterialsOf(db, current);
  if (!list.some(mustBring)) return [];
  return acceptanceBlockers(list, await checklistRepo.standingOf(db, current.id)).map(blockerText);
}

/** assertAcceptable on facts already read (checklistRepo.findAcceptanceFacts). */
export function assertAcceptableWith(facts: Pick<checklistRepo.AcceptanceFacts, 'materials' | 'standing'>): void {
  const blockers = facts.materials.some(mustBring) ? acceptanceBlockers(facts.materials, facts.standing).map(blockerText) : [];
  if (blockers.length) {
    throw new AppError('MATERIALS_UNVERIFIED', `以下必要材料尚未核验通过，不能受理：${blockers.join('、')}`);
  }
}

/**
 * 窗口核验 at the window: the clerk saw these listed materials (paper or file) and found them in
 * order; recorded as accepted in the caller's transaction, one audit row each.
 */
export async function recordSeenMaterials(trx: Executor, current: { id: string; item_id: number; item_version_id: number | null }, checklist: readonly string[], actor: Actor) {
  const list = await checklistRepo.listedMaterialsOf(trx, current);
  const at = clockNow();
  for (const entry of checklist) {
    // The window's tick list names materials by id; older clients sent the name.
    const material = list.find((m) => m.id === entry || m.name === entry);
    if (!material) continue;
    await checklistRepo.saveCheck(trx, { caseId: current.id, materialId: material.id, verdict: 'accepted', reason: null, by: actor.id, at });
    await writeAudit(trx, { actorId: actor.id, action: 'material.verify', targetType: 'case', targetId: current.id, detail: { materialId: material.id, verdict: 'accepted' } });
  }
}

/**
 * 材料核验: the clerk's verdict on one listed material, before acceptance (or, for a 容缺
 * material, when it arrives after): accepted, or defective with the reason. One timeline row and
 * one audit row; an accepted 容缺 material closes its promise.
 */
export async function verifyMaterial(options: { db: Database; actor: Actor; caseId: string; materialId: string; verdict: 'accepted' | 'defective'; reason?: string }) {
  const { db, actor } = options;
  if (actor.role !== 'clerk') throw forbidden('只有窗口人员可以核验材料');
  const reason = options.reason?.trim() || null;
  if (options.verdict === 'defective' && !reason) throw new AppError('VALIDATION_FAILED', '请写明材料不合格的原因', [{ field: 'body.reason', message: '请写明不合格原因' }]);
  return timelineTransaction(db, async (trx) => {
    const current = await repo.lockVisibleCase(trx, options.caseId, actor);
    if (!current) throw notFound('办件');
    const list = await checklistRepo.listedMaterialsOf(trx, current);
    const material = list.find((m) => m.id === options.materialId);
    if (!material) throw notFound('材料');
    const deferral = await checklistRepo.findOpenDeferral(trx, current.id, material.id);
    if (current.status !== 'submitted' && !(deferral && ['accepted', 'approved', 'denied'].includes(current.status))) {
      throw invalidState('只有待受理的办件，或受理后补交的容缺材料，可以核验');
    }
    const at = clockNow();
    await checklistRepo.saveCheck(trx, { caseId: current.id, materialId: material.id, verdict: options.verdict, reason, by: actor.id, at });
    const delivered = Boolean(deferral && options.verdict === 'accepted');
    if (delivered) await checklistRepo.closeDeferral(trx, current.id, material.id, actor.id, at);
    await recordOnTimeline(trx, current, {
      action: 'verify_material',
      actor,
      note: reason,
      data: { materialId: material.id, materialName: material.name, verdict: options.verdict, ...(delivered ? { deferredDelivered: true } : {}) },
    });
    await writeAudit(trx, { actorId: actor.id, action: 'material.verify', targetType: 'case', targetId: current.id, detail: { materialId: material.id, verdict: options.verdict } });
  });
}

/** The points of a correction notice, each about a listed material or free, checked against the list. */
export async function correctionPoints(db: Executor, current: repo.CaseRow, points: readonly CorrectionPoint[]) {
  const list = await checklistRepo.listedMaterialsOf(db, current);
  for (const [index, p] of points.entries()) {
    if (p.materialId && !list.some((m) => m.id === p.materialId)) {
      throw new AppError('VALIDATION_FAILED', `事项没有编号为 ${p.materialId} 的材料`, [{ field: `body.points[${index}].materialId`, message: '事项没有该材料' }]);
    }
  }
  return { points: [...points], missing: points.map((p) => pointText(p, list)) };
}

/**
 * A resubmission answers the whole notice: every point has a written answer, or a material point
 * a new file for that material; otherwise refused naming the unanswered points
 * (CORRECTION_UNANSWERED).
 */
export async function assertCorrectionAnswered(db: Executor, current: repo.CaseRow, answers: ReadonlyMap<number, string>): Promise<void> {
  const notice = await checklistRepo.latestCorrection(db, current.id);
  if (!notice || notice.points.length === 0) return;
  const files = await checklistRepo.filesByMaterial(db, current.id);
  const fresh = new Set([...files].filter(([, f]) => f.latest > notice.at).map(([id]) => id));
  const open = unansweredPoints(notice.points, answers, fresh);
  if (open.length) {
    const list = await checklistRepo.listedMaterialsOf(db, current);
    throw new AppError(
      'CORRECTION_UNANSWERED',
      `补正通知共 ${notice.points.length} 项，尚有 ${open.length} 项未补正：${open.map((i) => `第 ${i + 1} 项「${pointText(notice.points[i]!, list)}」`).join('、')}`,
      open.map((i) => ({ field: `body.answers[${i}]`, message: '请上传该材料的新文件或填写补正说明' })),
    );
  }
}

/** 材料清单: the case's listed materials with files, verdicts, 容缺 promises and open correction points. */
export async function getChecklist(db: Executor, actor: Actor, caseId: string) {
  const current = await repo.findVisibleCase(db, caseId, actor);
  if (!current) throw notFound('办件');
  const list = await checklistRepo.listedMaterialsOf(db, current);
  const [files, checks, deferrals, notice] = await Promise.all([
    checklistRepo.filesByMaterial(db, current.id),
    db.selectFrom('case_material_checks').selectAll().where('case_id', '=', current.id).execute(),
    checklistRepo.listDeferrals(db, current.id),
    current.status === 'correction_required' ? checklistRepo.latestCorrection(db, current.id) : Promise.resolve(undefined),
  ]);
  const today = chinaDate();
  return {
    materials: list.map((m) => {
      const check = checks.find((c) => c.material_id === m.id);
      const deferral = deferrals.find((d) => d.material_id === m.id);
      return {
        id: m.id,
        name: m.name,
        requirement: m.requirement,
        condition: m.condition ?? null,
        deferrable: Boolean(m.deferrable),
        governmentHeld: Boolean(m.governmentHeld),
        fileCount: files.get(m.id)?.count ?? 0,
        verdict: check?.verdict ?? ('unverified' as const),
        reason: check?.reason ?? null,
        verifiedAt: check ? check.verified_at.toISOString() : null,
        deferral: deferral
          ? { promisedDate: deferral.promised_date, closed: deferral.closed_at !== null, overdue: deferral.closed_at === null && deferral.promised_date < today }
          : null,
      };
    }),
    correction: notice
      ? {
          issuedAt: notice.at.toISOString(),
          points: notice.points.map((p, index) => ({
            index,
            materialId: p.materialId,
            text: pointText(p, list),
            hasNewFile: Boolean(p.materialId && (files.get(p.materialId)?.latest ?? new Date(0)) > notice.at),
          })),
        }
      : null,
  };
}

/**
 * 容缺 promises past their date: each warned once, on its case's timeline, to the applicant, the
 * clerk who accepted and the department. Runs in the warning sweep's transaction.
 */
export async function warnOverdueDeferrals(trx: Tx, today: string, notify: (userId: number, caseId: string, title: string, body: string) => Promise<void>, limit = 500): Promise<number> {
  const overdue = await checklistRepo.overdueDeferrals(trx, today, limit);
  for (const d of overdue) {
    const current = await trx.selectFrom('cases').selectAll().where('id', '=', d.case_id).forUpdate().executeTakeFirstOrThrow();
    await recordOnTimeline(trx, current, { action: 'material_overdue', data: { materialId: d.material_id, materialName: d.material_name, promisedDate: d.promised_date, today } });
    await checklistRepo.markDeferralWarned(trx, d.case_id, d.material_id, clockNow());
    const title = '容缺材料逾期未补交';
    const body = `办件 ${d.number} 的容缺材料「${d.material_name}」承诺于 ${d.promised_date} 前补交，至今未补交。`;
    const recipients = new Set([d.applicant_id, ...(d.clerk_id ? [d.clerk_id] : []), ...(d.assignee_id ? [d.assignee_id] : [])]);
    for (const userId of recipients) await notify(userId, d.case_id, title, body);
  }
  return overdue.length;
}
