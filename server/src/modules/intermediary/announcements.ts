import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database.js';
import { AppError, forbidden, invalidState, notFound } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import type { Actor } from '../auth/actor.js';
import { regionPrefix } from '../cases/policy.js';
import { calendarFor } from '../calendar/service.js';
import { recordEvent } from './events.js';
import { isOwner, mayWatch, requireOwnerChoice } from './policy.js';
import { addNaturalDays, eligibility, scoresOf } from './registry.js';
import * as repo from './repo.js';
import { drawRandom, lowestPrice, newSeed, qualityAndPrice, type Candidate } from './selection.js';
import type { DayUnit, SelectionMethod } from './tables.js';
import { now as clockNow } from '../../util/clock.js';

/** 选取公告: posting, responding, choosing without designation, publicity and the contract. */

export interface AnnouncementInput {
  serviceTypeId: number;
  projectName: string;
  caseId?: string;
  funding: 'own' | 'public';
  budgetCeiling: number;
  serviceDays: number;
  dayUnit: DayUnit;
  requirements: string;
  method: SelectionMethod;
  priceWeight?: number;
  responseDeadline: Date;
  publicityWorkdays?: number;
}

/** '1…' codes are 机关、事业单位 (GB 32100 登记管理部门 1 = 机构编制): public bodies. */
export const ownerKindOf = (creditCode: string | null) => (creditCode?.startsWith('1') ? 'public_body' : 'enterprise');

export async function postAnnouncement(db: Database, options: { actor: Actor; input: AnnouncementInput; now?: Date }) {
  const { actor, input } = options;
  const now = options.now ?? clockNow();
  // A department cannot post on an owner's behalf either: that would be choosing the terms for them.
  await requireOwnerChoice(db, actor, null, 'post_announcement');
  return db.transaction().execute(async (trx) => {
    const owner = await trx.selectFrom('users').select(['identity_number', 'region_code']).where('id', '=', actor.id).executeTakeFirstOrThrow();
    const ownerKind = ownerKindOf(owner.identity_number);
    if (ownerKind === 'public_body' && input.funding === 'own') {
      throw new AppError('VALIDATION_FAILED', '机关、事业单位使用财政资金，资金来源应为财政资金', [{ field: 'body.funding', message: '机关、事业单位应选财政资金' }]);
    }
    if (input.method === 'direct') {
      const rules = await repo.readRules(trx);
      if (input.funding !== 'own' || ownerKind !== 'enterprise' || !rules.directChoiceAllowed) {
        throw new AppError('VALIDATION_FAILED', '只有企业使用自有资金且规则允许时才可直接选取', [{ field: 'body.method', message: '不能直接选取' }]);
      }
    }
    if (input.method === 'quality_price' && input.priceWeight === undefined) {
      throw new AppError('VALIDATION_FAILED', '综合评分须写明价格权重', [{ field: 'body.priceWeight', message: '请填写价格权重' }]);
    }
    if (input.responseDeadline.getTime() < now.getTime() + 3_600_000) {
      throw new AppError('VALIDATION_FAILED', '报名截止时间至少在发布一小时之后', [{ field: 'body.responseDeadline', message: '截止时间太早' }]);
    }
    const type = await trx.selectFrom('intermediary_service_types').select(['id', 'published']).where('id', '=', input.serviceTypeId).executeTakeFirst();
    if (!type?.published) throw notFound('中介服务事项');
    // Naming a registered intermediary in the requirements is designation by another name.
    const named = await sql<{ name: string }>`SELECT name FROM intermediaries WHERE status <> 'rejected' AND strpos(${input.requirements}, name) > 0 LIMIT 1`.execute(trx);
    if (named.rows[0]) {
      throw new AppError('VALIDATION_FAILED', `服务要求不得指定中介机构（出现了“${named.rows[0].name}”）`, [{ field: 'body.requirements', message: '不得指定中介机构' }]);
    }
    if (input.caseId) {
      const own = await trx.selectFrom('cases').select('id').where('id', '=', input.caseId).where('applicant_id', '=', actor.id).executeTakeFirst();
      if (!own) throw notFound('办件');
    }
    const id = Number((await sql<{ id: string }>`SELECT nextval('intermediary_announcements_id_seq') AS id`.execute(trx)).rows[0]!.id);
    const number = `ZJ${chinaDate(now).replaceAll('-', '')}${String(id).padStart(5, '0')}`;
    await trx
      .insertInto('intermediary_announcements')
      .values({
        id,
        number,
        owner_user_id: actor.id,
        owner_kind: ownerKind,
        funding: input.funding,
        service_type_id: input.serviceTypeId,
        project_name: input.projectName,
        case_id: input.caseId ?? null,
        budget_ceiling: input.budgetCeiling,
        service_days: input.serviceDays,
        day_unit: input.dayUnit,
        requirements: input.requirements,
        method: input.method,
        price_weight: input.method === 'quality_price' ? input.priceWeight! : null,
        response_deadline: input.responseDeadline,
        publicity_workdays: input.publicityWorkdays ?? 3,
        region_code: owner.region_code ?? '220581',
      })
      .execute();
    await recordEvent(trx, actor, { action: 'announcement_posted', entity: 'announcement', entityId: id, data: { number, method: input.method, budgetCeiling: input.budgetCeiling } });
    return { id, number };
  });
}

