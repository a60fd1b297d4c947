import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database.js';
import type { TradingCategory } from '../../db/schema.js';
import { AppError, invalidState, notFound } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import type { Actor } from '../auth/actor.js';
import { calendarFor } from '../calendar/service.js';
import { assertOfficer, assertRunsProject, loadProject } from './access.js';
import { assertNotBlacklisted } from './blacklist.js';
import { recordEvent } from './events.js';
import { checkAnnouncement, checkClarification, earliestDeadline, TENDER_PERIODS } from './periods.js';
import { now as clockNow } from '../../util/clock.js';

export const CATEGORY_NAMES: Record<TradingCategory, string> = {
  construction: '工程建设招标',
  procurement: '政府采购',
  land: '土地矿业权出让',
  state_assets: '国有产权',
};

export interface ProjectInput {
  title: string;
  category: TradingCategory;
  /** The tenderer's 统一社会信用代码 (an agency registers for it; a tenderer's own is taken). */
  tendererCreditCode?: string;
  budget: number;
  qualifications: string[];
  evaluationMethod: 'comprehensive' | 'lowest_price';
  criteria: { name: string; maxPoints: number }[];
  lots: { name: string; budget: number }[];
}

/** How long an opening holds its room. */
const OPENING_HOURS = 2;

/** 项目登记: the tenderer or its agency registers a project; the centre reviews it next. */
export async function registerProject(db: Database, actor: Actor, input: ProjectInput) {
  if (input.lots.length === 0) throw new AppError('VALIDATION_FAILED', '至少一个标段', [{ field: 'body.lots', message: '至少一个标段' }]);
  const lotTotal = input.lots.reduce((sum, lot) => sum + lot.budget, 0);
  if (Math.abs(lotTotal - input.budget) > 0.005) throw new AppError('VALIDATION_FAILED', '各标段预算之和应等于项目预算（最高限价）', [{ field: 'body.budget', message: '与标段合计不符' }]);
  if (input.evaluationMethod === 'comprehensive') {
    const total = input.criteria.reduce((sum, c) => sum + c.maxPoints, 0);
    if (input.criteria.length === 0 || total !== 100) throw new AppError('VALIDATION_FAILED', '综合评估法的评分项满分之和应为 100 分', [{ field: 'body.criteria', message: '满分合计应为 100' }]);
  }
  let tenderer;
  if (actor.role === 'applicant') {
    tenderer = await db.selectFrom('trading_enterprises').selectAll().where('user_id', '=', actor.id).executeTakeFirst();
    if (!tenderer) throw new AppError('INVALID_STATE', '请先完成企业信息登记');
  } else if (actor.role === 'trading_agency' || actor.role === 'trading_officer') {
    if (!input.tendererCreditCode) throw new AppError('VALIDATION_FAILED', '请填写招标人统一社会信用代码', [{ field: 'body.tendererCreditCode', message: '必填' }]);
    tenderer = await db.selectFrom('trading_enterprises').selectAll().where('credit_code', '=', input.tendererCreditCode).executeTakeFirst();
    if (!tenderer) throw new AppError('INVALID_STATE', '招标人尚未在企业库登记');
  } else {
    throw new AppError('FORBIDDEN', '当前角色不能登记交易项目');
  }
  await assertNotBlacklisted(db, tenderer.credit_code, '登记交易项目');
  const centreId = actor.centreId ?? (await centreFor(db, actor.regionCode));
  return db.transaction().execute(async (trx) => {
    // Numbers are per year and gapless: one writer at a time takes the next.
    await sql`SELECT pg_advisory_xact_lock(hashtext('trading_project_number'))`.execute(trx);
    const year = chinaDate().slice(0, 4);
    const last = await trx
      .selectFrom('trading_projects')
      .select('number')
      .where('number', 'like', `JY${year}-%`)
      .orderBy('number', 'desc')
      .executeTakeFirst();
    const number = `JY${year}-${String((last ? Number(last.number.slice(7)) : 0) + 1).padStart(4, '0')}`;
    const project = await trx
      .insertInto('trading_projects')
      .values({
        number,
        centre_id: centreId,
        title: input.title,
        category: input.category,
        tenderer_id: tenderer.id,
        agency_user_id: actor.role === 'trading_agency' ? actor.id : null,
        created_by: actor.id,
        budget: input.budget,
        qualifications: JSON.stringify(input.qualifications),
        evaluation_method: input.evaluationMethod,
        criteria: JSON.stringify(input.evaluationMethod === 'comprehensive' ? input.criteria : []),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('trading_lots')
      .values(input.lots.map((lot, i) => ({ project_id: project.id, number: i + 1, name: lot.name, budget: lot.budget })))
      .execute();
    await recordEvent(trx, actor, 'project_registered', project.id, { number, category: input.category, budget: input.budget, lots: input.lots.length });
    return { id: project.id, number };
  });
}

async function centreFor(db: Executor, regionCode: string | null): Promise<number> {
  const centre = await db
    .selectFrom('centres')
    .select('id')
    .$if(regionCode !== null, (q) => q.orderBy(sql`region_code = ${regionCode}`, 'desc'))
    .orderBy('id')
    .executeTakeFirst();
  if (!centre) throw invalidState('没有可受理的交易中心');
  return centre.id;
}

/** 中心审核: listed into the project directory, or returned with the reason. */
export async function reviewProject(db: Database, actor: Actor, projectId: string, decision: { approve: boolean; note: string }) {
  return db.transaction().execute(async (trx) => {
    const project = await loadProject(trx, projectId, true);
    assertOfficer(actor, project);
    if (project.status !== 'submitted') throw invalidState('只有待审核的项目可以审核');
    await trx
      .updateTable('trading_projects')
      .set({ status: decision.approve ? 'listed' : 'rejected', review_note: decision.note })
      .where('id', '=', projectId)
      .execute();
    await recordEvent(trx, actor, decision.approve ? 'project_listed' : 'project_rejected', projectId, { note: decision.note });
  });
}

/**
 * 场地预约: a room for the opening or the evaluation. Room rows are locked so two bookings of one
 * room cannot both pass the overlap check.
 */
export async function bookRoom(trx: Executor, actor: Actor, projectId: string, booking: { roomId: number; purpose: 'opening' | 'evaluation'; startsAt: Date; endsAt: Date }) {
  const room = await trx.selectFrom('trading_rooms').selectAll().where('id', '=', booking.roomId).forUpdate().executeTakeFirst();
  if (!room) throw notFound('场地');
  if (room.purpose !== booking.purpose) throw invalidState(`${room.name}不是${booking.purpose === 'opening' ? '开标室' : '评标室'}`);
  // A project keeps one booking per purpose: booking again moves it.
  await trx.deleteFrom('trading_bookings').where('project_id', '=', projectId).where('purpose', '=', booking.purpose).execute();
  const clash = await trx
    .selectFrom('trading_bookings')
    .innerJoin('trading_projects', 'trading_projects.id', 'trading_bookings.project_id')
    .select(['trading_projects.number', 'trading_bookings.starts_at', 'trading_bookings.ends_at'])
    .where('room_id', '=', booking.roomId)
    .where('starts_at', '<', booking.endsAt)
    .where('ends_at', '>', booking.startsAt)
    .executeTakeFirst();
  if (clash) throw new AppError('CONFLICT', `${room.name}在该时段已被项目 ${clash.number} 预约`);
  await trx.insertInto('trading_bookings').values({ room_id: booking.roomId, project_id: projectId, purpose: booking.purpose, starts_at: booking.startsAt, ends_at: booking.endsAt }).execute();
  await recordEvent(trx, actor, 'room_booked', projectId, { room: room.name, purpose: booking.purpose, startsAt: booking.startsAt.toISOString(), endsAt: booking.endsAt.toISOString() });
}

export async function bookEvaluationRoom(db: Database, actor: Actor, projectId: string, input: { roomId: number; startsAt: Date; endsAt: Date }) {
  return db.transaction().execute(async (trx) => {
    const project = await loadProject(trx, projectId, true);
    assertOfficer(actor, project);
    if (!['announced', 'opened', 'evaluating'].includes(project.status)) throw invalidState('项目发布公告后才能预约评标室');
    await bookRoom(trx, actor, projectId, { ...input, purpose: 'evaluation' });
    await trx.updateTable('trading_projects').set({ evaluation_at: input.startsAt }).where('id', '=', projectId).execute();
  });
}

async function publish(trx: Executor, projectId: string, kind: 'announcement' | 'clarification', title: string, body: string, data: Record<string, unknown>) {
  return trx
    .insertInto('trading_publications')
    .values({ project_id: projectId, kind, title, body, data: JSON.stringify(data) })
    .returning(['id', 'published_at'])
    .executeTakeFirstOrThrow();
}

/**
 * 招标公告: sets the documents date and the bid deadline (= the opening time, 招标投标法 art. 34),
 * books the opening room for it and publishes. A deadline inside the legal period is refused
 * with the rule named.
 */
export async function announceProject(
  db: Database,
  actor: Actor,
  projectId: string,
  input: { documentsFrom: string; deadline: Date; openingRoomId: number; body: string },
) {
  const project = await loadProject(db, projectId);
  await assertRunsProject(db, actor, project);
  const calendar = await calendarFor(db, null);
  const broken = checkAnnouncement(calendar, { category: project.category, documentsFrom: input.documentsFrom, deadline: input.deadline, now: clockNow() });
  if (broken) throw new AppError('INVALID_STATE', broken.message, [{ field: 'body.deadline', message: broken.basis }]);
  return db.transaction().execute(async (trx) => {
    const locked = await loadProject(trx, projectId, true);
    if (locked.status !== 'listed') throw invalidState('项目经交易中心审核入库后才能发布招标公告');
    await bookRoom(trx, actor, projectId, { roomId: input.openingRoomId, purpose: 'opening', startsAt: input.deadline, endsAt: new Date(input.deadline.getTime() + OPENING_HOURS * 3_600_000) });
    await trx.updateTable('trading_projects').set({ status: 'announced', documents_from: input.documentsFrom, bid_deadline: input.deadline }).where('id', '=', projectId).execute();
    const publication = await publish(trx, projectId, 'announcement', `${locked.title}招标公告`, input.body, {
      number: locked.number,
      category: locked.category,
      budget: locked.budget,
      documentsFrom: input.documentsFrom,
      deadline: input.deadline.toISOString(),
    });
    await recordEvent(trx, actor, 'announcement_published', projectId, { publicationId: publication.id, documentsFrom: input.documentsFrom, deadline: input.deadline.toISOString() });
    return { publicationId: publication.id };
  });
}

/** What the announcement form shows before it is sent: the earliest bid deadline the law allows. */
export async function legalDeadline(db: Database, actor: Actor, projectId: string, documentsFrom: string) {
  const project = await loadProject(db, projectId);
  await assertRunsProject(db, actor, project);
  const rule = TENDER_PERIODS[project.category];
  return {
    earliest: earliestDeadline(await calendarFor(db, null), project.category, documentsFrom),
    rule: `自招标文件发出之日起至投标截止不少于 ${rule.value} ${rule.unit === 'workday' ? '个工作日' : '日'}`,
    basis: rule.basis,
  };
}

/**
 * 澄清/修改: at least 15 days before the deadline, or with a later deadline that gives 15 days
 * (the opening room moves with it).
 */
export async function clarifyProject(db: Database, actor: Actor, projectId: string, input: { body: string; newDeadline: Date | null }) {
  const project = await loadProject(db, projectId);
  await assertRunsProject(db, actor, project);
  if (project.status !== 'announced' || !project.bid_deadline) throw invalidState('只有已发布公告、尚未开标的项目可以澄清或修改');
  const deadline = input.newDeadline ?? project.bid_deadline;
  if (input.newDeadline && input.newDeadline < project.bid_deadline) throw invalidState('投标截止时间只能顺延，不能提前');
  const calendar = await calendarFor(db, null);
  const broken = checkClarification(calendar, { deadline, now: clockNow() });
  if (broken) throw new AppError('INVALID_STATE', broken.message, [{ field: 'body.newDeadline', message: broken.basis }]);
  return db.transaction().execute(async (trx) => {
    await loadProject(trx, projectId, true);
    if (input.newDeadline) {
      const opening = await trx.selectFrom('trading_bookings').select('room_id').where('project_id', '=', projectId).where('purpose', '=', 'opening').executeTakeFirstOrThrow();
      await bookRoom(trx, actor, projectId, { roomId: opening.room_id, purpose: 'opening', startsAt: input.newDeadline, endsAt: new Date(input.newDeadline.getTime() + OPENING_HOURS * 3_600_000) });
      await trx.updateTable('trading_projects').set({ bid_deadline: input.newDeadline }).where('id', '=', projectId).execute();
    }
    const count = await trx.selectFrom('trading_publications').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId).where('kind', '=', 'clarification').executeTakeFirstOrThrow();
    const publication = await publish(trx, projectId, 'clarification', `${project.title}澄清/修改公告（第${count.n + 1}号）`, input.body, {
      deadline: deadline.toISOString(),
      deadlineMoved: input.newDeadline !== null,
    });
    await recordEvent(trx, actor, 'clarification_published', projectId, { publicationId: publication.id, deadline: deadline.toISOString() });
    return { publicationId: publication.id };
  });
}

/** Projects the caller runs (or all of the centre, for its staff; all, for the supervisor). */
export async function listProjects(db: Database, actor: Actor) {
  let query = db
    .selectFrom('trading_projects')
    .innerJoin('trading_enterprises as t', 't.id', 'trading_projects.tenderer_id')
    .select(['trading_projects.id', 'number', 'title', 'category', 'status', 'budget', 'bid_deadline', 'evaluation_method', 't.name as tenderer_name', 'trading_projects.created_at'])
    .orderBy('trading_projects.created_at', 'desc');
  if (actor.role === 'trading_officer' && actor.centreId !== null) query = query.where('trading_projects.centre_id', '=', actor.centreId);
  else if (actor.role === 'trading_agency') query = query.where('agency_user_id', '=', actor.id);
  else if (actor.role === 'applicant') query = query.where('t.user_id', '=', actor.id);
  else if (actor.role !== 'supervisor' && actor.role !== 'trading_officer') throw new AppError('FORBIDDEN', '当前角色无权访问');
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    category: r.category,
    status: r.status,
    budget: r.budget,
    bidDeadline: r.bid_deadline?.toISOString() ?? null,
    evaluationMethod: r.evaluation_method,
    tendererName: r.tenderer_name,
  }));
}

