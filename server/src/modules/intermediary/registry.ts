import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database.js';
import { AppError, forbidden, invalidState, notFound } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import { isValidCreditCode } from '../../util/identity.js';
import type { Actor } from '../auth/actor.js';
import { hashPassword } from '../auth/password.js';
import { computeScore, type Score } from './assessment.js';
import { recordEvent } from './events.js';
import { isCentreAdmin } from './policy.js';
import * as repo from './repo.js';
import type { SanctionKind } from './tables.js';
import { now as clockNow } from '../../util/clock.js';

/** 中介机构: registration, review, qualifications, staff, sanctions and their daily expiry. */

export interface RegistrationInput {
  creditCode: string;
  name: string;
  legalRepresentative: string;
  address: string;
  phone: string;
  contactName: string;
  introduction?: string;
  offices?: { address: string; phone: string }[];
  regionCode: string;
  account: { username: string; password: string };
}

/**
 * Registers an intermediary with its own sign-in account: online by the intermediary itself
 * (网上中介超市), or in the hall by the centre for one stationed there. Either way it waits for the
 * centre's review before it may respond to any announcement.
 */
export async function registerIntermediary(db: Database, options: { actor: Actor | null; presence: 'online' | 'hall'; input: RegistrationInput }) {
  const { input, actor } = options;
  if (options.presence === 'hall' && (!actor || !isCentreAdmin(actor))) throw forbidden('入驻大厅的中介机构由中心登记');
  if (!isValidCreditCode(input.creditCode)) {
    throw new AppError('VALIDATION_FAILED', '统一社会信用代码校验位不正确', [{ field: 'body.creditCode', message: '统一社会信用代码校验位不正确' }]);
  }
  const passwordHash = await hashPassword(input.account.password);
  return db.transaction().execute(async (trx) => {
    const taken = await trx.selectFrom('intermediaries').select('id').where('credit_code', '=', input.creditCode).executeTakeFirst();
    if (taken) throw new AppError('CONFLICT', '该统一社会信用代码已登记');
    const user = await trx
      .insertInto('users')
      .values({
        username: input.account.username,
        password_hash: passwordHash,
        display_name: input.name,
        role: 'intermediary',
        applicant_kind: null,
        identity_number: input.creditCode,
        phone: input.phone,
        region_code: input.regionCode,
        centre_id: null,
        department_id: null,
        window_id: null,
      })
      .onConflict((oc) => oc.column('username').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!user) throw new AppError('CONFLICT', '用户名已被使用');
    const row = await trx
      .insertInto('intermediaries')
      .values({
        credit_code: input.creditCode,
        name: input.name,
        presence: options.presence,
        legal_representative: input.legalRepresentative,
        address: input.address,
        phone: input.phone,
        contact_name: input.contactName,
        introduction: input.introduction ?? '',
        offices: JSON.stringify(input.offices ?? []),
        account_user_id: user.id,
        region_code: input.regionCode,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordEvent(trx, actor, { action: 'registered', entity: 'intermediary', entityId: row.id, data: { presence: options.presence, name: input.name } });
    return { id: row.id };
  });
}

/** The centre approves or rejects a registration. */
export async function reviewIntermediary(db: Database, options: { actor: Actor; id: number; approve: boolean; note: string }) {
  if (!isCentreAdmin(options.actor)) throw forbidden('只有中心管理员可以审核中介机构');
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('intermediaries').select(['id', 'status']).where('id', '=', options.id).forUpdate().executeTakeFirst();
    if (!row) throw notFound('中介机构');
    if (row.status !== 'pending' && row.status !== 'rejected') throw invalidState('只有待审核或未通过的登记可以审核');
    const status = options.approve ? 'approved' : 'rejected';
    await trx
      .updateTable('intermediaries')
      .set({ status, review_note: options.note, reviewed_by: options.actor.id, reviewed_at: clockNow() })
      .where('id', '=', row.id)
      .execute();
    await recordEvent(trx, options.actor, { action: options.approve ? 'approved' : 'rejected', entity: 'intermediary', entityId: row.id, data: { note: options.note } });
    return { status };
  });
}

/** The intermediary's own record, or the one a centre administrator names. */
async function ownIntermediary(db: Executor, actor: Actor, id?: number) {
  if (actor.role === 'intermediary') {
    const own = await repo.findIntermediaryOfUser(db, actor.id);
    if (!own || (id !== undefined && own.id !== id)) throw notFound('中介机构');
    return own;
  }
  if (isCentreAdmin(actor) && id !== undefined) {
    const row = await repo.findIntermediary(db, id);
    if (!row) throw notFound('中介机构');
    return row;
  }
  throw forbidden('当前角色无权维护中介机构信息');
}

