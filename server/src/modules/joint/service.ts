import type { Database, Executor, Tx } from '../../db/database.js';
import type { FormField } from '../../db/schema.js';
import { AppError, forbidden, invalidState, notFound } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import type { Actor } from '../auth/actor.js';
import { findOrAddWalkInApplicant } from '../auth/applicants.js';
import { assertAuthorised, recordAgentStep } from '../agency/service.js';
import type { TAgencyScope } from '../agency/schema.js';
import type { TJointResult } from './schema.js';
import { calendarFor } from '../calendar/service.js';
import { validateFormData } from '../catalog/form.js';
import { issueResult, openAcceptedCaseIn, stopClock } from '../cases/service.js';
import { enqueueNotification } from '../notifications/repo.js';
import { itemFormData, selectMembers, type BundleMember } from './bundle-form.js';
import { jointDeadlines } from './clock.js';
import { completionListeners } from './hooks.js';
import { newCreditCode } from './licence.js';
import { issueJointLicenceIn, type LicenceDeps } from '../licences/issue.js';
import { attachJointMaterials } from './materials.js';
import type { FileStore } from '../materials/storage.js';
import * as repo from './repo.js';
import { now as clockNow } from '../../util/clock.js';

/** A bundle with its members, or not found (also when not published). */
export async function loadBundle(db: Executor, bundleId: number) {
  const bundle = await repo.findBundle(db, bundleId);
  if (!bundle || bundle.status !== 'published') throw notFound('联办事项');
  const members = (await repo.bundleMembers(db, [bundle.id])).get(bundle.id) ?? [];
  return { bundle, members };
}

/**
 * Checks the one form and, through the mapping, every selected member item's own form, so the
 * applicant hears about every missing answer at once, before anyone accepts anything.
 */
function checkForms(fields: FormField[], members: BundleMember[], formData: Record<string, unknown>) {
  const clean = validateFormData(fields, formData);
  for (const m of members) {
    try {
      validateFormData(m.formFields, itemFormData(m, clean));
    } catch (error) {
      if (error instanceof AppError) throw new AppError('VALIDATION_FAILED', `「${m.itemName}」：${error.message}`, error.details);
      throw error;
    }
  }
  return clean;
}

/** Who an application is for: the applicant themself, or an agent's client under authorisation. */
async function principalOf(db: Executor, actor: Actor, applicantId: number | undefined, scope: TAgencyScope) {
  if (actor.role === 'applicant') return { applicantId: actor.id, authorisationId: null as number | null };
  if (actor.role === 'agent') {
    if (!applicantId) throw new AppError('VALIDATION_FAILED', '请选择委托人', [{ field: 'body.applicantId', message: '请选择委托人' }]);
    const authorisation = await assertAuthorised(db, actor.id, applicantId, scope);
    return { applicantId, authorisationId: authorisation.id };
  }
  throw forbidden('只有申请人或其代办员可以提交联办申请');
}

async function insertApplication(
  trx: Executor,
  options: {
    bundle: Awaited<ReturnType<typeof loadBundle>>['bundle'];
    members: BundleMember[];
    applicantId: number;
    actor: Actor;
    channel: 'online' | 'window';
    formData: Record<string, unknown>;
    authorisationId: number | null;
    projectId?: number | null;
    priority?: boolean;
    promisedDays?: number;
  },
) {
  const centre = await repo.bundleCentre(trx, options.bundle.centre_id);
  const number = await repo.nextNumber(trx, centre.region_code, chinaDate());
  const row = await repo.insertJoint(trx, {
    number,
    bundle_id: options.bundle.id,
    centre_id: centre.id,
    region_code: centre.region_code,
    applicant_id: options.applicantId,
    agent_id: options.actor.role === 'agent' ? options.actor.id : null,
    authorisation_id: options.authorisationId,
    project_id: options.projectId ?? null,
    channel: options.channel,
    status: 'submitted',
    form_data: JSON.stringify(options.formData),
    item_ids: options.members.map((m) => m.itemId),
    priority: options.priority ?? false,
    promised_limit_days: options.promisedDays ?? options.bundle.promised_limit_days,
    legal_limit_days: options.bundle.legal_limit_days,
    max_extension_workdays: options.bundle.max_extension_workdays,
  });
  await repo.writeJointEvent(trx, {
    jointId: row.id,
    actor: options.actor,
    action: 'submit',
    data: { itemIds: row.item_ids, channel: options.channel },
    onBehalfOf: options.actor.role === 'agent' ? options.applicantId : null,
  });
  if (options.authorisationId !== null) {
    await recordAgentStep(trx, {
      authorisationId: options.authorisationId,
      agentId: options.actor.id,
      applicantId: options.applicantId,
      action: 'submit',
      what: `提交联办申请「${options.bundle.name}」（${number}）`,
      jointApplicationId: row.id,
    });
  }
  return row;
}