/** A project as anyone may see it once listed: no bid contents, no experts. */
export async function projectSummary(db: Executor, projectId: string) {
  const project = await loadProject(db, projectId);
  const [tenderer, lots, bookings, publications] = await Promise.all([
    db.selectFrom('trading_enterprises').select(['name', 'credit_code']).where('id', '=', project.tenderer_id).executeTakeFirstOrThrow(),
    db.selectFrom('trading_lots').select(['id', 'number', 'name', 'budget']).where('project_id', '=', projectId).orderBy('number').execute(),
    db
      .selectFrom('trading_bookings')
      .innerJoin('trading_rooms', 'trading_rooms.id', 'trading_bookings.room_id')
      .select(['trading_bookings.purpose', 'trading_rooms.name as room', 'starts_at', 'ends_at'])
      .where('project_id', '=', projectId)
      .execute(),
    db.selectFrom('trading_publications').select(['id', 'kind', 'title', 'published_at', 'publicity_ends_at']).where('project_id', '=', projectId).orderBy('id').execute(),
  ]);
  return {
    id: project.id,
    number: project.number,
    title: project.title,
    category: project.category,
    categoryName: CATEGORY_NAMES[project.category],
    status: project.status,
    budget: project.budget,
    qualifications: project.qualifications,
    evaluationMethod: project.evaluation_method,
    criteria: project.criteria,
    tenderer: { name: tenderer.name, creditCode: tenderer.credit_code },
    lots,
    documentsFrom: project.documents_from,
    bidDeadline: project.bid_deadline?.toISOString() ?? null,
    reviewNote: project.review_note,
    bookings: bookings.map((b) => ({ purpose: b.purpose, room: b.room, startsAt: b.starts_at.toISOString(), endsAt: b.ends_at.toISOString() })),
    publications: publications.map((p) => ({ id: p.id, kind: p.kind, title: p.title, publishedAt: p.published_at.toISOString(), publicityEndsAt: p.publicity_ends_at?.toISOString() ?? null })),
  };
}

export async function rooms(db: Database, centreId: number | null) {
  let query = db.selectFrom('trading_rooms').select(['id', 'name', 'purpose', 'centre_id']).orderBy('id');
  if (centreId !== null) query = query.where('centre_id', '=', centreId);
  return (await query.execute()).map((r) => ({ id: r.id, name: r.name, purpose: r.purpose, centreId: r.centre_id }));
}
