import crypto from 'node:crypto';
import type { Database, Executor } from '../../db/database.js';
import { AppError, forbidden, invalidState, notFound, validationFailed } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { findOrAddWalkInApplicant } from '../auth/applicants.js';
import { writeAudit } from '../auth/repo.js';
import { registerWalkIn } from '../cases/service.js';
import { receivableAt } from '../network/repo.js';
import { enqueueNotification } from '../notifications/repo.js';
import { maskPhone } from '../../util/mask.js';
import * as repo from './repo.js';
import type { TAgencyApplication, TConsent, TConsentRequest, TPointCount } from './schema.js';
import { now as clockNow } from '../../util/clock.js';

/** An SMS code is read back within this many tries; then the agent asks for a new one. */
const MAX_SMS_ATTEMPTS = 5;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const hashCode = (code: string) => crypto.createHash('sha256').update(code).digest();

/** The agent's point, or refused: only agents of an open village point act here. */
async function agentPoint(db: Executor, actor: Actor) {
  if (actor.role !== 'agent' || actor.centreId === null) throw forbidden('只有村代办员可以代办');
  const point = await repo.findPoint(db, actor.centreId);
  if (!point || !point.active || !['agency_point', 'village_station'].includes(point.kind)) throw forbidden('只有村代办点的代办员可以代办');
  return point;
}

/**
 * Captures the villager's consent before anything is filed for them: a signature drawn on the
 * tablet (kept as the PNG), or an SMS code sent to the villager's own phone that they read back.
 */
export async function captureConsent(db: Database, actor: Actor, input: TConsentRequest): Promise<TConsent> {
  const point = await agentPoint(db, actor);
  if ((await receivableAt(db, input.itemId, point.id)) === null) throw notFound('事项');
  let png: Buffer | null = null;
  if (input.kind === 'signature') {
    png = Buffer.from(input.signaturePng, 'base64');
    if (png.length < 100 || !png.subarray(0, 8).equals(PNG_MAGIC)) throw validationFailed('body.signaturePng', '签名应为 PNG 图片');
  }
  const code = input.kind === 'sms' ? String(crypto.randomInt(0, 1_000_000)).padStart(6, '0') : null;
  return db.transaction().execute(async (trx) => {
    const applicantId = await findOrAddWalkInApplicant(trx, { kind: 'natural', ...input.villager });
    const consent = await repo.insertConsent(trx, {
      point_id: point.id,
      agent_id: actor.id,
      applicant_id: applicantId,
      item_id: input.itemId,
      kind: input.kind,
      signature_png: png,
      sms_code_hash: code ? hashCode(code) : null,
      confirmed_at: input.kind === 'signature' ? clockNow() : null,
    });
    if (code) {
      await enqueueNotification(trx, {
        userId: applicantId,
        caseId: null,
        kind: 'agency_consent',
        title: '代办授权确认',
        body: `村代办员${actor.displayName}申请为您代办事项，如同意请将验证码 ${code} 告知代办员（10 分钟内有效）。`,
        sms: true,
      });
    }
    await writeAudit(trx, { actorId: actor.id, action: 'village.consent', targetType: 'consent', targetId: String(consent.id), detail: { kind: input.kind, itemId: input.itemId } });
    return { id: consent.id, kind: input.kind, confirmed: input.kind === 'signature', maskedPhone: maskPhone(input.villager.phone) ?? '' };
  });
}

