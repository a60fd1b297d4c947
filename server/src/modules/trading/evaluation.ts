import type { Database, Executor } from '../../db/database.js';
import { AppError, invalidState, notFound } from '../../http/errors.js';
import { canonicalJson } from '../../util/canonical-json.js';
import type { Actor } from '../auth/actor.js';
import { judgeSignature, type SealSigner, type SealVerdict } from '../seals/service.js';
import { calendarFor } from '../calendar/service.js';
import { assertOfficer, assertRunsProject, centreName, enterpriseOf, loadProject } from './access.js';
import { usableCertificate } from './certificates.js';
import { recordEvent, SYSTEM } from './events.js';
import { sealAsCentre, sealedBytes } from './keys.js';
import { publicityEnd } from './periods.js';
import { runRiskRules } from './risk.js';
import { sm3Hex, verifyRecord } from './sm-crypto.js';
import { chinaTimeText } from '../../util/china-time.js';
import { now as clockNow } from '../../util/clock.js';

/** The pass/fail criterion of 经评审的最低投标价法 (1 = passes the review, 0 = does not). */
export const QUALIFIED = 'qualified';

/** The experts scoring a project: drawn members who accepted. */
async function panel(db: Executor, projectId: string) {
  return db
    .selectFrom('trading_draw_members as m')
    .innerJoin('trading_draws as d', 'd.id', 'm.draw_id')
    .innerJoin('trading_experts as x', 'x.id', 'm.expert_id')
    .select(['x.id', 'x.name', 'x.user_id'])
    .where('d.project_id', '=', projectId)
    .where('m.role', '=', 'member')
    .where('m.status', '=', 'accepted')
    .orderBy('x.id')
    .execute();
}

async function expertOf(db: Executor, actor: Actor, projectId: string) {
  const members = await panel(db, projectId);
  const me = members.find((m) => m.user_id === actor.id);
  if (!me) throw notFound('评标项目');
  return me;
}

/** What an expert scores: the decrypted bids and the criteria (never who else scored what). */
export async function scoringSheet(db: Database, actor: Actor, projectId: string) {
  const project = await loadProject(db, projectId);
  const me = await expertOf(db, actor, projectId);
  const bids = await db
    .selectFrom('trading_bids')
    .innerJoin('trading_enterprises as e', 'e.id', 'trading_bids.enterprise_id')
    .innerJoin('trading_lots as l', 'l.id', 'trading_bids.lot_id')
    .select(['trading_bids.id', 'l.number as lot', 'e.name', 'price', 'duration_days'])
    .where('trading_bids.project_id', '=', projectId)
    .where('status', '=', 'decrypted')
    .orderBy('l.number')
    .orderBy('e.name')
    .execute();
  const mine = await db.selectFrom('trading_scores').select(['bid_id', 'criterion', 'points']).where('expert_id', '=', me.id).where('bid_id', 'in', bids.length ? bids.map((b) => b.id) : ['00000000-0000-0000-0000-000000000000']).execute();
  const report = await db.selectFrom('trading_reports').select(['digest', 'signatures', 'content']).where('project_id', '=', projectId).executeTakeFirst();
  return {
    project: { id: project.id, number: project.number, title: project.title, status: project.status, method: project.evaluation_method },
    criteria: project.evaluation_method === 'comprehensive' ? project.criteria : [{ name: QUALIFIED, maxPoints: 1 }],
    bids: bids.map((b) => ({ id: b.id, lot: b.lot, bidder: b.name, price: b.price, durationDays: b.duration_days })),
    myScores: mine.map((s) => ({ bidId: s.bid_id, criterion: s.criterion, points: s.points })),
    report: report ? { digest: report.digest, signed: Object.hasOwn(report.signatures, String(me.id)), content: report.content } : null,
  };
}

