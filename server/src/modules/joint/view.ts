import type { Database, Executor } from '../../db/database.js';
import type { JointStatus } from '../../db/schema.js';
import { notFound } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import { maskIdentityNumber, maskPhone } from '../../util/mask.js';
import type { Actor } from '../auth/actor.js';
import type { WorkdayCalendar } from '../calendar/engine.js';
import { toChinaDate } from '../calendar/engine.js';
import { calendarFor } from '../calendar/service.js';
import { caseLight } from '../cases/clock.js';
import { STATUS_LABELS } from '../cases/state-machine.js';
import { combinedMaterials, formSavings, type BundleMember } from './bundle-form.js';
import { departmentShares, jointLight, jointStoppedWorkdays, type ChildClock } from './clock.js';
import { JOINT_ACTION_LABELS, JOINT_STATUS_LABELS } from './labels.js';
import * as repo from './repo.js';
import { listJointMaterials } from './materials.js';
import type { TBundle, TJointDetail, TJointResult, TJointSummary, TSiblingView } from './schema.js';

export function toBundle(bundle: NonNullable<Awaited<ReturnType<typeof repo.findBundle>>>, members: BundleMember[]): TBundle {
  return {
    id: bundle.id,
    code: bundle.code,
    name: bundle.name,
    description: bundle.description,
    kind: bundle.kind,
    stageNo: bundle.stage_no,
    target: bundle.target,
    promisedLimitDays: bundle.promised_limit_days,
    legalLimitDays: bundle.legal_limit_days,
    formFields: bundle.form_fields,
    members: members.map((m) => ({
      itemId: m.itemId,
      itemName: m.itemName,
      itemCode: m.itemCode,
      departmentName: m.departmentName,
      required: m.required,
      condition: m.condition,
      promisedLimitDays: m.promisedLimitDays,
    })),
    materials: combinedMaterials(members),
    savings: formSavings(bundle.form_fields, members),
    resultKind: bundle.result_kind,
  };
}

export async function listBundles(db: Executor, filter: { kind?: 'bundle' | 'stage' }): Promise<TBundle[]> {
  const bundles = await repo.listPublishedBundles(db, filter);
  const members = await repo.bundleMembers(db, bundles.map((b) => b.id));
  return bundles.map((b) => toBundle(b, members.get(b.id) ?? []));
}

export async function getBundle(db: Executor, id: number): Promise<TBundle> {
  const bundle = await repo.findBundle(db, id);
  if (!bundle || bundle.status !== 'published') throw notFound('联办事项');
  return toBundle(bundle, (await repo.bundleMembers(db, [id])).get(id) ?? []);
}

type Stop = { start: string; end: string | null; reason: string };

export function childClock(c: repo.ChildRow): ChildClock {
  const stops = (c.correction_stops ?? []) as Stop[];
  return {
    caseId: c.id,
    departmentId: c.department_id,
    departmentName: c.department_name,
    itemName: c.item_name,
    status: c.status,
    acceptedAt: c.accepted_at,
    decidedAt: c.decided_at,
    dueDate: c.due_date,
    stoppedWorkdays: c.stopped_workdays,
    clockStopped: c.clock_stopped,
    correctionStops: stops.map((s) => ({ start: new Date(s.start), end: s.end ? new Date(s.end) : null })),
  };
}

/**
 * The joint clock of one application as of `today`: deadlines (stored at acceptance, moved by
 * closed correction stops and approved extensions), elapsed working days, each child's share
 * and the department holding it.
 */
export function jointFigures(calendar: WorkdayCalendar, row: repo.JointRow, children: repo.ChildRow[], today: string) {
  const clocks = children.map(childClock);
  const stops = jointStoppedWorkdays(calendar, clocks.flatMap((c) => c.correctionStops), today);
  const running = row.status === 'accepted';
  let dueDate = row.due_date;
  let legalDueDate = row.legal_due_date;
  let warnDate = row.warn_date;
  // The stored dates are those of acceptance plus extensions; closed stops move them as for a case.
  if (dueDate && stops.closed > 0) {
    dueDate = calendar.addWorkdays(dueDate, stops.closed).due;
    legalDueDate = legalDueDate ? calendar.addWorkdays(legalDueDate, stops.closed).due : null;
    warnDate = warnDate ? calendar.addWorkdays(warnDate, stops.closed).due : null;
  }
  const end = row.completed_at ? toChinaDate(row.completed_at) : today;
  const elapsed = row.accepted_at ? Math.max(0, calendar.workdaysBetween(toChinaDate(row.accepted_at), end) - stops.total) : 0;
  const { shares, bottleneck } = departmentShares(calendar, clocks, elapsed, today);
  return {
    dueDate,
    legalDueDate,
    stoppedWorkdays: stops.total,
    stopped: stops.open && running,
    elapsed,
    light: jointLight({ dueDate, warnDate, running, stopped: stops.open }, today),
    workdaysLeft: running && dueDate ? calendar.workdaysBetween(today, dueDate) : null,
    shares,
    bottleneck: running || row.status === 'completed' ? bottleneck : null,
  };
}

