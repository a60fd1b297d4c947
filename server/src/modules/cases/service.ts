import crypto from 'node:crypto';
import type { DeliveryPreference } from '../../db/schema.js';
import type { Database, Executor, Tx } from '../../db/database.js';
import { AppError, forbidden, invalidState, notFound } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import type { Actor } from '../auth/actor.js';
import { validateFormData } from '../catalog/form.js';
import { findApplicableItem } from '../catalog/repo.js';
import { findOrAddWalkInApplicant } from '../auth/applicants.js';
import { writeAudit } from '../auth/repo.js';
import { calendarFor, invalidateCalendars } from '../calendar/service.js';
import { canonicalJson } from '../../util/canonical-json.js';
import type { ChainedEvent } from './chain.js';
import { acceptanceDates, clockDates, clockInputs, decisionFigures, warnDate } from './clock.js';
import { loadClockSettings, parseClockSettings, saveClockSettings, type ClockSettings } from './clock-settings.js';
import { prepareDecisionNumber, type DecisionSerial } from './decision-authority.js';
import { noticeFor } from './notices.js';
import { newQueryCode, NUMBER_PLACEHOLDER } from './numbering.js';
import * as repo from './repo.js';
import { queueCaseEventSignal, signalCaseEvents, timelineTransaction } from './signals.js';
import type { RecordedAction } from './state-machine.js';
import * as clockRepo from './clock-repo.js';
import { assertAssigned, nextEvent, transition, transitionIn } from './transition.js';
import { extensionRuleFor } from './extensions.js';
import { deliveryClockAtGrant } from './delivery.js';
import { chainOfItem } from './review.js';
import { stoppedWorkdays } from '../calendar/engine.js';
import { now as clockNow } from '../../util/clock.js';
import { uuidv7 } from '../../util/uuidv7.js';
import { receivableAt } from '../network/repo.js';
import type { CorrectionPoint } from './checklist.js';
import * as checklistRepo from './checklist-repo.js';
import { assertAcceptable, assertAcceptableWith, assertCorrectionAnswered, assertSubmissionComplete, correctionPoints, recordDeferrals, recordSeenMaterials, type Deferral } from './checklist-service.js';

/**
 * 申报: an applicant submits an application for a published item. With an idempotency key, a
 * retry answers the case the first request created (`replayed`), and the same key with another
 * body is refused.
 */
export async function submitApplication(options: {
  db: Database;
  actor: Actor;
  itemId: number;
  formData: Record<string, unknown>;
  /** Files uploaded beforehand for the item's materials (预上传), attached to the new case. */
  materials?: string[];
  /** 容缺: minor materials promised for a later date. */
  deferred?: Deferral[];
  idempotencyKey?: string;
}): Promise<{ caseId: string; replayed: boolean; opened?: OpenedCase }> {
  const { db, actor } = options;
  if (actor.role !== 'applicant') throw forbidden('只有申请人可以提交申请');
  const item = await findApplicableItem(db, options.itemId);
  if (!item) throw notFound('事项');
  // 服务对象: an item for natural persons only (个人所得税汇算 …) is not an enterprise's to apply for.
  if (actor.applicantKind === 'legal' && item.target === 'natural') throw forbidden('该事项仅面向个人办理，企业（法人）账户不能申请');
  const formData = validateFormData(item.form_fields, options.formData);
  const uploadIds = [...new Set(options.materials ?? [])];
  const deferred = options.deferred ?? [];
  // One instant for the id, the first timeline row, submitted_at and the number's date (openCase).
  const submittedAt = clockNow();
  const caseId = uuidv7(submittedAt);
  const requestHash = options.idempotencyKey
    ? crypto
        .createHash('sm3')
        .update(canonicalJson({ itemId: options.itemId, formData: options.formData, ...(uploadIds.length && { materials: uploadIds }), ...(deferred.length && { deferred }) }))
        .digest()
    : undefined;
  const staged = await checklistRepo.findStaged(db, actor.id, item.id, uploadIds);
  // A retry of a submission that went through finds its uploads already moved onto the case.
  const replay = staged.length !== uploadIds.length && options.idempotencyKey !== undefined && (await checklistRepo.hasIdempotencyClaim(db, actor.id, options.idempotencyKey));
  if (!replay) {
    if (staged.length !== uploadIds.length) throw new AppError('VALIDATION_FAILED', '部分上传的材料已失效，请重新上传', [{ field: 'body.materials', message: '上传的材料不存在' }]);
    assertSubmissionComplete(item.materials, new Set(staged.map((s) => s.item_material_id)), deferred);
  }
  // One statement outside a transaction (repo.insertNumberedCase): committed, flushed, answered.
  const created = await openCase(db, {
    item,
    caseId,
    submittedAt,
    applicantId: actor.id,
    actor,
    channel: 'online',
    formData,
    filedById: actor.actingPerson?.id ?? null,
    claim: options.idempotencyKey ? { applicantId: actor.id, key: options.idempotencyKey, requestHash: requestHash! } : undefined,
  });
  if (created) {
    const { row } = created;
    // The case row commits on its own (see above), so its materials follow in the next
    // transaction; the staged files stay the applicant's until then.
    if (staged.length || deferred.length) {
      await db.transaction().execute(async (trx) => {
        await checklistRepo.attachStaged(trx, row.id, staged, actor.id);
        await recordDeferrals(trx, row, deferred, actor);
      });
    }
    signalCaseEvents(db, [{ caseId: row.id, action: 'submit', to: 'submitted', regionCode: row.region_code }]);
    return { caseId: row.id, replayed: false, opened: created };
  }
  const earlier = await repo.findIdempotencyClaim(db, actor.id, options.idempotencyKey!);
  if (!earlier.request_hash.equals(requestHash!)) {
    throw new AppError('CONFLICT', '该幂等键已用于另一份申请内容（Idempotency-Key reused with a different body）');
  }
  return { caseId: earlier.case_id, replayed: true };
}

