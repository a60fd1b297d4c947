import type { Database } from '../../db/database.js';
import { AppError, forbidden, invalidState, notFound } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { toActor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { regionPrefix } from '../cases/policy.js';
import { approveCase, claimCase, completeReview, denyCase } from '../cases/service.js';
import { writeJointEvent } from '../joint/repo.js';
import type { TJointReview, TMeeting } from './schema.js';
import { now as clockNow } from '../../util/clock.js';

const KIND_LABELS = { drawing_review: '联合图审', completion_acceptance: '联合验收' } as const;
const CONCLUSION_LABELS = { pass: '通过', pass_with_conditions: '有条件通过', fail: '不通过' } as const;

const staffOfCentre = (actor: Actor) => (actor.role === 'clerk' || actor.role === 'admin') && actor.centreId !== null;

async function projectOfCentre(db: Database, actor: Actor, projectId: number) {
  const project = await db.selectFrom('projects').select(['id', 'name', 'centre_id']).where('id', '=', projectId).executeTakeFirst();
  if (!project || project.centre_id !== actor.centreId) throw notFound('项目');
  return project;
}

/** 联合图审 / 联合验收: one joint record, one opinion row per department waiting for its sign-off. */
export async function createJointReview(options: {
  db: Database;
  actor: Actor;
  projectId: number;
  request: { kind: 'drawing_review' | 'completion_acceptance'; title: string; heldOn: string; departmentIds: number[] };
}): Promise<TJointReview> {
  const { db, actor, request } = options;
  if (!staffOfCentre(actor)) throw forbidden('由中心组织联合图审、联合验收');
  await projectOfCentre(db, actor, options.projectId);
  const departments = await db.selectFrom('departments').select('id').where('id', 'in', request.departmentIds).where('centre_id', '=', actor.centreId!).execute();
  if (departments.length !== new Set(request.departmentIds).size) throw new AppError('VALIDATION_FAILED', '参加部门须为本中心部门', [{ field: 'body.departmentIds', message: '参加部门须为本中心部门' }]);
  const id = await db.transaction().execute(async (trx) => {
    const review = await trx
      .insertInto('joint_reviews')
      .values({ project_id: options.projectId, kind: request.kind, title: request.title, held_on: request.heldOn, created_by: actor.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('joint_review_opinions').values(departments.map((d) => ({ review_id: review.id, department_id: d.id, conclusion: null, opinion: null, signed_by: null, signed_at: null }))).execute();
    await writeAudit(trx, { actorId: actor.id, action: `project.${request.kind}`, targetType: 'joint_review', targetId: String(review.id) });
    return review.id;
  });
  return (await listJointReviews(db, actor, options.projectId)).find((r) => r.id === id)!;
}

/** A department signs its part of the joint record; the record closes with the last signature. */
export async function signJointReview(options: { db: Database; actor: Actor; reviewId: number; conclusion: 'pass' | 'pass_with_conditions' | 'fail'; opinion: string }) {
  const { db, actor } = options;
  if (actor.role !== 'reviewer') throw forbidden('由参加部门的审批人员签署意见');
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('joint_review_opinions')
      .innerJoin('joint_reviews', 'joint_reviews.id', 'joint_review_opinions.review_id')
      .select(['joint_review_opinions.signed_at', 'joint_reviews.project_id', 'joint_reviews.closed_at'])
      .where('joint_review_opinions.review_id', '=', options.reviewId)
      .where('joint_review_opinions.department_id', '=', actor.departmentId ?? -1)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('联合审查记录');
    if (row.signed_at) throw new AppError('CONFLICT', '本部门已签署意见');
    const now = clockNow();
    await trx
      .updateTable('joint_review_opinions')
      .set({ conclusion: options.conclusion, opinion: options.opinion, signed_by: actor.id, signed_at: now })
      .where('review_id', '=', options.reviewId)
      .where('department_id', '=', actor.departmentId!)
      .execute();
    const open = await trx.selectFrom('joint_review_opinions').select('department_id').where('review_id', '=', options.reviewId).where('signed_at', 'is', null).execute();
    if (!open.length) await trx.updateTable('joint_reviews').set({ closed_at: now }).where('id', '=', options.reviewId).execute();
    return row.project_id;
  });
}

/** Joint records of a project: centre staff, supervisors, and the departments taking part. */
export async function listJointReviews(db: Database, actor: Actor, projectId: number): Promise<TJointReview[]> {
  let query = db.selectFrom('joint_reviews').innerJoin('projects', 'projects.id', 'joint_reviews.project_id').selectAll('joint_reviews').where('joint_reviews.project_id', '=', projectId);
  if (actor.role === 'clerk' || actor.role === 'admin') query = query.where('projects.centre_id', '=', actor.centreId ?? -1);
  else if (actor.role === 'reviewer') {
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('joint_review_opinions as o').select('o.review_id').whereRef('o.review_id', '=', 'joint_reviews.id').where('o.department_id', '=', actor.departmentId ?? -1)),
    );
  } else if (actor.role === 'supervisor') query = query.where('projects.region_code', 'like', `${regionPrefix(actor.regionCode ?? '--')}%`);
  else if (actor.role === 'applicant') query = query.where('projects.owner_id', '=', actor.id);
  else if (actor.role === 'agent') query = query.where('projects.agent_id', '=', actor.id);
  else return [];
  const reviews = await query.orderBy('joint_reviews.id').execute();
  if (!reviews.length) return [];
  const opinions = await db
    .selectFrom('joint_review_opinions as o')
    .innerJoin('departments', 'departments.id', 'o.department_id')
    .leftJoin('users', 'users.id', 'o.signed_by')
    .select(['o.review_id', 'o.department_id', 'o.conclusion', 'o.opinion', 'o.signed_at', 'departments.name as department_name', 'users.display_name as signer'])
    .where('o.review_id', 'in', reviews.map((r) => r.id))
    .orderBy('o.department_id')
    .execute();
  return reviews.map((r) => ({
    id: r.id,
    projectId: r.project_id,
    kind: r.kind,
    kindLabel: KIND_LABELS[r.kind],
    title: r.title,
    heldOn: r.held_on,
    closed: r.closed_at !== null,
    opinions: opinions
      .filter((o) => o.review_id === r.id)
      .map((o) => ({
        departmentId: o.department_id,
        departmentName: o.department_name,
        conclusion: o.conclusion,
        conclusionLabel: o.conclusion ? CONCLUSION_LABELS[o.conclusion] : null,
        opinion: o.opinion,
        signedBy: o.signer,
        signedAt: o.signed_at?.toISOString() ?? null,
      })),
  }));
}