/** 评分: an expert's points per bid and criterion (replaces their earlier ones until the report). */
export async function submitScores(db: Database, actor: Actor, projectId: string, scores: { bidId: string; criterion: string; points: number }[]) {
  return db.transaction().execute(async (trx) => {
    const project = await loadProject(trx, projectId, true);
    if (project.status !== 'evaluating') throw invalidState('项目不在评标阶段');
    const report = await trx.selectFrom('trading_reports').select('id').where('project_id', '=', projectId).executeTakeFirst();
    if (report) throw invalidState('评标报告已生成，不能再修改评分');
    const me = await expertOf(trx, actor, projectId);
    const criteria = project.evaluation_method === 'comprehensive' ? project.criteria : [{ name: QUALIFIED, maxPoints: 1 }];
    const bids = new Set((await trx.selectFrom('trading_bids').select('id').where('project_id', '=', projectId).where('status', '=', 'decrypted').execute()).map((b) => b.id));
    for (const [i, score] of scores.entries()) {
      const criterion = criteria.find((c) => c.name === score.criterion);
      if (!bids.has(score.bidId)) throw new AppError('VALIDATION_FAILED', '只能对已解密的有效投标评分', [{ field: `body.scores.${i}.bidId`, message: '不是有效投标' }]);
      if (!criterion) throw new AppError('VALIDATION_FAILED', `没有评分项「${score.criterion}」`, [{ field: `body.scores.${i}.criterion`, message: '评分项不存在' }]);
      if (!(score.points >= 0 && score.points <= criterion.maxPoints) || (project.evaluation_method === 'lowest_price' && !Number.isInteger(score.points))) {
        throw new AppError('VALIDATION_FAILED', `「${criterion.name}」的分值应在 0 到 ${criterion.maxPoints} 之间`, [{ field: `body.scores.${i}.points`, message: '超出范围' }]);
      }
    }
    for (const score of scores) {
      await trx
        .insertInto('trading_scores')
        .values({ bid_id: score.bidId, expert_id: me.id, criterion: score.criterion, points: score.points })
        .onConflict((oc) => oc.columns(['bid_id', 'expert_id', 'criterion']).doUpdateSet({ points: score.points, scored_at: clockNow() }))
        .execute();
    }
    await recordEvent(trx, actor, 'scores_submitted', projectId, { expertId: me.id, scores: scores.length });
    return { saved: scores.length };
  });
}

export interface RankedBid {
  bidId: string;
  bidder: string;
  enterpriseId: number;
  price: number;
  score: number | null;
  qualified: boolean;
  rank: number | null;
}

/**
 * 汇总排序: 综合评估法 — each bid's score is the mean of the experts' totals, highest first (equal
 * scores: lower price first); 经评审的最低投标价法 — bids a majority of experts pass, lowest price
 * first. Pure, so the report can be recomputed by anyone from the scores.
 */
export function rankBids(
  method: 'comprehensive' | 'lowest_price',
  bids: { id: string; lotId: number; bidder: string; enterpriseId: number; price: number }[],
  scores: { bidId: string; expertId: number; criterion: string; points: number }[],
  expertIds: number[],
): Map<number, RankedBid[]> {
  const lots = new Map<number, RankedBid[]>();
  for (const bid of bids) {
    const mine = scores.filter((s) => s.bidId === bid.id);
    let score: number | null = null;
    let qualified = true;
    if (method === 'comprehensive') {
      const totals = expertIds.map((e) => mine.filter((s) => s.expertId === e).reduce((sum, s) => sum + Number(s.points), 0));
      score = Math.round((totals.reduce((a, b) => a + b, 0) / Math.max(1, totals.length)) * 100) / 100;
    } else {
      const passes = mine.filter((s) => s.criterion === QUALIFIED && Number(s.points) === 1).length;
      qualified = passes * 2 > expertIds.length;
    }
    lots.set(bid.lotId, [...(lots.get(bid.lotId) ?? []), { bidId: bid.id, bidder: bid.bidder, enterpriseId: bid.enterpriseId, price: bid.price, score, qualified, rank: null }]);
  }
  for (const ranked of lots.values()) {
    ranked.sort((a, b) => (method === 'comprehensive' ? b.score! - a.score! || a.price - b.price : a.price - b.price));
    let rank = 1;
    for (const r of ranked) r.rank = r.qualified ? rank++ : null;
  }
  return lots;
}

