import type { Database } from '../../db/database.js';
import { notFound } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import { maskIdentityNumber, maskPhone } from '../../util/mask.js';
import type { Actor } from '../auth/actor.js';
import { calendarFor } from '../calendar/service.js';
import type { WorkdayCalendar } from '../calendar/engine.js';
import * as repo from './repo.js';
import type { OpenedCase } from './service.js';
import { writeAudit } from '../auth/repo.js';
import type { TCaseDetail, TCaseSummary } from './schema.js';
import type { ReviewChain } from '../../db/schema.js';
import { STOP_KIND_LABELS, SYSTEM_ACTOR_NAMES, type CaseAction } from './state-machine.js';
import { actionLabelFor, statusLabelFor } from './wording.js';
import { currentStep } from './review.js';
import { acceptanceLight, caseLight } from './clock.js';
import { deliveryLight } from './delivery.js';

type ListRow = Awaited<ReturnType<typeof repo.listVisibleCases>>['rows'][number];

function toSummary(row: ListRow, calendar: WorkdayCalendar, today: string): TCaseSummary {
  // The promise covers acceptance to decision; delivery afterwards has its own rules.
  const clockRunning = row.status === 'accepted';
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    statusLabel: statusLabelFor(row.status, row.item_type),
    channel: row.channel,
    itemName: row.item_name,
    itemCode: row.item_code,
    departmentName: row.department_name,
    applicantName: row.applicant_name,
    submittedAt: row.submitted_at.toISOString(),
    acceptedAt: row.accepted_at?.toISOString() ?? null,
    dueDate: row.due_date,
    warnDate: row.warn_date ?? null,
    dueProvisional: row.due_provisional,
    workdaysLeft: clockRunning && row.due_date ? calendar.workdaysRemaining(today, row.due_date) : null,
    light: caseLight(row, today),
    clockStopped: row.clock_stopped,
    acceptanceDueDate: row.status === 'submitted' ? row.acceptance_due_date : null,
    acceptanceWorkdaysLeft: row.status === 'submitted' && row.acceptance_due_date ? calendar.workdaysRemaining(today, row.acceptance_due_date) : null,
    acceptanceLight: acceptanceLight(row, today),
    deemedAccepted: row.deemed_accepted,
    reviewStep: row.review_step,
    reviewStepLabel: row.review_step_label,
    assigneeName: row.assignee_name,
    decidedAt: row.decided_at?.toISOString() ?? null,
    completedAt: row.completed_at?.toISOString() ?? null,
    promisedLimitDays: row.promised_limit_days,
    jointApplicationId: row.joint_application_id,
    keyProject: row.key_project,
    deliveryDueDate: row.delivery_due_date,
    deliveryWorkdaysLeft: row.status === 'approved' && row.delivery_due_date ? calendar.workdaysRemaining(today, row.delivery_due_date) : null,
    deliveryLight: deliveryLight(row, today),
    deliveredLate: row.delivered_late,
  };
}

export async function listCases(db: Database, actor: Actor, filter: repo.CaseListFilter) {
  const { rows, total } = await repo.listVisibleCases(db, actor, filter);
  // Days left are counted on each case's own regional calendar.
  const calendars = new Map<string, WorkdayCalendar>();
  for (const region of new Set(rows.map((r) => r.region_code))) calendars.set(region, await calendarFor(db, region));
  const today = chinaDate();
  return { cases: rows.map((row) => toSummary(row, calendars.get(row.region_code)!, today)), total };
}

/** Form fields that carry personal data and are masked outside the audited full view. */
const PERSONAL_FIELD_TYPES = new Set(['phone']);

/**
 * A case as its reader may see it. `today` (the training clock's day, when a supervisor trains)
 * judges its light and days left; the record itself is the same.
 */
export async function getCaseDetail(db: Database, actor: Actor, caseId: string, options: { today?: string } = {}): Promise<TCaseDetail> {
  // One query for the case and its history: a detail is answered after every step.
  const row = await repo.findVisibleCaseWithHistory(db, caseId, actor);
  if (!row) throw notFound('办件');
  return toCaseDetail(row, actor, await calendarFor(db, row.region_code), options.today ?? chinaDate());
}

type DetailRow = NonNullable<Awaited<ReturnType<typeof repo.findVisibleCaseWithHistory>>>;

/**
 * The detail of a case its applicant has just submitted, from what the submission wrote and read
 * (the case row with the applicant's facts, the item, the first timeline row) instead of reading
 * it back: the same row getCaseDetail would load, so the same answer, one query fewer on the
 * busiest write. The row's type is the detail query's, so a column added there must be added here.
 */
export async function openedCaseDetail(db: Database, actor: Actor, opened: OpenedCase): Promise<TCaseDetail> {
  const { row: created, item, firstEvent } = opened;
  const row: DetailRow = {
    ...created,
    review_step_label: null,
    item_type: item.item_type,
    key_project: false,
    assignee_name: null,
    item_name: item.name,
    item_code: item.code,
    department_name: item.department_name,
    form_fields: item.form_fields,
    events: [
      {
        seq: firstEvent.seq,
        at: firstEvent.at.toISOString(),
        action: firstEvent.action,
        actor_role: firstEvent.actor_role,
        from_status: firstEvent.from_status,
        to_status: firstEvent.to_status,
        note: firstEvent.note,
        data: firstEvent.data,
        actor_name: actor.displayName,
      },
    ],
    stops: [],
    extensions: [],
    rated: false,
  };
  return toCaseDetail(row, actor, await calendarFor(db, row.region_code), chinaDate());
}