/**
 * 一表通申报: one form for the whole bundle; the optional members the form (or the applicant's
 * ticks) calls for are included. An agent files it for a client under a valid authorisation.
 */
export async function submitJointApplication(options: {
  db: Database;
  actor: Actor;
  bundleId: number;
  formData: Record<string, unknown>;
  optionalItemIds?: number[];
  applicantId?: number;
  projectId?: number | null;
  priority?: boolean;
  promisedDays?: number;
}) {
  const { db, actor } = options;
  // Who it is for comes first: an agent without authority learns nothing about the form.
  const principal = await principalOf(db, actor, options.applicantId, 'apply');
  const { bundle, members } = await loadBundle(db, options.bundleId);
  const selected = selectMembers(members, options.formData, options.optionalItemIds);
  if (!selected.length) throw invalidState('联办事项没有可办理的成员事项');
  const formData = checkForms(bundle.form_fields, selected, options.formData);
  return db.transaction().execute(async (trx) => {
    // Checked again where the row is written: a revocation in between wins.
    if (principal.authorisationId !== null) await principalOf(trx, actor, options.applicantId, 'apply');
    return insertApplication(trx, {
      bundle,
      members: selected,
      applicantId: principal.applicantId,
      actor,
      channel: 'online',
      formData,
      authorisationId: principal.authorisationId,
      projectId: options.projectId,
      priority: options.priority,
      promisedDays: options.promisedDays,
    });
  });
}

/** The acceptance notice: one, listing every member item and its department (一次受理). */
function acceptanceNotice(number: string, bundleName: string, dueDate: string, children: { itemName: string; departmentName: string }[]) {
  const list = children.map((c, i) => `${i + 1}. ${c.itemName}（${c.departmentName}）`).join('；');
  return {
    kind: 'joint_accept',
    title: '联办申请已受理',
    body: `您的联办申请「${bundleName}」（编号 ${number}）已一次受理，已同时抄告各部门并联审批：${list}。承诺办结日期 ${dueDate}，办结后统一出件。`,
    sms: true,
  };
}

/**
 * 一窗受理 + 抄告相关: the clerk accepts once; in the same transaction every member item becomes
 * a child case of its department, accepted at that moment with its own item clock, and the joint
 * clock starts.
 */
export async function acceptJointApplication(options: { db: Database; actor: Actor; id: string; note?: string; store?: FileStore }) {
  const { db, actor } = options;
  if (actor.role !== 'clerk') throw forbidden('只有窗口人员可以受理');
  return db.transaction().execute((trx) => acceptIn(trx, actor, options.id, options.note, options.store));
}

async function acceptIn(trx: Tx, actor: Actor, id: string, note?: string, store?: FileStore) {
  const row = await repo.lockVisibleJoint(trx, id, actor);
  if (!row) throw notFound('联办件');
  if (row.status !== 'submitted') throw invalidState('只有待受理的联办件可以受理');
  const { bundle, members } = await loadBundleAny(trx, row.bundle_id);
  const selected = members.filter((m) => row.item_ids.includes(m.itemId));
  const children = [];
  for (const m of selected) {
    const child = await openAcceptedCaseIn(trx, {
      actor,
      itemId: m.itemId,
      applicantId: row.applicant_id,
      channel: row.channel,
      formData: itemFormData(m, row.form_data),
      jointApplicationId: row.id,
    });
    children.push({ caseId: child.id, number: child.number, itemName: m.itemName, departmentName: m.departmentName, member: m });
  }
  // 材料一次提交: each shared upload reaches every department whose item needs it.
  const sharedMaterials = await attachJointMaterials(trx, store, { jointId: row.id, children });
  const acceptedAt = clockNow();
  const calendar = await calendarFor(trx, row.region_code);
  const clock = jointDeadlines(calendar, {
    acceptedAt,
    promisedDays: row.promised_limit_days,
    legalDays: row.legal_limit_days,
    extensionWorkdays: 0,
    stoppedWorkdays: 0,
    completedAt: null,
  });
  await repo.updateJoint(trx, row.id, { status: 'accepted', accepted_at: acceptedAt, accepted_by: actor.id, due_date: clock.dueDate, legal_due_date: clock.legalDueDate, warn_date: clock.warnDate, updated_at: acceptedAt });
  const listed = children.map((c) => ({ caseId: c.caseId, number: c.number, itemName: c.itemName, departmentName: c.departmentName }));
  await repo.writeJointEvent(trx, { jointId: row.id, actor, action: 'accept', note: note ?? null, data: { children: listed, sharedMaterials, dueDate: clock.dueDate, legalDueDate: clock.legalDueDate } });
  await enqueueNotification(trx, { userId: row.applicant_id, caseId: null, ...acceptanceNotice(row.number, bundle.name, clock.dueDate, listed) });
  return { id: row.id, children: listed };
}

