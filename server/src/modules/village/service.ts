import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database.js';
import { AppError, forbidden, invalidState, notFound, validationFailed } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { findOrAddWalkInApplicant } from '../auth/applicants.js';
import { writeAudit } from '../auth/repo.js';
import { registerWalkIn } from '../cases/service.js';
import { receivableAt } from '../network/repo.js';
import { enqueueNotification } from '../notifications/repo.js';
import { maskPhone } from '../../util/mask.js';
import type { TAgencyApplication, TConsent, TConsentRequest, TPointCount } from './schema.js';
import { now as clockNow } from '../../util/clock.js';

/** An SMS code is read back within this many tries; then the agent asks for a new one. */
const MAX_SMS_ATTEMPTS = 5;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const hashCode = (code: string) => crypto.createHash('sha256').update(code).digest();

/** The agent's point, or refused: only agents of an open village point act here. */
async function agentPoint(db: Executor, actor: Actor) {
  if (actor.role !== 'agent' || actor.centreId === null) throw forbidden('只有村代办员可以代办');
  const point = await db.selectFrom('centres').select(['id', 'kind', 'active']).where('id', '=', actor.centreId).executeTakeFirst();
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
    const consent = await trx
      .insertInto('village_agency_consents')
      .values({
        point_id: point.id,
        agent_id: actor.id,
        applicant_id: applicantId,
        item_id: input.itemId,
        kind: input.kind,
        signature_png: png,
        sms_code_hash: code ? hashCode(code) : null,
        confirmed_at: input.kind === 'signature' ? clockNow() : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
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
    const consent = await trx
      .selectFrom('village_agency_consents')
      .innerJoin('users', 'users.id', 'village_agency_consents.applicant_id')
      .select(['village_agency_consents.id', 'kind', 'sms_code_hash', 'sms_attempts', 'confirmed_at', 'village_agency_consents.created_at', 'users.phone'])
      .where('village_agency_consents.id', '=', consentId)
      .where('agent_id', '=', actor.id)
      .forUpdate()
      .executeTakeFirst();
    if (!consent || consent.kind !== 'sms') throw notFound('授权');
    if (consent.confirmed_at) return { id: consent.id, kind: 'sms' as const, confirmed: true, maskedPhone: maskPhone(consent.phone) ?? '' };
    if (consent.sms_attempts >= MAX_SMS_ATTEMPTS || Date.now() - consent.created_at.getTime() > 10 * 60_000) throw invalidState('验证码已失效，请重新发送');
    const ok = crypto.timingSafeEqual(hashCode(code), consent.sms_code_hash!);
    await trx
      .updateTable('village_agency_consents')
      .set(ok ? { confirmed_at: clockNow() } : { sms_attempts: consent.sms_attempts + 1 })
      .where('id', '=', consent.id)
      .execute();
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
  const consent = await db
    .selectFrom('village_agency_consents')
    .innerJoin('users', 'users.id', 'village_agency_consents.applicant_id')
    .select(['village_agency_consents.id', 'item_id', 'confirmed_at', 'used_by_case', 'users.display_name', 'users.identity_number', 'users.phone'])
    .where('village_agency_consents.id', '=', input.consentId)
    .where('agent_id', '=', actor.id)
    .executeTakeFirst();
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
      const spent = await trx.updateTable('village_agency_consents').set({ used_by_case: caseId }).where('id', '=', consent.id).where('used_by_case', 'is', null).executeTakeFirst();
      if (spent.numUpdatedRows !== 1n) throw new AppError('CONFLICT', '该授权已用于一件申请');
      await trx.insertInto('village_agency_applications').values({ case_id: caseId, point_id: point.id, agent_id: actor.id, consent_id: consent.id }).execute();
      await writeAudit(trx, { actorId: actor.id, action: 'village.apply', targetType: 'case', targetId: caseId, detail: { pointId: point.id, consentId: consent.id } });
    },
  });
}

/** The agent's applications with where each stands (tracking). */
export async function listApplications(db: Executor, actor: Actor): Promise<TAgencyApplication[]> {
  await agentPoint(db, actor);
  const rows = await db
    .selectFrom('village_agency_applications as a')
    .innerJoin('cases', 'cases.id', 'a.case_id')
    .innerJoin('service_items', 'service_items.id', 'cases.item_id')
    .innerJoin('users', 'users.id', 'cases.applicant_id')
    .innerJoin('village_agency_consents as c', 'c.id', 'a.consent_id')
    .select(['a.case_id', 'cases.number', 'service_items.name as item_name', 'users.display_name', 'cases.status', 'c.kind', 'cases.submitted_at', 'a.handed_back_at'])
    .where('a.agent_id', '=', actor.id)
    .orderBy('cases.submitted_at', 'desc')
    .limit(200)
    .execute();
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
    const row = await trx
      .selectFrom('village_agency_applications as a')
      .innerJoin('cases', 'cases.id', 'a.case_id')
      .select(['a.case_id', 'a.handed_back_at', 'cases.status'])
      .where('a.case_id', '=', caseId)
      .where('a.agent_id', '=', actor.id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('代办件');
    if (row.handed_back_at) throw invalidState('结果已交还村民');
    if (!['completed', 'refused', 'withdrawn'].includes(row.status)) throw invalidState('办件尚未办结出件，不能交还结果');
    await trx.updateTable('village_agency_applications').set({ handed_back_at: clockNow(), handed_back_note: note }).where('case_id', '=', caseId).execute();
    await writeAudit(trx, { actorId: actor.id, action: 'village.hand_back', targetType: 'case', targetId: caseId });
  });
}

/** Supervision: agency cases per village point under the prefix (every point, also those with none). */
export async function countsPerPoint(db: Executor, prefix: string): Promise<TPointCount[]> {
  const { rows } = await sql<{ point_id: number; point_name: string; region_code: string; agents: number; total: number; open: number; completed: number; handed_back: number }>`
    SELECT p.id AS point_id, p.name AS point_name, p.region_code,
           (SELECT count(*)::int FROM users u WHERE u.centre_id = p.id AND u.role = 'agent' AND NOT u.disabled) AS agents,
           count(a.case_id)::int AS total,
           count(a.case_id) FILTER (WHERE c.status IN ('submitted', 'correction_required', 'accepted', 'approved', 'denied'))::int AS open,
           count(a.case_id) FILTER (WHERE c.status = 'completed')::int AS completed,
           count(a.handed_back_at)::int AS handed_back
      FROM centres p
      JOIN regions r ON r.code = p.region_code
      LEFT JOIN village_agency_applications a ON a.point_id = p.id
      LEFT JOIN cases c ON c.id = a.case_id
     WHERE p.kind IN ('agency_point', 'village_station') AND r.stat_code LIKE ${`${prefix}%`}
     GROUP BY p.id, p.name, p.region_code
     ORDER BY p.region_code, p.id`.execute(db);
  return rows.map((r) => ({ pointId: r.point_id, pointName: r.point_name, regionCode: r.region_code, agents: r.agents, total: r.total, open: r.open, completed: r.completed, handedBack: r.handed_back }));
}