/** Adds or renews a qualification for one service type (资质, with its validity and fee standard). */
export async function saveQualification(
  db: Database,
  options: { actor: Actor; intermediaryId?: number; serviceTypeId: number; certificateNumber: string; grade: string; validFrom: string; validTo: string; feeStandard: string; today?: string },
) {
  if (options.validTo < options.validFrom) throw new AppError('VALIDATION_FAILED', '有效期止不能早于有效期起', [{ field: 'body.validTo', message: '不能早于有效期起' }]);
  return db.transaction().execute(async (trx) => {
    const org = await ownIntermediary(trx, options.actor, options.intermediaryId);
    const type = await trx.selectFrom('intermediary_service_types').select('id').where('id', '=', options.serviceTypeId).executeTakeFirst();
    if (!type) throw notFound('中介服务事项');
    const today = options.today ?? chinaDate();
    const status = options.validTo < today ? 'expired' : 'active';
    const row = await trx
      .insertInto('intermediary_qualifications')
      .values({
        intermediary_id: org.id,
        service_type_id: options.serviceTypeId,
        certificate_number: options.certificateNumber,
        grade: options.grade,
        valid_from: options.validFrom,
        valid_to: options.validTo,
        fee_standard: options.feeStandard,
        status,
      })
      .onConflict((oc) =>
        oc.columns(['intermediary_id', 'service_type_id']).doUpdateSet({
          certificate_number: options.certificateNumber,
          grade: options.grade,
          valid_from: options.validFrom,
          valid_to: options.validTo,
          fee_standard: options.feeStandard,
          status,
        }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordEvent(trx, options.actor, { action: 'qualification_saved', entity: 'intermediary', entityId: org.id, data: { serviceTypeId: options.serviceTypeId, validTo: options.validTo } });
    return { id: row.id, status };
  });
}

export async function addStaff(db: Database, options: { actor: Actor; intermediaryId?: number; name: string; title: string; certificateNumber?: string }) {
  return db.transaction().execute(async (trx) => {
    const org = await ownIntermediary(trx, options.actor, options.intermediaryId);
    const row = await trx
      .insertInto('intermediary_staff')
      .values({ intermediary_id: org.id, name: options.name, title: options.title, certificate_number: options.certificateNumber ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordEvent(trx, options.actor, { action: 'staff_added', entity: 'intermediary', entityId: org.id, data: { staffId: row.id } });
    return { id: row.id };
  });
}

/**
 * 警告 / 暂停 / 清退: the centre's sanctions, with reason and period. A suspension or blacklisting
 * takes the intermediary out of every selection until it ends.
 */
export async function sanctionIntermediary(db: Database, options: { actor: Actor; id: number; kind: SanctionKind; reason: string; days?: number; today?: string }) {
  if (!isCentreAdmin(options.actor)) throw forbidden('只有中心管理员可以处理中介机构');
  const today = options.today ?? chinaDate();
  if (options.kind === 'suspension' && !options.days) {
    throw new AppError('VALIDATION_FAILED', '暂停须写明期限', [{ field: 'body.days', message: '暂停须写明天数' }]);
  }
  const endsOn = options.days ? addNaturalDays(today, options.days) : null;
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('intermediaries').select(['id', 'status']).where('id', '=', options.id).forUpdate().executeTakeFirst();
    if (!row) throw notFound('中介机构');
    if (row.status === 'pending' || row.status === 'rejected') throw invalidState('未入驻的中介机构不能处理');
    const sanction = await trx
      .insertInto('intermediary_sanctions')
      .values({ intermediary_id: row.id, kind: options.kind, reason: options.reason, starts_on: today, ends_on: endsOn, decided_by: options.actor.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (options.kind !== 'warning') {
      await trx
        .updateTable('intermediaries')
        .set({ status: options.kind === 'suspension' ? 'suspended' : 'blacklisted', sanction_ends_on: endsOn })
        .where('id', '=', row.id)
        .execute();
    }
    await recordEvent(trx, options.actor, { action: `sanction_${options.kind}`, entity: 'intermediary', entityId: row.id, data: { sanctionId: sanction.id, reason: options.reason, endsOn } });
    return { id: sanction.id, endsOn };
  });
}

export function addNaturalDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The daily sweep: qualifications past their validity stop counting (the service type is
 * suspended for that intermediary), and sanctions whose period ended are lifted. Each change is on
 * the chain. Responding also checks the dates itself, so nothing waits for this sweep to be safe.
 */
export async function sweepIntermediaries(db: Database, today = chinaDate()) {
  return db.transaction().execute(async (trx) => {
    const expired = await trx
      .updateTable('intermediary_qualifications')
      .set({ status: 'expired' })
      .where('status', '=', 'active')
      .where('valid_to', '<', today)
      .returning(['id', 'intermediary_id', 'service_type_id', 'valid_to'])
      .execute();
    for (const q of expired) {
      await recordEvent(trx, null, { action: 'qualification_expired', entity: 'intermediary', entityId: q.intermediary_id, data: { serviceTypeId: q.service_type_id, validTo: q.valid_to } });
    }
    const lifted = await trx
      .updateTable('intermediaries')
      .set({ status: 'approved', sanction_ends_on: null })
      .where('status', 'in', ['suspended', 'blacklisted'])
      .where('sanction_ends_on', '<', today)
      .returning('id')
      .execute();
    for (const l of lifted) await recordEvent(trx, null, { action: 'sanction_ended', entity: 'intermediary', entityId: l.id });
    return { expired: expired.length, lifted: lifted.length };
  });
}

/** Starts the daily sweep in the server (checked every hour; cheap when there is nothing to do). */
export function startIntermediarySweep(db: Database, onError: (error: unknown) => void): () => void {
  const run = () => void sweepIntermediaries(db).catch(onError);
  const timer = setInterval(run, 3_600_000);
  timer.unref();
  run();
  return () => clearInterval(timer);
}

/** Current scores of the given intermediaries (all when omitted), from their records. */
export async function scoresOf(db: Executor, today: string, ids?: number[]): Promise<Map<number, Score>> {
  const [rules, records] = await Promise.all([repo.readRules(db), repo.assessmentRecords(db, today, ids)]);
  const scores = new Map<number, Score>();
  for (const [id, r] of records) scores.set(id, computeScore(r, rules));
  return scores;
}

/** The public list (ranked by score), or the centre's full list with pending registrations. */
export async function listIntermediaries(db: Executor, options: { includeUnapproved: boolean; serviceTypeId?: number; today?: string }) {
  const today = options.today ?? chinaDate();
  let query = db.selectFrom('intermediaries').selectAll().orderBy('id');
  if (!options.includeUnapproved) query = query.where('status', 'in', ['approved', 'suspended', 'blacklisted']);
  if (options.serviceTypeId !== undefined) {
    const typeId = options.serviceTypeId;
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('intermediary_qualifications as q').select('q.id').whereRef('q.intermediary_id', '=', 'intermediaries.id').where('q.service_type_id', '=', typeId)),
    );
  }
  const rows = await query.execute();
  const ids = rows.map((r) => r.id);
  const [qualifications, scores] = await Promise.all([repo.listQualifications(db, ids), scoresOf(db, today, ids)]);
  return rows
    .map((row) => ({
      row,
      qualifications: qualifications.filter((q) => q.intermediary_id === row.id).map((q) => ({ ...q, usable: q.status === 'active' && q.valid_from <= today && q.valid_to >= today })),
      score: scores.get(row.id)!,
    }))
    .sort((a, b) => b.score.score - a.score.score || a.row.id - b.row.id);
}

/** May this intermediary respond for this service type today? The reason when not. */
export async function eligibility(db: Executor, intermediaryId: number, serviceTypeId: number, today: string): Promise<string | null> {
  const org = await repo.findIntermediary(db, intermediaryId);
  if (!org) return '中介机构不存在';
  if (org.status === 'pending' || org.status === 'rejected') return '中介机构尚未通过入驻审核';
  if (org.status === 'suspended' && (org.sanction_ends_on === null || org.sanction_ends_on >= today)) return '中介机构被暂停，期间不得参与选取';
  if (org.status === 'blacklisted' && (org.sanction_ends_on === null || org.sanction_ends_on >= today)) return '中介机构已被列入黑名单';
  const q = await db
    .selectFrom('intermediary_qualifications')
    .selectAll()
    .where('intermediary_id', '=', intermediaryId)
    .where('service_type_id', '=', serviceTypeId)
    .executeTakeFirst();
  if (!q) return '没有该中介服务事项的资质';
  if (q.status === 'suspended') return '该中介服务事项已暂停';
  if (q.valid_to < today || q.status === 'expired') return `该中介服务事项的资质已于 ${q.valid_to} 过期`;
  if (q.valid_from > today) return `该中介服务事项的资质自 ${q.valid_from} 起有效`;
  return null;
}

/** How many records each grade holds, per service type (for the statistics). */
export async function gradeDistribution(db: Executor, today: string) {
  const list = await listIntermediaries(db, { includeUnapproved: false, today });
  const byType = new Map<number, Map<string, number>>();
  for (const entry of list) {
    for (const q of entry.qualifications) {
      const grades = byType.get(q.service_type_id) ?? new Map<string, number>();
      grades.set(entry.score.grade, (grades.get(entry.score.grade) ?? 0) + 1);
      byType.set(q.service_type_id, grades);
    }
  }
  return byType;
}

export async function countPending(db: Executor): Promise<number> {
  const row = await sql<{ n: number }>`SELECT count(*)::int AS n FROM intermediaries WHERE status = 'pending'`.execute(db);
  return row.rows[0]!.n;
}