/** The bundle as stored, even if suspended since the application was filed. */
async function loadBundleAny(db: Executor, bundleId: number) {
  const bundle = await repo.findBundle(db, bundleId);
  if (!bundle) throw notFound('联办事项');
  return { bundle, members: (await repo.bundleMembers(db, [bundle.id])).get(bundle.id) ?? [] };
}

/**
 * 窗口联办登记: the clerk registers a walk-in applicant and fills the one form at the window; with
 * `acceptNow`, accepted in the same transaction.
 */
export async function registerJointWalkIn(options: {
  db: Database;
  actor: Actor;
  applicant: { kind: 'natural' | 'legal'; name: string; identityNumber: string; phone: string };
  bundleId: number;
  formData: Record<string, unknown>;
  optionalItemIds?: number[];
  acceptNow: boolean;
  store?: FileStore;
}) {
  const { db, actor } = options;
  if (actor.role !== 'clerk') throw forbidden('只有窗口人员可以登记');
  const { bundle, members } = await loadBundle(db, options.bundleId);
  if (bundle.centre_id !== actor.centreId) throw notFound('联办事项');
  const selected = selectMembers(members, options.formData, options.optionalItemIds);
  const formData = checkForms(bundle.form_fields, selected, options.formData);
  return db.transaction().execute(async (trx) => {
    const applicantId = await findOrAddWalkInApplicant(trx, options.applicant);
    const row = await insertApplication(trx, { bundle, members: selected, applicantId, actor, channel: 'window', formData, authorisationId: null });
    if (options.acceptNow) await acceptIn(trx, actor, row.id, undefined, options.store);
    return { id: row.id };
  });
}

/** 一次性告知 before acceptance: everything missing for the whole bundle, in one notice. */
export async function requestJointCorrection(options: { db: Database; actor: Actor; id: string; missing: string[]; note?: string }) {
  const { db, actor } = options;
  if (actor.role !== 'clerk') throw forbidden('只有窗口人员可以要求补正');
  await db.transaction().execute(async (trx) => {
    const row = await repo.lockVisibleJoint(trx, options.id, actor);
    if (!row) throw notFound('联办件');
    if (row.status !== 'submitted') throw invalidState('只有待受理的联办件可以要求补正');
    await repo.updateJoint(trx, row.id, { status: 'correction_required', updated_at: clockNow() });
    await repo.writeJointEvent(trx, { jointId: row.id, actor, action: 'request_correction', note: options.note ?? null, data: { missing: options.missing } });
    await enqueueNotification(trx, {
      userId: row.applicant_id,
      caseId: null,
      kind: 'joint_correction',
      title: '联办申请需补正（一次性告知）',
      body: `您的联办申请（编号 ${row.number}）需补正以下全部内容：${options.missing.join('；')}。`,
      sms: true,
    });
  });
}