/**
 * 评标报告: once every panel expert scored every bid on every criterion, ranks the bids and
 * fixes the report (its SM3 is what each expert signs). The evaluation risk rules run on it.
 */
export async function compileReport(db: Database, actor: Actor, projectId: string) {
  const result = await db.transaction().execute(async (trx) => {
    const project = await loadProject(trx, projectId, true);
    assertOfficer(actor, project);
    if (project.status !== 'evaluating') throw invalidState('项目不在评标阶段');
    if (await trx.selectFrom('trading_reports').select('id').where('project_id', '=', projectId).executeTakeFirst()) throw invalidState('评标报告已生成');
    const experts = await panel(trx, projectId);
    if (experts.length === 0) throw invalidState('尚无确认参加的评标专家');
    const bids = await trx
      .selectFrom('trading_bids')
      .innerJoin('trading_enterprises as e', 'e.id', 'trading_bids.enterprise_id')
      .select(['trading_bids.id', 'lot_id', 'e.name', 'enterprise_id', 'price'])
      .where('project_id', '=', projectId)
      .where('status', '=', 'decrypted')
      .execute();
    const scores = bids.length
      ? await trx.selectFrom('trading_scores').select(['bid_id', 'expert_id', 'criterion', 'points']).where('bid_id', 'in', bids.map((b) => b.id)).execute()
      : [];
    const criteria = project.evaluation_method === 'comprehensive' ? project.criteria.map((c) => c.name) : [QUALIFIED];
    const missing = experts.filter((e) => bids.some((b) => criteria.some((c) => !scores.some((s) => s.expert_id === e.id && s.bid_id === b.id && s.criterion === c))));
    if (missing.length > 0) throw invalidState(`以下专家尚未完成评分：${missing.map((m) => m.name).join('、')}`);
    const ranked = rankBids(
      project.evaluation_method,
      bids.map((b) => ({ id: b.id, lotId: b.lot_id, bidder: b.name, enterpriseId: b.enterprise_id, price: Number(b.price) })),
      scores.map((s) => ({ bidId: s.bid_id, expertId: s.expert_id, criterion: s.criterion, points: Number(s.points) })),
      experts.map((e) => e.id),
    );
    const content = {
      project: project.number,
      method: project.evaluation_method,
      experts: experts.map((e) => ({ id: e.id, name: e.name })),
      lots: [...ranked].sort(([a], [b]) => a - b).map(([lotId, list]) => ({ lotId, ranking: list })),
      scores: scores.map((s) => ({ bidId: s.bid_id, expertId: s.expert_id, criterion: s.criterion, points: Number(s.points) })),
    };
    const digest = sm3Hex(canonicalJson(content));
    await trx.insertInto('trading_reports').values({ project_id: projectId, content: JSON.stringify(content), digest }).execute();
    await recordEvent(trx, actor, 'report_compiled', projectId, { digest, lots: content.lots.map((l) => ({ lotId: l.lotId, first: l.ranking[0]?.bidder ?? null })) });
    return { digest, content };
  });
  await runRiskRules(db, projectId, 'evaluation', SYSTEM);
  return result;
}

/** What an expert's signature on the report covers. */
export const reportSignedRecord = (projectId: string, digest: string) => ({ purpose: 'evaluation_report', projectId, digest });

/** Each expert signs the report with their own certificate. */
export async function signReport(db: Database, actor: Actor, projectId: string, signature: string) {
  const me = await expertOf(db, actor, projectId);
  const certificate = await usableCertificate(db, actor.id);
  return db.transaction().execute(async (trx) => {
    const report = await trx.selectFrom('trading_reports').selectAll().where('project_id', '=', projectId).forUpdate().executeTakeFirst();
    if (!report) throw invalidState('评标报告尚未生成');
    if (!verifyRecord(reportSignedRecord(projectId, report.digest), signature, certificate.public_key)) throw new AppError('VALIDATION_FAILED', '签名验证失败', [{ field: 'body.signature', message: '验签失败' }]);
    const signatures = { ...report.signatures, [String(me.id)]: signature };
    await trx.updateTable('trading_reports').set({ signatures: JSON.stringify(signatures) }).where('id', '=', report.id).execute();
    await recordEvent(trx, actor, 'report_signed', projectId, { expertId: me.id, certificate: certificate.serial, digest: report.digest });
    return { signed: Object.keys(signatures).length };
  });
}