type ApplicableItem = NonNullable<Awaited<ReturnType<typeof findApplicableItem>>>;

/** A case as its submission wrote it: enough to answer its detail without reading it back. */
export interface OpenedCase {
  row: repo.OpenedCaseRow;
  item: ApplicableItem;
  firstEvent: ChainedEvent;
}

/** Writes a new case with its number, query code and first timeline row (online or at the window). */
async function openCase(
  trx: Database,
  options: {
    item: ApplicableItem;
    /** A UUIDv7 of `submittedAt` (util/uuidv7.ts): its year is the partition of cases it lives in. */
    caseId: string;
    submittedAt: Date;
    applicantId: number;
    actor: Actor;
    channel: 'online' | 'window';
    formData: Record<string, unknown>;
    claim?: { applicantId: number; key: string; requestHash: Buffer };
    /** The centre that receives the application when it is not the item's own (收件转报, 通办). */
    receivingCentreId?: number;
    /** Where the applicant handed it in (a town centre, a village point, another county's centre). */
    receivedAt?: number;
    receivedAs?: 'own' | 'offered' | 'tongban';
    jointApplicationId?: string;
    /** 经办人 acting for an enterprise applicant. */
    filedById?: number | null;
  },
): Promise<OpenedCase | undefined> {
  const { item } = options;
  // The id and time are fixed here so the first timeline row's hash can go in with the case.
  const firstEvent: ChainedEvent = {
    case_id: options.caseId,
    seq: 1,
    at: options.submittedAt,
    actor_id: options.actor.id,
    actor_role: options.actor.role,
    action: 'submit',
    from_status: null,
    to_status: 'submitted',
    note: null,
    data: {
      channel: options.channel,
      itemVersionId: item.version_id,
      // The timeline names where it was received when that is not where it is decided.
      ...(options.receivedAs && options.receivedAs !== 'own' && { receivedAt: options.receivedAt, receivedAs: options.receivedAs }),
    },
  };
  // The number is not known before the last statement; the notice names it by a placeholder.
  const notice = noticeFor('submit', { number: NUMBER_PLACEHOLDER, dueDate: null, data: {} });
  // Art. 32: five working days to answer, from the day the materials arrive.
  const acceptanceClock = acceptanceDates(await calendarFor(trx, item.region_code), firstEvent.at);
  const row = await repo.insertNumberedCase(
    trx,
    {
      id: options.caseId,
      query_code: newQueryCode(),
      item_id: item.id,
      department_id: item.department_id,
      centre_id: options.receivingCentreId ?? item.centre_id,
      region_code: item.region_code,
      applicant_id: options.applicantId,
      filed_by_id: options.filedById ?? null,
      channel: options.channel,
      status: 'submitted',
      form_data: options.formData,
      promised_limit_days: item.promised_limit_days,
      promised_limit_unit: item.promised_limit_unit,
      legal_limit_days: item.legal_limit_days,
      legal_limit_unit: item.legal_limit_unit,
      // Administrative Licensing Law art. 42 for licences; other types as their entry states.
      max_extension_workdays: extensionRuleFor(item).maxWorkdays,
      item_version_id: item.version_id,
      submitted_at: firstEvent.at,
      ...acceptanceClock,
      ...(options.jointApplicationId ? { joint_application_id: options.jointApplicationId } : {}),
    },
    // The number's date, the id's year and submitted_at agree even across New Year's midnight.
    { regionCode: item.region_code, day: chinaDate(options.submittedAt), placeholder: NUMBER_PLACEHOLDER },
    firstEvent,
    notice ? { userId: options.applicantId, kind: 'submit', ...notice } : null,
    { claim: options.claim },
  );
  return row && { row, item, firstEvent };
}