/** The applicant (or the agent under the 补正 scope) answers before acceptance, possibly with new form data. */
export async function resubmitJointApplication(options: { db: Database; actor: Actor; id: string; formData?: Record<string, unknown> }) {
  const { db, actor } = options;
  await db.transaction().execute(async (trx) => {
    const row = await repo.lockVisibleJoint(trx, options.id, actor);
    if (!row) throw notFound('联办件');
    const agentAuthorisation = await agentStepAllowed(trx, actor, row.applicant_id, 'correct');
    if (row.status !== 'correction_required') throw invalidState('只有待补正的联办件可以重新提交');
    let formData = row.form_data;
    if (options.formData) {
      const { bundle, members } = await loadBundleAny(trx, row.bundle_id);
      formData = checkForms(bundle.form_fields, members.filter((m) => row.item_ids.includes(m.itemId)), options.formData);
    }
    await repo.updateJoint(trx, row.id, { status: 'submitted', form_data: JSON.stringify(formData), updated_at: clockNow() });
    await repo.writeJointEvent(trx, { jointId: row.id, actor, action: 'resubmit', onBehalfOf: agentAuthorisation ? row.applicant_id : null });
    if (agentAuthorisation) {
      await recordAgentStep(trx, { authorisationId: agentAuthorisation, agentId: actor.id, applicantId: row.applicant_id, action: 'resubmit', what: `补正后重新提交联办申请 ${row.number}`, jointApplicationId: row.id });
    }
  });
}

/**
 * Applicants act for themselves; an agent only under an authorisation in force for this scope
 * (its id is returned so the step is recorded); nobody else.
 */
async function agentStepAllowed(db: Executor, actor: Actor, applicantId: number, scope: TAgencyScope): Promise<number | null> {
  if (actor.role === 'applicant' && actor.id === applicantId) return null;
  if (actor.role === 'agent') return (await assertAuthorised(db, actor.id, applicantId, scope)).id;
  throw forbidden('只有申请人或其代办员可以办理');
}

/** 不予受理 of the whole joint application, with reasons. */
export async function refuseJointApplication(options: { db: Database; actor: Actor; id: string; reason: string }) {
  const { db, actor } = options;
  if (actor.role !== 'clerk') throw forbidden('只有窗口人员可以不予受理');
  await db.transaction().execute(async (trx) => {
    const row = await repo.lockVisibleJoint(trx, options.id, actor);
    if (!row) throw notFound('联办件');
    if (row.status !== 'submitted') throw invalidState('只有待受理的联办件可以不予受理');
    await repo.updateJoint(trx, row.id, { status: 'refused', refusal_reason: options.reason, completed_at: clockNow(), updated_at: clockNow() });
    await repo.writeJointEvent(trx, { jointId: row.id, actor, action: 'refuse', note: options.reason });
    await enqueueNotification(trx, { userId: row.applicant_id, caseId: null, kind: 'joint_refuse', title: '联办申请不予受理', body: `您的联办申请（编号 ${row.number}）不予受理：${options.reason}`, sms: true });
  });
}

/**
 * A department's correction after acceptance: its child case's clock stops for 补正 (the case
 * module's own step), and the request joins the application's one open correction notice, so the
 * applicant gets one merged list however many departments ask.
 */
export async function requestDepartmentCorrection(options: { db: Database; actor: Actor; caseId: string; missing: string[] }) {
  const { db, actor } = options;
  if (actor.role !== 'reviewer') throw forbidden('只有审批人员可以提出补正');
  const child = await repo.departmentCase(db, options.caseId, actor.departmentId ?? -1);
  if (!child?.joint_application_id) throw notFound('联办子办件');
  const reason = options.missing.join('；');
  await stopClock({ db, actor, caseId: child.id, kind: 'correction', reason });
  const jointId = child.joint_application_id;
  await db.transaction().execute(async (trx) => {
    const row = await repo.lockJoint(trx, jointId);
    const correction = row.correction ?? { openedAt: clockNow().toISOString(), requests: [] };
    correction.requests = correction.requests.filter((r) => r.caseId !== child.id);
    correction.requests.push({ caseId: child.id, departmentName: child.department_name, itemName: child.item_name, missing: options.missing });
    await repo.setCorrection(trx, jointId, correction);
    await repo.writeJointEvent(trx, { jointId, actor, action: 'department_correction', data: { departmentName: child.department_name, missing: options.missing } });
    const list = correction.requests.map((r) => `${r.departmentName}（${r.itemName}）：${r.missing.join('、')}`).join('；');
    await enqueueNotification(trx, {
      userId: row.applicant_id,
      caseId: null,
      kind: 'joint_correction',
      title: '联办件补正告知（合并）',
      body: `您的联办申请（编号 ${row.number}）需一次补正以下全部内容：${list}。补正一次即可，各部门同时收到。`,
      sms: correction.requests.length === 1,
    });
  });
}