/**
 * 联审会议: the meeting's record (date, departments, agenda, minutes) and its decisions on several
 * child cases at once. Each department decides through its representative at the meeting, by the
 * case module's own steps (认领 → 审查 → 决定), so every decision is on its case's timeline with
 * the meeting named in the opinion.
 */
export async function holdJointMeeting(options: {
  db: Database;
  actor: Actor;
  request: {
    title: string;
    heldOn: string;
    departmentIds: number[];
    projectIds: number[];
    minutes: string;
    decisions: { caseId: string; decision: 'approve' | 'deny'; opinion: string; representativeId?: number }[];
  };
}): Promise<TMeeting> {
  const { db, actor } = options;
  if (!staffOfCentre(actor)) throw forbidden('由中心组织联审会议');
  // Everything is checked before anything is decided: a wrong line decides nothing.
  const cases = await db
    .selectFrom('cases')
    .select(['id', 'department_id', 'status', 'joint_application_id', 'centre_id', 'assignee_id', 'review_step'])
    .where('id', 'in', options.request.decisions.map((d) => d.caseId))
    .execute();
  const request = { ...options.request, decisions: await withRepresentatives(db, options.request.decisions, cases) };
  const reps = await db.selectFrom('users').selectAll().where('id', 'in', request.decisions.map((d) => d.representativeId)).execute();
  for (const [i, d] of request.decisions.entries()) {
    const c = cases.find((x) => x.id === d.caseId);
    const field = `body.decisions.${i}`;
    if (!c || c.centre_id !== actor.centreId || !c.joint_application_id) throw new AppError('VALIDATION_FAILED', '办件不是本中心的联办子办件', [{ field, message: '办件不是本中心的联办子办件' }]);
    if (c.status !== 'accepted') throw invalidState('只有审查中的办件可以由联审会议决定');
    if (!request.departmentIds.includes(c.department_id)) throw new AppError('VALIDATION_FAILED', '办件所属部门未参加会议', [{ field, message: '办件所属部门未参加会议' }]);
    const rep = reps.find((r) => r.id === d.representativeId);
    if (!rep || rep.role !== 'reviewer' || rep.department_id !== c.department_id) throw new AppError('VALIDATION_FAILED', '部门代表须为该办件所属部门的审批人员', [{ field, message: '部门代表须为该办件所属部门的审批人员' }]);
    // The case stays its assignee's: the representative decides only what nobody else holds.
    if (c.assignee_id !== null && c.assignee_id !== rep.id) throw invalidState('该办件由本部门其他人员承办，请由承办人作为部门代表');
  }
  const meeting = await db
    .insertInto('joint_meetings')
    .values({ centre_id: actor.centreId!, title: request.title, held_on: request.heldOn, department_ids: request.departmentIds, project_ids: request.projectIds, minutes: request.minutes, created_by: actor.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const d of request.decisions) {
    const c = cases.find((x) => x.id === d.caseId)!;
    const rep = toActor(reps.find((r) => r.id === d.representativeId)!);
    const note = `联审会议《${request.title}》（${request.heldOn}）决定：${d.opinion}`;
    if (c.assignee_id !== rep.id) await claimCase({ db, actor: rep, caseId: c.id });
    const fresh = await db.selectFrom('cases').select('review_step').where('id', '=', c.id).executeTakeFirstOrThrow();
    if (fresh.review_step === 'review') await completeReview({ db, actor: rep, caseId: c.id, opinion: note });
    if (d.decision === 'approve') await approveCase({ db, actor: rep, caseId: c.id, opinion: note });
    else await denyCase({ db, actor: rep, caseId: c.id, reason: note });
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('joint_meeting_decisions').values({ meeting_id: meeting.id, case_id: c.id, decision: d.decision, decided_by: rep.id, opinion: d.opinion }).execute();
      await writeJointEvent(trx, { jointId: c.joint_application_id!, actor, action: 'meeting_decision', note, data: { meetingId: meeting.id, caseId: c.id, decision: d.decision } });
    });
  }
  return getMeeting(db, actor, meeting.id);
}