/**
 * 一窗受理: the clerk registers a walk-in applicant (found by ID number, or added), fills the
 * item's form, ticks the checklist and, when everything is there, accepts on the spot — one
 * transaction, two timeline rows.
 */
export async function registerWalkIn(options: {
  db: Database;
  actor: Actor;
  applicant: { kind: 'natural' | 'legal'; name: string; identityNumber: string; phone: string };
  itemId: number;
  formData: Record<string, unknown>;
  /** Listed materials (M01 …) the clerk saw and found in order. */
  checklist: string[];
  /** 容缺: minor materials the applicant promises to bring by a date. */
  deferred?: Deferral[];
  acceptNow: boolean;
  /** Rows a higher module keeps about this reception (通办 delivery choice), in the same transaction. */
  within?: (trx: Executor, caseId: string) => Promise<void>;
}): Promise<{ caseId: string }> {
  const { db, actor } = options;
  if (actor.role !== 'clerk' && actor.role !== 'agent') throw forbidden('只有窗口人员可以登记窗口申请');
  // A village agent hands the application in; the item's own centre accepts it.
  if (actor.role === 'agent' && options.acceptNow) throw forbidden('代办员提交申请，由窗口受理');
  const item = await findApplicableItem(db, options.itemId);
  // Another centre's items are not this window's business, unless this centre offers them (a
  // town's 收件转报) or they are on the 通办 list: then this centre receives, the item's department decides.
  const receivedAs = !item || actor.centreId === null ? null : item.centre_id === actor.centreId ? 'own' : await receivableAt(db, item.id, actor.centreId);
  if (!item || !receivedAs) throw notFound('事项');
  const formData = validateFormData(item.form_fields, options.formData);
  return timelineTransaction(db, async (trx) => {
    const applicantId = await findOrAddWalkInApplicant(trx, options.applicant);
    const submittedAt = clockNow();
    const caseId = uuidv7(submittedAt);
    const receivingCentreId = actor.role === 'agent' ? item.centre_id : actor.centreId!;
    await openCase(trx, { item, caseId, submittedAt, applicantId, actor, channel: 'window', formData, receivingCentreId, receivedAt: actor.centreId!, receivedAs });
    if (options.within) await options.within(trx, caseId);
    queueCaseEventSignal(trx, { caseId, action: 'submit', to: 'submitted', regionCode: item.region_code });
    if (options.acceptNow) {
      await transitionIn(trx, {
        actor,
        caseId,
        action: 'accept',
        data: { checklist: options.checklist, ...(options.deferred?.length && { deferred: options.deferred }) },
        patch: async (current, t) => {
          await recordSeenMaterials(t, current, options.checklist, actor);
          await recordDeferrals(t, current, options.deferred ?? [], actor);
          const facts = await checklistRepo.findAcceptanceFacts(t, current);
          assertAcceptableWith(facts);
          return acceptPatch(current, t, actor, facts);
        },
      });
    }
    return { caseId };
  });
}

/**
 * 抄告相关: a member item of a joint application becomes an ordinary case of its department,
 * opened and accepted in the caller's transaction, so every department's case starts at the same
 * moment with its own item clock. The joint module's one way in; from here on the case lives
 * like any other (own inbox, own review, own decision).
 */