/**
 * The applicant answers the merged correction notice once; every department that asked is told
 * and resumes its own clock after checking (the case module's resume step).
 */
export async function answerCorrection(options: { db: Database; actor: Actor; id: string; note: string; formData?: Record<string, unknown> }) {
  const { db, actor } = options;
  await db.transaction().execute(async (trx) => {
    const row = await repo.lockVisibleJoint(trx, options.id, actor);
    if (!row) throw notFound('联办件');
    const agentAuthorisation = await agentStepAllowed(trx, actor, row.applicant_id, 'correct');
    if (!row.correction) throw invalidState('没有待答复的补正告知');
    let formData = row.form_data;
    if (options.formData) {
      const { bundle, members } = await loadBundleAny(trx, row.bundle_id);
      formData = checkForms(bundle.form_fields, members.filter((m) => row.item_ids.includes(m.itemId)), { ...row.form_data, ...options.formData });
    }
    await repo.updateJoint(trx, row.id, { form_data: JSON.stringify(formData), correction: null, updated_at: clockNow() });
    await repo.writeJointEvent(trx, { jointId: row.id, actor, action: 'answer_correction', note: options.note, data: { answered: row.correction.requests.map((r) => r.caseId) }, onBehalfOf: agentAuthorisation ? row.applicant_id : null });
    if (agentAuthorisation) {
      await recordAgentStep(trx, { authorisationId: agentAuthorisation, agentId: actor.id, applicantId: row.applicant_id, action: 'answer_correction', what: `答复联办件 ${row.number} 的补正告知`, jointApplicationId: row.id });
    }
    const assignees = await repo.caseAssignees(trx, row.correction.requests.map((r) => r.caseId));
    for (const c of assignees) {
      if (c.assignee_id === null) continue;
      await enqueueNotification(trx, { userId: c.assignee_id, caseId: c.id, kind: 'joint_correction_answered', title: '申请人已补正', body: `联办件 ${row.number} 的申请人已补正：${options.note}。请核对后恢复计时。`, sms: false });
    }
  });
}

const DECIDED = new Set(['approved', 'denied']);

/**
 * 统一出件: once every child is decided, the clerk issues them together: each child is issued by
 * the case module's own step, and the application gets its one result — for 企业开办 (多证合一)
 * one business licence with a new 统一社会信用代码 listing the other records on it.
 */