async function namesOf(db: Executor, ids: (number | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (!wanted.length) return new Map<number, string>();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

async function summaries(db: Executor, rows: repo.JointRow[]) {
  const children = await repo.childCases(db, rows.map((r) => r.id));
  const bundleRows = rows.length ? await db.selectFrom('bundles').select(['id', 'name']).where('id', 'in', [...new Set(rows.map((r) => r.bundle_id))]).execute() : [];
  const bundles = new Map(bundleRows.map((b) => [b.id, b.name]));
  const names = await namesOf(db, rows.flatMap((r) => [r.applicant_id, r.agent_id]));
  const today = chinaDate();
  const out: { summary: TJointSummary; figures: ReturnType<typeof jointFigures>; children: repo.ChildRow[] }[] = [];
  for (const row of rows) {
    const calendar = await calendarFor(db, row.region_code);
    const own = children.filter((c) => c.joint_application_id === row.id);
    const figures = jointFigures(calendar, row, own, today);
    out.push({
      children: own,
      figures,
      summary: {
        id: row.id,
        number: row.number,
        bundleId: row.bundle_id,
        bundleName: bundles.get(row.bundle_id) ?? '',
        status: row.status,
        statusLabel: JOINT_STATUS_LABELS[row.status],
        applicantName: names.get(row.applicant_id) ?? '',
        agentName: row.agent_id ? (names.get(row.agent_id) ?? null) : null,
        channel: row.channel,
        priority: row.priority,
        projectId: row.project_id,
        submittedAt: row.submitted_at.toISOString(),
        acceptedAt: row.accepted_at?.toISOString() ?? null,
        dueDate: figures.dueDate,
        legalDueDate: figures.legalDueDate,
        workdaysLeft: figures.workdaysLeft,
        light: figures.light,
        childCount: own.length,
        decidedCount: own.filter((c) => c.decided_at !== null).length,
        bottleneck: figures.bottleneck ? { departmentName: figures.bottleneck.departmentName, itemName: figures.bottleneck.itemName, late: figures.bottleneck.late } : null,
      },
    });
  }
  return out;
}

/** Joint applications the caller may see, key projects (绿色通道) first, then newest. */
export async function listJointApplications(db: Database, actor: Actor, filter: { statuses?: JointStatus[]; limit: number; projectId?: number }) {
  let query = db.selectFrom('joint_applications').selectAll().where(repo.visibleJoint(actor));
  if (filter.statuses?.length) query = query.where('status', 'in', filter.statuses);
  if (filter.projectId !== undefined) query = query.where('project_id', '=', filter.projectId);
  const rows = await query.orderBy('priority', 'desc').orderBy('submitted_at', 'desc').limit(filter.limit).execute();
  return (await summaries(db, rows)).map((s) => s.summary);
}

const PERSONAL = /身份证|证件号|identity|idNumber/i;

export async function getJointDetail(db: Database, actor: Actor, id: string): Promise<TJointDetail> {
  const row = await repo.findVisibleJoint(db, id, actor);
  if (!row) throw notFound('联办件');
  const { summary, figures, children } = (await summaries(db, [row]))[0]!;
  const bundle = (await repo.findBundle(db, row.bundle_id))!;
  const members = ((await repo.bundleMembers(db, [bundle.id])).get(bundle.id) ?? []).filter((m) => row.item_ids.includes(m.itemId));
  const formData: Record<string, unknown> = { ...row.form_data };
  for (const f of bundle.form_fields) {
    const v = formData[f.key];
    if (typeof v !== 'string') continue;
    if (f.type === 'phone') formData[f.key] = maskPhone(v);
    else if (PERSONAL.test(f.key) || PERSONAL.test(f.label)) formData[f.key] = maskIdentityNumber(v);
  }
  const events = await db.selectFrom('joint_events').selectAll().where('joint_application_id', '=', row.id).orderBy('id').execute();
  const names = await namesOf(db, events.flatMap((e) => [e.actor_id, e.on_behalf_of]));
  const pending = await db.selectFrom('joint_extensions').select(['id', 'workdays', 'reason']).where('joint_application_id', '=', row.id).where('status', '=', 'pending').executeTakeFirst();
  const today = chinaDate();
  const calendar = await calendarFor(db, row.region_code);
  const uploads = await listJointMaterials(db, row.id);
  return {
    ...summary,
    formData,
    uploads: uploads.map((u) => ({ id: u.id, name: u.name, originalName: u.original_name, contentType: u.content_type, sizeBytes: u.size_bytes, uploadedAt: u.uploaded_at.toISOString(), caseCount: Number(u.case_count ?? 0) })),
    formFields: bundle.form_fields,
    members: members.map((m) => ({ itemId: m.itemId, itemName: m.itemName, departmentName: m.departmentName, required: m.required })),
    materials: combinedMaterials(members),
    children: children.map((c) => {
      const share = figures.shares.find((s) => s.caseId === c.id)!;
      return {
        caseId: c.id,
        number: c.number,
        itemName: c.item_name,
        departmentName: c.department_name,
        status: c.status,
        statusLabel: STATUS_LABELS[c.status],
        light: caseLight(c, today),
        dueDate: c.due_date,
        workdaysLeft: c.status === 'accepted' && c.due_date ? calendar.workdaysRemaining(today, c.due_date) : null,
        usedWorkdays: share.usedWorkdays,
        share: Math.round(share.share * 1000) / 1000,
        late: share.late,
        clockStopped: c.clock_stopped,
      };
    }),
    clock: {
      promisedLimitDays: row.promised_limit_days,
      legalLimitDays: row.legal_limit_days,
      extensionWorkdays: row.extension_workdays,
      maxExtensionWorkdays: row.max_extension_workdays,
      stoppedWorkdays: figures.stoppedWorkdays,
      elapsedWorkdays: figures.elapsed,
      stopped: figures.stopped,
      pendingExtension: pending ?? null,
    },
    correction: row.correction,
    // Written only by issueJointApplication, as a TJointResult; the response schema checks it.
    result: row.result as TJointResult | null,
    refusalReason: row.refusal_reason,
    events: events.map((e) => ({
      at: e.at.toISOString(),
      action: e.action,
      actionLabel: JOINT_ACTION_LABELS[e.action] ?? e.action,
      actorName: e.actor_id ? (names.get(e.actor_id) ?? null) : null,
      onBehalfOf: e.on_behalf_of ? (names.get(e.on_behalf_of) ?? null) : null,
      note: e.note,
      data: e.data,
    })),
  };
}

/**
 * 兄弟办件: what a department sees of the joint application its case belongs to — the other
 * departments' items with their status and clock only. Nothing of their data, numbers or ids.
 */
export async function siblingsOfCase(db: Database, actor: Actor, caseId: string): Promise<TSiblingView> {
  if (actor.role !== 'reviewer') throw notFound('联办件');
  const own = await db
    .selectFrom('cases')
    .select(['id', 'joint_application_id'])
    .where('id', '=', caseId)
    .where('department_id', '=', actor.departmentId ?? -1)
    .executeTakeFirst();
  if (!own?.joint_application_id) throw notFound('联办件');
  const row = await db.selectFrom('joint_applications').selectAll().where('id', '=', own.joint_application_id).executeTakeFirstOrThrow();
  const children = await repo.childCases(db, [row.id]);
  const calendar = await calendarFor(db, row.region_code);
  const today = chinaDate();
  const figures = jointFigures(calendar, row, children, today);
  const bundle = await db.selectFrom('bundles').select('name').where('id', '=', row.bundle_id).executeTakeFirstOrThrow();
  return {
    jointApplicationId: row.id,
    number: row.number,
    bundleName: bundle.name,
    dueDate: figures.dueDate,
    light: figures.light,
    siblings: children.map((c) => ({
      own: c.id === own.id,
      itemName: c.item_name,
      departmentName: c.department_name,
      statusLabel: STATUS_LABELS[c.status],
      light: caseLight(c, today),
      workdaysLeft: c.status === 'accepted' && c.due_date ? calendar.workdaysRemaining(today, c.due_date) : null,
    })),
  };
}