export async function openAcceptedCaseIn(
  trx: Tx,
  options: { actor: Actor; itemId: number; applicantId: number; channel: 'online' | 'window'; formData: Record<string, unknown>; jointApplicationId: string },
): Promise<repo.CaseRow> {
  const { actor } = options;
  if (actor.role !== 'clerk') throw forbidden('只有窗口人员可以受理');
  const item = await findApplicableItem(trx, options.itemId);
  if (!item || item.centre_id !== actor.centreId) throw notFound('事项');
  const formData = validateFormData(item.form_fields, options.formData);
  const submittedAt = clockNow();
  const caseId = uuidv7(submittedAt);
  await openCase(trx, { item, caseId, submittedAt, applicantId: options.applicantId, actor, channel: options.channel, formData, jointApplicationId: options.jointApplicationId });
  queueCaseEventSignal(trx, { caseId, action: 'submit', to: 'submitted', regionCode: item.region_code });
  return transitionIn(trx, { actor, caseId, action: 'accept', data: { jointApplicationId: options.jointApplicationId }, patch: (current, t) => acceptPatch(current, t, actor) });
}

/**
 * 受理: the clerk accepts once every required material is verified (or deferred under 容缺, with
 * the date the applicant promised); the legal clock starts and the promised deadline is fixed.
 */
export function acceptCase(options: { db: Database; actor: Actor; caseId: string; note?: string; deferred?: Deferral[] }) {
  const deferred = options.deferred ?? [];
  return transition({
    ...options,
    action: 'accept',
    ...(deferred.length && { data: { deferred }, patchWrites: true }),
    patch: async (current, trx) => {
      await recordDeferrals(trx, current, deferred, options.actor);
      // One query for all acceptance checks and sets besides the case (after the deferrals above).
      const facts = await checklistRepo.findAcceptanceFacts(trx, current);
      assertAcceptableWith(facts);
      return acceptPatch(current, trx, options.actor, facts);
    },
  });
}

/** Who took the case in and where: statistics count it for this clerk and window. */
function intakeBy(actor: Actor): Pick<repo.CasePatch, 'clerk_id' | 'window_id'> {
  return { clerk_id: actor.id, window_id: actor.windowId };
}

/** Acceptance starts the legal clock; `facts` as read for its checks, if they were. */
async function acceptPatch(current: repo.CaseRow, trx: Executor, actor: Actor, facts?: checklistRepo.AcceptanceFacts): Promise<repo.CasePatch> {
  const acceptedAt = clockNow();
  const read = facts ?? (await checklistRepo.findAcceptanceFacts(trx, current));
  const calendar = await calendarFor(trx, current.region_code);
  const dates = clockDates(calendar, { ...clockInputs(current, acceptedAt), yellow: parseClockSettings(read.clock_settings) });
  return {
    accepted_at: acceptedAt,
    ...dates,
    ...intakeBy(actor),
    ...chainOfItem(read, current),
    eventData: { dueDate: dates.due_date, legalDueDate: dates.legal_due_date },
  };
}

/**
 * 一次性告知: everything to correct is listed once, in one notice; each point names the listed
 * material it is about, or is a free point (a form field, a signature).
 */
export function requestCorrection(options: {
  db: Database;
  actor: Actor;
  caseId: string;
  points?: CorrectionPoint[];
  /** Free points as plain text. */
  missing?: string[];
  note?: string;
}) {
  const points = [...(options.points ?? []), ...(options.missing ?? []).map((text) => ({ materialId: null, text }))];
  if (points.length === 0) throw new AppError('VALIDATION_FAILED', '请列出需要补正的全部材料或内容', [{ field: 'body.points', message: '请列出需要补正的全部材料或内容' }]);
  return transition({ ...options, action: 'request_correction', patch: async (current, db) => ({ eventData: await correctionPoints(db, current, points) }) });
}

/**
 * The applicant answers the correction notice, optionally with corrected form data: every point
 * of the notice needs a new file for its material or a written answer.
 */
export function resubmitCase(options: {
  db: Database;
  actor: Actor;
  caseId: string;
  formData?: Record<string, unknown>;
  /** Written answers, by the point's index in the notice. */
  answers?: { point: number; text: string }[];
  note?: string;
}) {
  const answers = new Map((options.answers ?? []).map((a) => [a.point, a.text]));
  return transition({
    ...options,
    action: 'resubmit',
    ...(answers.size && { data: { answers: Object.fromEntries(answers) } }),
    patch: async (current, trx) => {
      await assertCorrectionAnswered(trx, current, answers);
      // The answer is a new receipt of materials: a new five working days to accept (art. 32).
      const acceptanceClock = acceptanceDates(await calendarFor(trx, current.region_code), clockNow());
      if (!options.formData) return acceptanceClock;
      const item = await findApplicableItem(trx, current.item_id, { includeUnpublished: true });
      if (!item) throw notFound('事项');
      return { ...acceptanceClock, form_data: validateFormData(item.form_fields, options.formData) };
    },
  });
}