/** What the caller may see of one announcement: responses stay sealed to the owner until the deadline. */
export async function viewAnnouncement(db: Executor, options: { actor: Actor | null; id: number; now?: Date }) {
  const row = await repo.findAnnouncement(db, options.id);
  if (!row) throw notFound('选取公告');
  const { actor } = options;
  const isOwn = actor !== null && row.owner_user_id === actor.id;
  const watching = actor !== null && mayWatch(actor) && actor.regionCode !== null && row.region_code.startsWith(regionPrefix(actor.regionCode));
  const closed = (options.now ?? clockNow()).getTime() >= row.response_deadline.getTime();
  const all = await repo.listResponses(db, row.id);
  let responses = [] as typeof all;
  if (isOwn || watching) responses = closed || watching ? all : [];
  else if (actor?.role === 'intermediary') {
    const org = await repo.findIntermediaryOfUser(db, actor.id);
    responses = all.filter((r) => r.intermediary_id === org?.id);
  }
  // The public sees an open announcement and a published result, never the quotes of others before it.
  if (!isOwn && !watching && actor?.role !== 'intermediary' && row.status === 'open') responses = [];
  const publicResult = row.status !== 'open' && row.status !== 'cancelled';
  if (!isOwn && !watching && !publicResult && row.status !== 'open') throw notFound('选取公告');
  return { row, responses, responseCount: all.filter((r) => r.status === 'valid').length, sealed: !closed, isOwn };
}

export function listAnnouncements(db: Executor, filter: { ownerId?: number; regionPrefix?: string; statuses?: string[]; serviceTypeIds?: number[] }) {
  let query = db
    .selectFrom('intermediary_announcements as a')
    .innerJoin('intermediary_service_types as t', 't.id', 'a.service_type_id')
    .innerJoin('users as u', 'u.id', 'a.owner_user_id')
    .selectAll('a')
    .select(['t.name as service_type_name', 'u.display_name as owner_name'])
    .select((eb) => eb.selectFrom('intermediary_responses as r').select(eb.fn.countAll<number>().as('n')).whereRef('r.announcement_id', '=', 'a.id').where('r.status', '=', 'valid').as('response_count'))
    .orderBy('a.id', 'desc')
    .limit(200);
  if (filter.ownerId !== undefined) query = query.where('a.owner_user_id', '=', filter.ownerId);
  if (filter.regionPrefix !== undefined) query = query.where('a.region_code', 'like', `${filter.regionPrefix}%`);
  if (filter.statuses) query = query.where('a.status', 'in', filter.statuses as never[]);
  if (filter.serviceTypeIds) query = query.where('a.service_type_id', 'in', filter.serviceTypeIds.length ? filter.serviceTypeIds : [-1]);
  return query.execute();
}