function toCaseDetail(row: DetailRow, actor: Actor, calendar: WorkdayCalendar, today: string): TCaseDetail {
  const { events, stops, extensions } = row;
  const iso = (at: string | Date) => new Date(at).toISOString();
  const formData: Record<string, unknown> = { ...row.form_data };
  for (const field of row.form_fields) {
    if (PERSONAL_FIELD_TYPES.has(field.type) && typeof formData[field.key] === 'string') {
      formData[field.key] = maskPhone(formData[field.key] as string);
    }
  }
  return {
    ...toSummary(row, calendar, today),
    // The query code is the applicant's to share; staff never need it.
    queryCode: actor.id === row.applicant_id ? row.query_code : null,
    formData,
    formFields: row.form_fields.map((f) => ({ key: f.key, label: f.label, type: f.type })),
    decisionReason: row.decision_reason,
    deliveryPreference: row.delivery_preference
      ? row.delivery_preference.method === 'post'
        ? { ...row.delivery_preference, phone: maskPhone(row.delivery_preference.phone) ?? '' }
        : row.delivery_preference
      : null,
    legalLimitDays: row.legal_limit_days,
    clock: {
      promisedLimit: { value: row.promised_limit_days, unit: row.promised_limit_unit },
      legalLimit: row.legal_limit_days === null ? null : { value: row.legal_limit_days, unit: row.legal_limit_unit },
      baseDueDate: row.base_due_date,
      legalDueDate: row.legal_due_date,
      stoppedWorkdays: row.stopped_workdays,
      extensionWorkdays: row.extension_workdays,
      maxExtensionWorkdays: row.max_extension_workdays,
      stops: stops.map((s) => ({
        kind: s.kind,
        kindLabel: STOP_KIND_LABELS[s.kind],
        reason: s.reason,
        startedAt: iso(s.started_at),
        endedAt: s.ended_at ? iso(s.ended_at) : null,
        workdays: s.workdays,
        expectedWorkdays: s.expected_workdays,
        expectedEndDate: s.expected_end_date,
      })),
      extensions: extensions.map((e) => ({
        workdays: e.workdays,
        reason: e.reason,
        status: e.status,
        requestedAt: iso(e.requested_at),
        decidedAt: e.decided_at ? iso(e.decided_at) : null,
      })),
    },
    applicant: {
      name: row.applicant_name,
      kind: row.applicant_kind,
      // An enterprise's credit code is public record and its own: it sees it in full.
      identityNumber:
        row.applicant_kind === 'legal' && actor.id === row.applicant_id ? row.applicant_identity_number : maskIdentityNumber(row.applicant_identity_number),
      phone: maskPhone(row.applicant_phone),
      filedByName: row.filed_by_name,
    },
    rated: Boolean(row.rated),
    review: reviewOf(row),
    timeline: events.map((e) => ({
      seq: e.seq,
      at: iso(e.at),
      action: e.action,
      actionLabel: actionLabelFor(e.action, e.data, row.item_type),
      fromStatus: e.from_status,
      toStatus: e.to_status,
      actorRole: e.actor_role,
      // A step of the law itself is said in words (系统（依法视为受理）), never by a code.
      actorName: e.actor_name ?? SYSTEM_ACTOR_NAMES[e.action as CaseAction] ?? null,
      note: e.note,
      data: e.data,
    })),
  };
}

/** The chain the case runs, where it stands, and who claimed it (the 承办人). */
function reviewOf(row: { review_chain: ReviewChain | null; review_step_index: number | null }): TCaseDetail['review'] {
  if (!row.review_chain) return null;
  const at = currentStep(row);
  return {
    distinctPersons: row.review_chain.distinctPersons,
    currentIndex: at?.index ?? null,
    steps: row.review_chain.steps.map((s) => ({ key: s.key, label: s.label, kind: s.kind, role: s.role, decides: Boolean(s.decides), departments: s.departments ?? [] })),
  };
}

/**
 * 完整查看: the unmasked ID number, phone and form for someone who needs them to do the work,
 * with the reason written to the audit log before anything is returned.
 */
export async function viewPersonalData(db: Database, actor: Actor, caseId: string, reason: string) {
  if (!['applicant', 'clerk', 'reviewer'].includes(actor.role)) throw notFound('办件');
  const row = await repo.findVisibleCaseDetail(db, caseId, actor);
  if (!row) throw notFound('办件');
  await writeAudit(db, { actorId: actor.id, action: 'personal_data.view', targetType: 'case', targetId: caseId, detail: { reason } });
  return { identityNumber: row.applicant_identity_number, phone: row.applicant_phone, formData: row.form_data };
}