/**
 * Who speaks for the department on each case when the organiser names nobody: the case's assignee
 * (the case stays theirs), else the department's 首席代表, else its reviewer with the fewest open cases.
 */
async function withRepresentatives<D extends { caseId: string; representativeId?: number }>(
  db: Database,
  decisions: D[],
  cases: { id: string; department_id: number; assignee_id: number | null }[],
): Promise<(D & { representativeId: number })[]> {
  const out: (D & { representativeId: number })[] = [];
  for (const d of decisions) {
    const c = cases.find((x) => x.id === d.caseId);
    let representativeId = d.representativeId ?? c?.assignee_id ?? undefined;
    if (representativeId === undefined && c) {
      const pick = await db
        .selectFrom('users')
        .select('users.id')
        .where('users.role', '=', 'reviewer')
        .where('users.department_id', '=', c.department_id)
        .where('users.disabled', '=', false)
        .orderBy('users.chief_representative', 'desc')
        .orderBy((eb) => eb.selectFrom('cases').select((e) => e.fn.countAll().as('n')).whereRef('cases.assignee_id', '=', 'users.id').where('cases.status', '=', 'accepted'))
        .orderBy('users.id')
        .executeTakeFirst();
      representativeId = pick?.id;
    }
    // Nobody to speak for the department: the check below refuses the line.
    out.push({ ...d, representativeId: representativeId ?? -1 });
  }
  return out;
}

export async function getMeeting(db: Database, actor: Actor, id: number): Promise<TMeeting> {
  const m = await db.selectFrom('joint_meetings').selectAll().where('id', '=', id).executeTakeFirst();
  if (!m || !((actor.role === 'clerk' || actor.role === 'admin') && m.centre_id === actor.centreId) && actor.role !== 'supervisor') throw notFound('联审会议');
  const [departments, projects, decisions] = await Promise.all([
    db.selectFrom('departments').select('name').where('id', 'in', m.department_ids).orderBy('id').execute(),
    m.project_ids.length ? db.selectFrom('projects').select('name').where('id', 'in', m.project_ids).orderBy('id').execute() : Promise.resolve([]),
    db
      .selectFrom('joint_meeting_decisions as d')
      .innerJoin('cases', 'cases.id', 'd.case_id')
      .innerJoin('service_items', 'service_items.id', 'cases.item_id')
      .innerJoin('departments', 'departments.id', 'cases.department_id')
      .innerJoin('users', 'users.id', 'd.decided_by')
      .select(['d.case_id', 'd.decision', 'd.opinion', 'cases.number', 'service_items.name as item_name', 'departments.name as department_name', 'users.display_name'])
      .where('d.meeting_id', '=', id)
      .orderBy('cases.number')
      .execute(),
  ]);
  return {
    id: m.id,
    title: m.title,
    heldOn: m.held_on,
    departments: departments.map((d) => d.name),
    projects: projects.map((p) => p.name),
    minutes: m.minutes,
    decisions: decisions.map((d) => ({ caseId: d.case_id, caseNumber: d.number, itemName: d.item_name, departmentName: d.department_name, decision: d.decision, opinion: d.opinion, decidedBy: d.display_name })),
  };
}