/** 不予受理: refused, with the reasons the 决定书 states. */
export function refuseCase(options: { db: Database; actor: Actor; caseId: string; reason: string }) {
  return transition({
    ...options,
    action: 'refuse',
    note: options.reason,
    patch: () => ({ decision_reason: options.reason, completed_at: clockNow(), ...intakeBy(options.actor) }),
  });
}

export { approveCase, claimCase, completeReview, denyCase, DENIAL_REMEDIES } from './review.js';
export { decideExtension, requestExtension } from './extensions.js';

export { issueResult, type DeliveryMethod, type IssueDelivery } from './issue.js';

/** Applicants may withdraw before the decision. */
export function withdrawCase(options: { db: Database; actor: Actor; caseId: string; reason?: string }) {
  return transition({
    ...options,
    action: 'withdraw',
    note: options.reason ?? null,
    patch: () => ({ completed_at: clockNow() }),
  });
}

export { stopClock } from './stops.js';

/** 恢复计时: the clock runs again from the next working day; the deadline moves by the working days stopped. */
export function resumeClock(options: { db: Database; actor: Actor; caseId: string; note?: string }) {
  return transition({
    ...options,
    action: 'resume_clock',
    patchWrites: true,
    patch: async (current, trx) => {
      await assertAssigned(trx, options.actor, current);
      if (!current.clock_stopped) throw invalidState('计时未中止');
      const stop = await clockRepo.findOpenStop(trx, current.id);
      if (!stop) throw invalidState('计时未中止');
      const endedAt = clockNow();
      const calendar = await calendarFor(trx, current.region_code);
      const workdays = stoppedWorkdays(calendar, stop.started_at, endedAt);
      await clockRepo.closeStop(trx, { stopId: stop.id, at: endedAt, by: options.actor.id, workdays });
      const next = { ...current, stopped_workdays: current.stopped_workdays + workdays };
      const dates = clockDates(calendar, { ...clockInputs(next, current.accepted_at!), yellow: await loadClockSettings(trx) });
      return {
        clock_stopped: false,
        stopped_workdays: next.stopped_workdays,
        ...dates,
        eventData: { kind: stop.kind, stoppedWorkdays: workdays, dueDate: dates.due_date },
      };
    },
  });
}

/**
 * When a year's holiday schedule arrives, every running deadline that was computed on weekdays
 * only is computed again, each with its timeline row. Runs inside the transaction that saved
 * the schedule, so the calendar and the deadlines change together.
 * @returns how many cases changed
 */
export async function recomputeProvisionalDeadlines(trx: Tx): Promise<number> {
  invalidateCalendars();
  const rows = await trx.selectFrom('cases').selectAll().where('status', '=', 'accepted').where('due_provisional', '=', true).forUpdate().execute();
  const yellow = await loadClockSettings(trx);
  for (const current of rows) {
    const calendar = await calendarFor(trx, current.region_code);
    const dates = clockDates(calendar, { ...clockInputs(current, current.accepted_at!), yellow });
    await recordOnTimeline(trx, current, {
      action: 'recompute_deadline',
      data: { previousDueDate: current.due_date, dueDate: dates.due_date, provisional: dates.due_provisional },
      patch: dates,
    });
  }
  return rows.length;
}

/**
 * Writes a timeline row that does not move the case (a recomputed deadline, a warning, a 督办)
 * on a case the caller has locked, keeping the hash chain and the counter in step.
 */
export async function recordOnTimeline(
  trx: Tx,
  current: repo.CaseRow,
  entry: { action: RecordedAction; actor?: Actor; note?: string | null; data?: Record<string, unknown>; patch?: repo.CasePatch },
): Promise<repo.CaseRow> {
  const moved = await repo.recordStep(trx, {
    current,
    event: nextEvent(current, { action: entry.action, actor: entry.actor, to: current.status, note: entry.note, data: entry.data ?? {} }),
    prevHash: current.timeline_head,
    status: current.status,
    patch: entry.patch ?? {},
    notice: null,
  });
  queueCaseEventSignal(trx, { caseId: current.id, action: entry.action, to: current.status, regionCode: current.region_code });
  return moved!;
}

/**
 * Changes when lights turn yellow and moves the warning date of every running case to match;
 * deadlines themselves do not change, so no timeline rows are written.
 * @returns how many running cases were updated
 */