/** The villager reads the SMS code back to the agent. */
export async function confirmSmsConsent(db: Database, actor: Actor, consentId: number, code: string): Promise<TConsent> {
  await agentPoint(db, actor);
  return db.transaction().execute(async (trx) => {
    const consent = await repo.lockAgentConsent(trx, consentId, actor.id);
    if (!consent || consent.kind !== 'sms') throw notFound('授权');
    if (consent.confirmed_at) return { id: consent.id, kind: 'sms' as const, confirmed: true, maskedPhone: maskPhone(consent.phone) ?? '' };
    if (consent.sms_attempts >= MAX_SMS_ATTEMPTS || Date.now() - consent.created_at.getTime() > 10 * 60_000) throw invalidState('验证码已失效，请重新发送');
    const ok = crypto.timingSafeEqual(hashCode(code), consent.sms_code_hash!);
    await repo.updateConsent(trx, consent.id, ok ? { confirmed_at: clockNow() } : { sms_attempts: consent.sms_attempts + 1 });
    if (!ok) {
      await writeAudit(trx, { actorId: actor.id, action: 'village.consent_wrong_code', targetType: 'consent', targetId: String(consent.id) });
      return { id: consent.id, kind: 'sms' as const, confirmed: false, maskedPhone: maskPhone(consent.phone) ?? '' };
    }
    await writeAudit(trx, { actorId: actor.id, action: 'village.consent_confirmed', targetType: 'consent', targetId: String(consent.id) });
    return { id: consent.id, kind: 'sms' as const, confirmed: true, maskedPhone: maskPhone(consent.phone) ?? '' };
  });
}

/**
 * 代办申请: files the application for the villager whose confirmed consent names this item. The
 * case goes to the item's own centre to be accepted; the point keeps the link for tracking.
 */
export async function applyForVillager(db: Database, actor: Actor, input: { consentId: number; formData: Record<string, unknown> }): Promise<{ caseId: string }> {
  const point = await agentPoint(db, actor);
  const consent = await repo.agentConsentWithVillager(db, input.consentId, actor.id);
  if (!consent) throw notFound('授权');
  if (!consent.confirmed_at) throw invalidState('村民尚未确认授权');
  if (consent.used_by_case) throw new AppError('CONFLICT', '该授权已用于一件申请');
  return registerWalkIn({
    db,
    actor,
    applicant: { kind: 'natural', name: consent.display_name, identityNumber: consent.identity_number!, phone: consent.phone! },
    itemId: consent.item_id,
    formData: input.formData,
    checklist: [],
    acceptNow: false,
    within: async (trx, caseId) => {
      // The consent is spent once: a second application needs a second consent.
      const spent = await repo.spendConsent(trx, consent.id, caseId);
      if (spent.numUpdatedRows !== 1n) throw new AppError('CONFLICT', '该授权已用于一件申请');
      await repo.insertApplication(trx, { case_id: caseId, point_id: point.id, agent_id: actor.id, consent_id: consent.id });
      await writeAudit(trx, { actorId: actor.id, action: 'village.apply', targetType: 'case', targetId: caseId, detail: { pointId: point.id, consentId: consent.id } });
    },
  });
}

/** The agent's applications with where each stands (tracking). */
export async function listApplications(db: Executor, actor: Actor): Promise<TAgencyApplication[]> {
  await agentPoint(db, actor);
  const rows = await repo.agentApplications(db, actor.id);
  return rows.map((r) => ({
    caseId: r.case_id,
    number: r.number,
    itemName: r.item_name,
    villagerName: r.display_name,
    status: r.status,
    consentKind: r.kind,
    submittedAt: r.submitted_at.toISOString(),
    handedBackAt: r.handed_back_at?.toISOString() ?? null,
  }));
}

/** 送达: the agent hands the issued result back to the villager. */
export async function handBack(db: Database, actor: Actor, caseId: string, note: string): Promise<void> {
  await agentPoint(db, actor);
  await db.transaction().execute(async (trx) => {
    const row = await repo.lockAgentApplication(trx, caseId, actor.id);
    if (!row) throw notFound('代办件');
    if (row.handed_back_at) throw invalidState('结果已交还村民');
    if (!['completed', 'refused', 'withdrawn'].includes(row.status)) throw invalidState('办件尚未办结出件，不能交还结果');
    await repo.markHandedBack(trx, caseId, clockNow(), note);
    await writeAudit(trx, { actorId: actor.id, action: 'village.hand_back', targetType: 'case', targetId: caseId });
  });
}

/** Supervision: agency cases per village point under the prefix (every point, also those with none). */
export async function countsPerPoint(db: Executor, prefix: string): Promise<TPointCount[]> {
  const rows = await repo.pointCounts(db, prefix);
  return rows.map((r) => ({ pointId: r.point_id, pointName: r.point_name, regionCode: r.region_code, agents: r.agents, total: r.total, open: r.open, completed: r.completed, handedBack: r.handed_back }));
}