/**
 * 中标候选人公示: the top three of each lot, once every panel expert signed, for at least 3 days
 * (实施条例 art. 54).
 */
export async function publishCandidates(db: Database, actor: Actor, projectId: string, days: number) {
  const calendar = await calendarFor(db, null);
  const end = publicityEnd(calendar, clockNow(), days);
  if ('code' in end) throw new AppError('INVALID_STATE', end.message, [{ field: 'body.days', message: end.basis }]);
  return db.transaction().execute(async (trx) => {
    const project = await loadProject(trx, projectId, true);
    await assertRunsProject(trx, actor, project);
    if (project.status !== 'evaluating') throw invalidState('项目不在评标阶段');
    const report = await trx.selectFrom('trading_reports').selectAll().where('project_id', '=', projectId).executeTakeFirst();
    if (!report) throw invalidState('评标报告尚未生成');
    const content = report.content as unknown as { experts: { id: number; name: string }[]; lots: { lotId: number; ranking: RankedBid[] }[] };
    const unsigned = content.experts.filter((e) => !Object.hasOwn(report.signatures, String(e.id)));
    if (unsigned.length > 0) throw invalidState(`评标报告尚未由全体专家签名：${unsigned.map((e) => e.name).join('、')}`);
    const lots = await trx.selectFrom('trading_lots').select(['id', 'number', 'name']).where('project_id', '=', projectId).execute();
    const candidates = content.lots.map((l) => ({
      lot: lots.find((x) => x.id === l.lotId)!.number,
      lotName: lots.find((x) => x.id === l.lotId)!.name,
      candidates: l.ranking.filter((r) => r.rank !== null && r.rank <= 3).map((r) => ({ rank: r.rank, bidder: r.bidder, price: r.price, score: r.score })),
    }));
    const body = candidates
      .map((l) => `第${l.lot}标段（${l.lotName}）：${l.candidates.map((c) => `第${c.rank}名 ${c.bidder}，投标报价 ${c.price} 元${c.score === null ? '' : `，得分 ${c.score}`}`).join('；')}`)
      .join('\n');
    const publication = await trx
      .insertInto('trading_publications')
      .values({
        project_id: projectId,
        kind: 'candidates',
        title: `${project.title}中标候选人公示`,
        body: `${body}\n公示期至 ${chinaTimeText(end.endsAt)}。投标人或者其他利害关系人对评标结果有异议的，应当在公示期间提出。`,
        data: JSON.stringify({ candidates, reportDigest: report.digest }),
        publicity_ends_at: end.endsAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('trading_projects').set({ status: 'publicity' }).where('id', '=', projectId).execute();
    await recordEvent(trx, actor, 'candidates_published', projectId, { publicationId: publication.id, endsAt: end.endsAt.toISOString() });
    return { publicationId: publication.id, endsAt: end.endsAt.toISOString() };
  });
}

async function publicity(db: Executor, projectId: string) {
  return db.selectFrom('trading_publications').select(['id', 'publicity_ends_at', 'data']).where('project_id', '=', projectId).where('kind', '=', 'candidates').orderBy('id', 'desc').executeTakeFirst();
}

/** 异议: a bidder objects to the result within the publicity period. */
export async function raiseObjection(db: Database, actor: Actor, projectId: string, text: string) {
  const enterprise = await enterpriseOf(db, actor);
  return db.transaction().execute(async (trx) => {
    const project = await loadProject(trx, projectId);
    const notice = await publicity(trx, projectId);
    if (project.status !== 'publicity' || !notice?.publicity_ends_at) throw invalidState('项目不在中标候选人公示期');
    if (clockNow() > notice.publicity_ends_at) throw invalidState('公示期已结束，不再受理异议');
    const bid = await trx.selectFrom('trading_bids').select('id').where('project_id', '=', projectId).where('enterprise_id', '=', enterprise.id).executeTakeFirst();
    if (!bid) throw new AppError('FORBIDDEN', '只有本项目的投标人可以提出异议');
    const row = await trx.insertInto('trading_objections').values({ project_id: projectId, enterprise_id: enterprise.id, text }).returning('id').executeTakeFirstOrThrow();
    await recordEvent(trx, actor, 'objection_raised', projectId, { objectionId: row.id, enterpriseId: enterprise.id });
    return { id: row.id };
  });
}

/** The tenderer (or its agency, or the centre) answers; the award waits for every answer. */
export async function answerObjection(db: Database, actor: Actor, objectionId: number, answer: string) {
  return db.transaction().execute(async (trx) => {
    const objection = await trx.selectFrom('trading_objections').selectAll().where('id', '=', objectionId).forUpdate().executeTakeFirst();
    if (!objection) throw notFound('异议');
    const project = await loadProject(trx, objection.project_id);
    await assertRunsProject(trx, actor, project);
    if (objection.answered_at) throw invalidState('该异议已答复');
    await trx.updateTable('trading_objections').set({ answer, answered_at: clockNow(), answered_by: actor.id }).where('id', '=', objectionId).execute();
    await recordEvent(trx, actor, 'objection_answered', project.id, { objectionId });
  });
}

export async function objections(db: Database, actor: Actor, projectId: string) {
  const project = await loadProject(db, projectId);
  let mine: number | null = null;
  if (actor.role === 'applicant') {
    const enterprise = await enterpriseOf(db, actor);
    if (enterprise.id !== project.tenderer_id) mine = enterprise.id;
  } else if (actor.role !== 'supervisor') await assertRunsProject(db, actor, project);
  let query = db
    .selectFrom('trading_objections')
    .innerJoin('trading_enterprises as e', 'e.id', 'trading_objections.enterprise_id')
    .select(['trading_objections.id', 'e.name', 'text', 'raised_at', 'answer', 'answered_at'])
    .where('project_id', '=', projectId)
    .orderBy('trading_objections.id');
  if (mine !== null) query = query.where('enterprise_id', '=', mine);
  return (await query.execute()).map((o) => ({ id: o.id, bidder: o.name, text: o.text, raisedAt: o.raised_at.toISOString(), answer: o.answer, answeredAt: o.answered_at?.toISOString() ?? null }));
}

/** What the centre signs on an award notice (中标通知书). */
export function awardRecord(award: { noticeNumber: string; project: string; title: string; lot: number; lotName: string; winner: string; creditCode: string; price: number; durationDays: number | null; issuedOn: string }) {
  return { purpose: 'award_notice', ...award };
}

/**
 * 定标: after the publicity ended with every objection answered, the first candidate of each lot
 * wins; the notice is signed (sealed) by the centre and the result published. The award risk
 * rules run last.
 */
export async function awardProject(db: Database, signer: SealSigner, actor: Actor, projectId: string) {
  const result = await db.transaction().execute(async (trx) => {
    const project = await loadProject(trx, projectId, true);
    await assertRunsProject(trx, actor, project);
    const notice = await publicity(trx, projectId);
    if (project.status !== 'publicity' || !notice?.publicity_ends_at) throw invalidState('项目不在中标候选人公示期');
    if (clockNow() <= notice.publicity_ends_at) throw invalidState(`公示期至 ${chinaTimeText(notice.publicity_ends_at)}，期满后方可确定中标人`);
    const open = await trx.selectFrom('trading_objections').select('id').where('project_id', '=', projectId).where('answered_at', 'is', null).execute();
    if (open.length > 0) throw invalidState(`尚有 ${open.length} 件异议未答复，不能确定中标人`);
    const report = await trx.selectFrom('trading_reports').select('content').where('project_id', '=', projectId).executeTakeFirstOrThrow();
    const content = report.content as unknown as { lots: { lotId: number; ranking: RankedBid[] }[] };
    const lots = await trx.selectFrom('trading_lots').selectAll().where('project_id', '=', projectId).orderBy('number').execute();
    const issuedOn = clockNow().toISOString();
    const awards = [];
    for (const lot of lots) {
      const first = content.lots.find((l) => l.lotId === lot.id)?.ranking.find((r) => r.rank === 1);
      if (!first) continue;
      const bid = await trx
        .selectFrom('trading_bids')
        .innerJoin('trading_enterprises as e', 'e.id', 'trading_bids.enterprise_id')
        .select(['trading_bids.id', 'e.id as enterprise_id', 'e.name', 'e.credit_code', 'price', 'duration_days'])
        .where('trading_bids.id', '=', first.bidId)
        .executeTakeFirstOrThrow();
      const noticeNumber = `${project.number}-${lot.number}`;
      const record = awardRecord({
        noticeNumber,
        project: project.number,
        title: project.title,
        lot: lot.number,
        lotName: lot.name,
        winner: bid.name,
        creditCode: bid.credit_code,
        price: Number(bid.price),
        durationDays: bid.duration_days,
        issuedOn,
      });
      const digest = sm3Hex(canonicalJson(record));
      const { signature, seal } = await sealAsCentre(trx, signer, project.centre_id, record);
      const row = await trx
        .insertInto('trading_awards')
        .values({ project_id: projectId, lot_id: lot.id, bid_id: bid.id, enterprise_id: bid.enterprise_id, price: Number(bid.price), notice_number: noticeNumber, digest, signature, seal_id: seal.id, issued_at: new Date(issuedOn) })
        .returning('id')
        .executeTakeFirstOrThrow();
      awards.push({ id: row.id, lot: lot.number, winner: bid.name, price: Number(bid.price), noticeNumber });
    }
    const centre = await centreName(trx, project.centre_id);
    await trx
      .insertInto('trading_publications')
      .values({
        project_id: projectId,
        kind: 'result',
        title: `${project.title}中标结果公告`,
        body: `${awards.map((a) => `第${a.lot}标段 中标人：${a.winner}，中标价 ${a.price} 元（中标通知书 ${a.noticeNumber}）`).join('\n')}\n${centre.name}`,
        data: JSON.stringify({ awards }),
      })
      .execute();
    await trx.updateTable('trading_projects').set({ status: 'awarded' }).where('id', '=', projectId).execute();
    await recordEvent(trx, actor, 'award_issued', projectId, { awards });
    return { awards };
  });
  await runRiskRules(db, projectId, 'award', SYSTEM);
  return result;
}

/** The award notice's facts for its PDF, to the winner, the runners of the project and the supervisor. */
export async function awardNotice(db: Database, actor: Actor, awardId: number) {
  const award = await db.selectFrom('trading_awards').selectAll().where('id', '=', awardId).executeTakeFirst();
  if (!award) throw notFound('中标通知书');
  const project = await loadProject(db, award.project_id);
  if (actor.role === 'applicant') {
    const enterprise = await enterpriseOf(db, actor);
    if (enterprise.id !== award.enterprise_id && enterprise.id !== project.tenderer_id) throw notFound('中标通知书');
  } else if (actor.role !== 'supervisor') await assertRunsProject(db, actor, project);
  const [lot, winner, tenderer, centre, bid] = await Promise.all([
    db.selectFrom('trading_lots').selectAll().where('id', '=', award.lot_id).executeTakeFirstOrThrow(),
    db.selectFrom('trading_enterprises').select(['name', 'credit_code']).where('id', '=', award.enterprise_id).executeTakeFirstOrThrow(),
    db.selectFrom('trading_enterprises').select(['name']).where('id', '=', project.tenderer_id).executeTakeFirstOrThrow(),
    centreName(db, project.centre_id),
    db.selectFrom('trading_bids').select('duration_days').where('id', '=', award.bid_id).executeTakeFirstOrThrow(),
  ]);
  const seal = award.seal_id === null ? null : await sealOf(db, award.seal_id);
  return {
    seal: seal && { code: seal.code, name: seal.name, departmentName: seal.department_name },
    noticeNumber: award.notice_number,
    projectNumber: project.number,
    title: project.title,
    lot: lot.number,
    lotName: lot.name,
    winner: winner.name,
    winnerCreditCode: winner.credit_code,
    tenderer: tenderer.name,
    centre: centre.name,
    price: Number(award.price),
    durationDays: bid.duration_days,
    issuedAt: award.issued_at,
    digest: award.digest,
    signature: award.signature,
  };
}

export async function myAwards(db: Database, actor: Actor, projectId: string) {
  const project = await loadProject(db, projectId);
  if (actor.role === 'applicant') await enterpriseOf(db, actor);
  else if (actor.role !== 'supervisor') await assertRunsProject(db, actor, project);
  const rows = await db
    .selectFrom('trading_awards')
    .innerJoin('trading_enterprises as e', 'e.id', 'trading_awards.enterprise_id')
    .select(['trading_awards.id', 'notice_number', 'e.name', 'price', 'issued_at'])
    .where('project_id', '=', projectId)
    .execute();
  return rows.map((r) => ({ id: r.id, noticeNumber: r.notice_number, winner: r.name, price: Number(r.price), issuedAt: r.issued_at.toISOString() }));
}

const sealOf = (db: Executor, id: number) =>
  db
    .selectFrom('department_seals as s')
    .innerJoin('departments as d', 'd.id', 's.department_id')
    .select(['s.id', 's.code', 's.name', 's.public_key', 's.status', 's.revoked_at', 's.valid_from', 's.valid_to', 'd.name as department_name'])
    .where('s.id', '=', id)
    .executeTakeFirstOrThrow();

const VERDICT_TEXT: Record<SealVerdict, string> = {
  valid: '真实有效：印章有效，签名与通知书内容一致',
  valid_at_signing_time: '签发时有效：签名真实，印章此后已轮换或注销',
  invalid: '内容与签名不符：通知书可能被篡改',
  revoked_before_signing: '无效：签名时印章已注销',
};

/**
 * 中标通知书验真 (public, like a licence's): the notice's record is rebuilt from the database and
 * checked against the seal's signature. Only what the result announcement already published is
 * shown.
 */
export async function verifyAwardNotice(db: Database, noticeNumber: string) {
  const award = await db.selectFrom('trading_awards').selectAll().where('notice_number', '=', noticeNumber).executeTakeFirst();
  if (!award) throw notFound('中标通知书');
  const [project, lot, winner, bid] = await Promise.all([
    loadProject(db, award.project_id),
    db.selectFrom('trading_lots').selectAll().where('id', '=', award.lot_id).executeTakeFirstOrThrow(),
    db.selectFrom('trading_enterprises').select(['name', 'credit_code']).where('id', '=', award.enterprise_id).executeTakeFirstOrThrow(),
    db.selectFrom('trading_bids').select('duration_days').where('id', '=', award.bid_id).executeTakeFirstOrThrow(),
  ]);
  const record = awardRecord({
    noticeNumber: award.notice_number,
    project: project.number,
    title: project.title,
    lot: lot.number,
    lotName: lot.name,
    winner: winner.name,
    creditCode: winner.credit_code,
    price: Number(award.price),
    durationDays: bid.duration_days,
    issuedOn: award.issued_at.toISOString(),
  });
  const digestMatches = sm3Hex(canonicalJson(record)) === award.digest;
  const seal = award.seal_id === null ? null : await sealOf(db, award.seal_id);
  const verdict: SealVerdict = seal && digestMatches ? judgeSignature(seal, sealedBytes(record), Buffer.from(award.signature, 'hex'), award.issued_at) : 'invalid';
  return {
    verdict,
    verdictText: VERDICT_TEXT[verdict],
    noticeNumber: award.notice_number,
    project: `${project.number} ${project.title}`,
    lot: `第${lot.number}标段（${lot.name}）`,
    winner: winner.name,
    price: Number(award.price),
    issuedAt: award.issued_at.toISOString(),
    seal: seal && { id: seal.id, code: seal.code, name: seal.name, departmentName: seal.department_name, publicKey: seal.public_key },
    signedBytes: sealedBytes(record).toString('utf8'),
    signature: award.signature,
  };
}