export async function issueJointApplication(options: { db: Database; actor: Actor; id: string; delivery: { method: 'window' | 'post'; courier?: string; trackingNumber?: string }; licences: LicenceDeps }) {
  const { db, actor } = options;
  if (actor.role !== 'clerk') throw forbidden('只有窗口人员可以统一出件');
  const row = await repo.findVisibleJoint(db, options.id, actor);
  if (!row) throw notFound('联办件');
  if (row.status !== 'accepted') throw invalidState('只有并联审批中的联办件可以统一出件');
  const children = await repo.childCases(db, [row.id]);
  const pending = children.filter((c) => !DECIDED.has(c.status) && c.status !== 'completed');
  if (pending.length) throw invalidState(`尚有部门未作出决定：${pending.map((c) => c.department_name).join('、')}`);
  const { bundle } = await loadBundleAny(db, row.bundle_id);
  // Each child is completed by its own step (own timeline row); a retry skips those already issued.
  for (const c of children.filter((c) => DECIDED.has(c.status))) {
    await issueResult({ db, actor, caseId: c.id, delivery: options.delivery, note: `联办件 ${row.number} 统一出件` });
  }
  return db.transaction().execute(async (trx) => {
    const locked = await repo.lockVisibleJoint(trx, row.id, actor);
    if (!locked || locked.status !== 'accepted') throw invalidState('只有并联审批中的联办件可以统一出件');
    const approved = children.filter((c) => c.status === 'approved' || (c.status === 'completed' && c.decided_at));
    const denied = children.filter((c) => c.status === 'denied');
    let result: TJointResult = {
      approvedItems: approved.map((c) => ({ itemName: c.item_name, departmentName: c.department_name, caseNumber: c.number })),
      deniedItems: denied.map((c) => ({ itemName: c.item_name, departmentName: c.department_name, caseNumber: c.number })),
    };
    const enterprise = bundle.result_kind === 'business_licence' && denied.length === 0 ? await businessLicence(trx, locked, approved) : null;
    if (enterprise) result = { ...result, licence: enterprise };
    // 多证合一: every licence the approved items produce is issued now, sealed, to the new
    // enterprise (企业开办) or else to the applicant, and lands in the applicant's wallet.
    const form = { ...locked.form_data, ...(enterprise ? { tradeName: enterprise.name, entityName: enterprise.name, premises: enterprise.address, scope: enterprise.scope, capital: locked.form_data.registeredCapital } : {}) };
    const electronic: { id: string; caseNumber: string; itemName: string; identifier: string; number: string }[] = [];
    for (const c of approved) {
      const issued = await issueJointLicenceIn(trx, options.licences, {
        caseId: c.id,
        holder: enterprise ? { userId: locked.applicant_id, name: enterprise.name, code: enterprise.creditCode, codeType: '001' } : 'applicant',
        form,
      });
      if (issued) electronic.push({ id: issued.id, caseNumber: c.number, itemName: c.item_name, identifier: issued.identifier, number: issued.number });
    }
    if (electronic.length) result = { ...result, electronicLicences: electronic };
    const completedAt = clockNow();
    await repo.updateJoint(trx, row.id, { status: 'completed', completed_at: completedAt, issued_by: actor.id, result: JSON.stringify(result), updated_at: completedAt });
    const { licence } = result;
    await repo.writeJointEvent(trx, { jointId: row.id, actor, action: 'issue', data: { delivery: options.delivery.method, ...(licence ? { creditCode: licence.creditCode } : {}) } });
    await enqueueNotification(trx, {
      userId: row.applicant_id,
      caseId: null,
      kind: 'joint_issue',
      title: '联办件已办结，统一出件',
      body: licence
        ? `您的「${bundle.name}」已办结（编号 ${row.number}）：营业执照统一社会信用代码 ${licence.creditCode}，其余事项已一并办结。`
        : `您的「${bundle.name}」已办结（编号 ${row.number}），结果统一出件。`,
      sms: true,
    });
    for (const listener of completionListeners()) await listener(trx, { jointId: row.id, projectId: row.project_id });
    return { id: row.id, result };
  });
}

/**
 * 多证合一: one business licence carrying the new 统一社会信用代码, the other member records
 * (公章, 税务, 社保, 公积金) listed on it.
 */
async function businessLicence(trx: Executor, row: repo.JointRow, approved: repo.ChildRow[]) {
  const form = row.form_data;
  let creditCode = newCreditCode(row.region_code);
  // A clash with an existing enterprise is astronomically rare; check anyway.
  while (await repo.userWithIdentityNumber(trx, creditCode)) creditCode = newCreditCode(row.region_code);
  return {
    title: '营业执照',
    creditCode,
    name: String(form.companyName ?? ''),
    type: '有限责任公司（自然人投资或控股）',
    legalRepresentative: String(form.legalRepresentative ?? ''),
    registeredCapital: form.registeredCapital === undefined ? null : `${String(form.registeredCapital)}万元`,
    address: String(form.address ?? ''),
    scope: String(form.businessScope ?? ''),
    establishedOn: chinaDate(),
    // 多证合一: the records made at the same time, printed on the licence's reverse.
    records: approved.map((c) => ({ itemName: c.item_name, departmentName: c.department_name, caseNumber: c.number })),
  };
}

/** Withdraws a joint application not yet accepted. */
export async function withdrawJointApplication(options: { db: Database; actor: Actor; id: string }) {
  const { db, actor } = options;
  await db.transaction().execute(async (trx) => {
    const row = await repo.lockVisibleJoint(trx, options.id, actor);
    if (!row) throw notFound('联办件');
    const agentAuthorisation = await agentStepAllowed(trx, actor, row.applicant_id, 'apply');
    if (row.status !== 'submitted' && row.status !== 'correction_required') throw invalidState('已受理的联办件请在各部门办件中撤回');
    await repo.updateJoint(trx, row.id, { status: 'withdrawn', completed_at: clockNow(), updated_at: clockNow() });
    await repo.writeJointEvent(trx, { jointId: row.id, actor, action: 'withdraw', onBehalfOf: agentAuthorisation ? row.applicant_id : null });
  });
}