/** An intermediary answers with a quote and a duration (or replaces its answer) before the deadline. */
export async function respond(db: Database, options: { actor: Actor; announcementId: number; quote: number; promisedDays: number; note?: string; now?: Date }) {
  const now = options.now ?? clockNow();
  if (options.actor.role !== 'intermediary') throw forbidden('只有入驻的中介机构可以报名');
  return db.transaction().execute(async (trx) => {
    const org = await repo.findIntermediaryOfUser(trx, options.actor.id);
    if (!org) throw forbidden('账号未关联中介机构');
    const a = await repo.lockAnnouncement(trx, options.announcementId);
    if (!a) throw notFound('选取公告');
    if (a.status !== 'open') throw invalidState('该公告已结束选取');
    if (now.getTime() >= a.response_deadline.getTime()) throw invalidState('报名已截止');
    const reason = await eligibility(trx, org.id, a.service_type_id, chinaDate(now));
    if (reason) throw new AppError('FORBIDDEN', reason);
    if (options.quote > a.budget_ceiling) {
      throw new AppError('VALIDATION_FAILED', `报价不得高于预算上限 ${a.budget_ceiling} 元`, [{ field: 'body.quote', message: '报价高于预算上限' }]);
    }
    if (options.promisedDays > a.service_days) {
      throw new AppError('VALIDATION_FAILED', `承诺时限不得长于公告的服务期限 ${a.service_days} 天`, [{ field: 'body.promisedDays', message: '承诺时限过长' }]);
    }
    const row = await trx
      .insertInto('intermediary_responses')
      .values({ announcement_id: a.id, intermediary_id: org.id, quote: options.quote, promised_days: options.promisedDays, note: options.note ?? '' })
      .onConflict((oc) =>
        oc.columns(['announcement_id', 'intermediary_id']).doUpdateSet({ quote: options.quote, promised_days: options.promisedDays, note: options.note ?? '', status: 'valid', created_at: now }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordEvent(trx, options.actor, { action: 'responded', entity: 'announcement', entityId: a.id, data: { responseId: row.id, quote: options.quote, promisedDays: options.promisedDays } });
    return { id: row.id };
  });
}

export async function withdrawResponse(db: Database, options: { actor: Actor; announcementId: number; now?: Date }) {
  const now = options.now ?? clockNow();
  return db.transaction().execute(async (trx) => {
    const org = options.actor.role === 'intermediary' ? await repo.findIntermediaryOfUser(trx, options.actor.id) : undefined;
    if (!org) throw forbidden('只有中介机构可以撤回报名');
    const a = await repo.lockAnnouncement(trx, options.announcementId);
    if (!a) throw notFound('选取公告');
    if (a.status !== 'open' || now.getTime() >= a.response_deadline.getTime()) throw invalidState('报名已截止，不能撤回');
    const row = await trx
      .updateTable('intermediary_responses')
      .set({ status: 'withdrawn' })
      .where('announcement_id', '=', a.id)
      .where('intermediary_id', '=', org.id)
      .where('status', '=', 'valid')
      .returning('id')
      .executeTakeFirst();
    if (!row) throw notFound('报名');
    await recordEvent(trx, options.actor, { action: 'response_withdrawn', entity: 'announcement', entityId: a.id, data: { responseId: row.id } });
  });
}

/**
 * The owner's selection, by the method the announcement fixed when it was posted. Random draws and
 * ties use a fresh seed recorded with the result, so anyone can reproduce it. Responses whose
 * intermediary lost its eligibility since answering (expired qualification, suspension) no longer
 * count. Nobody but the owner may select; attempts are refused and logged.
 */
export async function selectIntermediary(db: Database, options: { actor: Actor; announcementId: number; responseId?: number; now?: Date; seed?: string }) {
  const now = options.now ?? clockNow();
  const today = chinaDate(now);
  await requireOwnerChoice(db, options.actor, options.announcementId, 'select');
  return db.transaction().execute(async (trx) => {
    const a = await repo.lockAnnouncement(trx, options.announcementId);
    if (!a) throw notFound('选取公告');
    if (a.owner_user_id !== options.actor.id) throw notFound('选取公告');
    if (a.status !== 'open') throw invalidState('该公告已完成选取或已撤销');
    if (now.getTime() < a.response_deadline.getTime()) throw invalidState('报名截止后才能选取');
    const responses = (await repo.listResponses(trx, a.id)).filter((r) => r.status === 'valid');
    const valid: typeof responses = [];
    const excluded: { responseId: number; reason: string }[] = [];
    for (const r of responses) {
      const reason = await eligibility(trx, r.intermediary_id, a.service_type_id, today);
      if (reason) excluded.push({ responseId: r.id, reason });
      else valid.push(r);
    }
    if (valid.length === 0) {
      await trx.updateTable('intermediary_announcements').set({ status: 'failed', selected_at: now, selection_detail: JSON.stringify({ excluded }) }).where('id', '=', a.id).execute();
      await recordEvent(trx, options.actor, { action: 'selection_failed', entity: 'announcement', entityId: a.id, data: { excluded } });
      return { status: 'failed' as const, responseId: null, seed: null };
    }
    const scores = await scoresOf(trx, today, valid.map((r) => r.intermediary_id));
    const candidates: Candidate[] = valid.map((r) => ({ responseId: r.id, quote: r.quote, creditScore: scores.get(r.intermediary_id)!.score }));
    const seed = options.seed ?? newSeed();
    let winnerId: number;
    let detail: Record<string, unknown>;
    if (a.method === 'random') {
      const draw = drawRandom(candidates, seed);
      winnerId = draw.winner.responseId;
      detail = { order: draw.order };
    } else if (a.method === 'lowest_price') {
      const pick = lowestPrice(candidates, seed);
      winnerId = pick.winner.responseId;
      detail = { tied: pick.tied };
    } else if (a.method === 'quality_price') {
      const pick = qualityAndPrice(candidates, Number(a.price_weight), seed);
      winnerId = pick.winner.responseId;
      detail = { scores: pick.scores, priceWeight: Number(a.price_weight) };
    } else {
      if (!options.responseId || !valid.some((r) => r.id === options.responseId)) {
        throw new AppError('VALIDATION_FAILED', '请从有效报名中选择一家', [{ field: 'body.responseId', message: '请选择一家有效报名的中介机构' }]);
      }
      winnerId = options.responseId;
      detail = {};
    }
    const calendar = await calendarFor(trx, a.region_code);
    const publicityEnds = calendar.addWorkdays(today, a.publicity_workdays).due;
    await trx
      .updateTable('intermediary_announcements')
      .set({
        status: 'selected',
        selected_response_id: winnerId,
        draw_seed: a.method === 'direct' ? null : seed,
        selection_detail: JSON.stringify({ ...detail, excluded, candidates: candidates.map((c) => c.responseId) }),
        selected_at: now,
        publicity_ends_on: publicityEnds,
      })
      .where('id', '=', a.id)
      .execute();
    await recordEvent(trx, options.actor, { action: 'selected', entity: 'announcement', entityId: a.id, data: { method: a.method, responseId: winnerId, seed: a.method === 'direct' ? null : seed, publicityEnds } });
    return { status: 'selected' as const, responseId: winnerId, seed: a.method === 'direct' ? null : seed, publicityEndsOn: publicityEnds };
  });
}

export async function cancelAnnouncement(db: Database, options: { actor: Actor; announcementId: number; reason: string }) {
  await requireOwnerChoice(db, options.actor, options.announcementId, 'cancel');
  return db.transaction().execute(async (trx) => {
    const a = await repo.lockAnnouncement(trx, options.announcementId);
    if (!a) throw notFound('选取公告');
    if (a.owner_user_id !== options.actor.id) throw notFound('选取公告');
    if (a.status !== 'open') throw invalidState('只有正在报名的公告可以撤销');
    await trx.updateTable('intermediary_announcements').set({ status: 'cancelled' }).where('id', '=', a.id).execute();
    await recordEvent(trx, options.actor, { action: 'announcement_cancelled', entity: 'announcement', entityId: a.id, data: { reason: options.reason } });
  });
}

/** The due date of a service of `days` starting on `start`, in the agreed unit, and its warning day. */
export async function serviceClock(db: Executor, regionCode: string, start: string, days: number, unit: DayUnit) {
  const margin = Math.max(1, Math.ceil(days * 0.2));
  if (unit === 'natural_day') return { due: addNaturalDays(start, days), warn: addNaturalDays(start, Math.max(0, days - margin)) };
  const calendar = await calendarFor(db, regionCode);
  const due = calendar.addWorkdays(start, days).due;
  return { due, warn: calendar.addWorkdays(start, Math.max(0, days - margin)).due };
}

/**
 * The contract, once the result's publicity period is over: the service clock starts on the day of
 * signing, for the duration the chosen intermediary promised.
 */
export async function signContract(db: Database, options: { actor: Actor; announcementId: number; today?: string }) {
  const today = options.today ?? chinaDate();
  return db.transaction().execute(async (trx) => {
    const a = await repo.lockAnnouncement(trx, options.announcementId);
    if (!a) throw notFound('选取公告');
    if (!isOwner(options.actor) || a.owner_user_id !== options.actor.id) throw notFound('选取公告');
    if (a.status !== 'selected') throw invalidState('只有已选定中介机构的公告可以签约');
    if (today <= a.publicity_ends_on!) throw invalidState(`选取结果公示至 ${a.publicity_ends_on}，公示期满后才能签约`);
    const response = await trx.selectFrom('intermediary_responses').selectAll().where('id', '=', a.selected_response_id!).executeTakeFirstOrThrow();
    const clock = await serviceClock(trx, a.region_code, today, response.promised_days, a.day_unit);
    const row = await trx
      .insertInto('intermediary_contracts')
      .values({
        announcement_id: a.id,
        intermediary_id: response.intermediary_id,
        owner_user_id: a.owner_user_id,
        price: response.quote,
        signed_on: today,
        promised_days: response.promised_days,
        day_unit: a.day_unit,
        due_date: clock.due,
        warn_date: clock.warn,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('intermediary_announcements').set({ status: 'contracted' }).where('id', '=', a.id).execute();
    await recordEvent(trx, options.actor, { action: 'contract_signed', entity: 'contract', entityId: row.id, data: { announcementId: a.id, price: response.quote, dueDate: clock.due } });
    return { id: row.id, dueDate: clock.due };
  });
}