export async function updateClockSettings(db: Database, actor: Actor, settings: ClockSettings): Promise<number> {
  if (actor.role !== 'admin') throw forbidden('只有中心管理员可以修改预警设置');
  return db.transaction().execute(async (trx) => {
    await saveClockSettings(trx, settings, actor.id);
    await writeAudit(trx, { actorId: actor.id, action: 'settings.clock', targetType: 'settings', targetId: 'clock', detail: settings });
    const running = await trx
      .selectFrom('cases')
      .select(['id', 'region_code', 'due_date', 'promised_limit_days', 'promised_limit_unit'])
      .where('status', '=', 'accepted')
      .where('due_date', 'is not', null)
      .forUpdate()
      .execute();
    for (const c of running) {
      const calendar = await calendarFor(trx, c.region_code);
      const warn = warnDate(calendar, c.due_date!, { value: c.promised_limit_days, unit: c.promised_limit_unit }, settings);
      await trx.updateTable('cases').set({ warn_date: warn }).where('id', '=', c.id).execute();
    }
    return running.length;
  });
}

/**
 * 即办件当场办结: an authorised clerk accepts and approves an on-the-spot item at the window in one
 * step; the result is then issued like any other.
 */
export function decideOnSpot(options: { db: Database; actor: Actor; caseId: string; opinion?: string }) {
  let serial: DecisionSerial | undefined;
  return transition({
    ...options,
    action: 'decide_on_spot',
    note: options.opinion ?? null,
    // The decision's 文号 is taken in the step's own transaction, so the series has no gaps.
    numbered: () => serial!,
    patch: async (current, trx) => {
      const item = await trx.selectFrom('service_items').select('kind').where('id', '=', current.item_id).executeTakeFirstOrThrow();
      if (item.kind !== 'immediate') throw invalidState('只有即办件可以在窗口当场办结，承诺件须转部门审批');
      await assertAcceptable(trx, current);
      const clerk = await trx.selectFrom('users').select('decides_immediate').where('id', '=', options.actor.id).executeTakeFirstOrThrow();
      if (!clerk.decides_immediate) throw forbidden('未获授权在窗口办结即办件');
      const now = clockNow();
      const calendar = await calendarFor(trx, current.region_code);
      const dates = clockDates(calendar, { ...clockInputs(current, now), yellow: await loadClockSettings(trx) });
      const delivery = await deliveryClockAtGrant(trx, current, now);
      serial = await prepareDecisionNumber(trx, current, 'grant', now);
      return {
        accepted_at: now,
        ...dates,
        ...delivery,
        ...intakeBy(options.actor),
        decided_at: now,
        decided_by: options.actor.id,
        ...decisionFigures(calendar, { accepted_at: now, base_due_date: dates.base_due_date, stopped_workdays: 0 }, now),
        decision_reason: options.opinion ?? null,
        eventData: { dueDate: dates.due_date, ...(delivery.delivery_due_date ? { deliveryDueDate: delivery.delivery_due_date } : {}) },
      };
    },
  });
}

/** 送达方式: the applicant chooses window pickup or express post (with the address) before issuance. */
export function chooseDelivery(options: { db: Database; actor: Actor; caseId: string; preference: DeliveryPreference }) {
  return transition({
    ...options,
    action: 'choose_delivery',
    // The address stays on the case; the timeline says only which way.
    data: { method: options.preference.method },
    patch: () => ({ delivery_preference: options.preference }),
  });
}

/**
 * Hands every open case a reviewer holds (accepted, under review) to a colleague, one audit row per
 * case. Called by the organisation's staff changes (a move, a departure) inside their transaction,
 * so a case is never left with nobody responsible.
 */
export async function reassignOpenCases(trx: Executor, options: { fromUserId: number; toUserId: number; actorId: number; reason: 'staff.move' | 'staff.leave' }): Promise<string[]> {
  const moved = await trx
    .updateTable('cases')
    .set({ assignee_id: options.toUserId, updated_at: clockNow() })
    .where('assignee_id', '=', options.fromUserId)
    .where('status', '=', 'accepted')
    .returning('id')
    .execute();
  for (const c of moved) {
    await writeAudit(trx, { actorId: options.actorId, action: 'case.reassign', targetType: 'case', targetId: c.id, detail: { from: options.fromUserId, to: options.toUserId, reason: options.reason } });
  }
  return moved.map((c) => c.id);
}
