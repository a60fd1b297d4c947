import type { Database, Tx } from '../../db/database.js';
import { AppError, forbidden, invalidState, notFound } from '../../http/errors.js';
import { chinaDate } from '../../util/china-time.js';
import type { Actor } from '../auth/actor.js';
import { validateFormData } from '../catalog/form.js';
import { findApplicableItem } from '../catalog/repo.js';
import { currentCalendar } from '../calendar/service.js';
import { newQueryCode, nextApplicationNumber } from './numbering.js';
import * as repo from './repo.js';
import { TRANSITIONS, type CaseAction } from './state-machine.js';

interface TransitionOptions {
  db: Database;
  actor: Actor;
  caseId: string;
  action: Exclude<CaseAction, 'submit'>;
  note?: string | null;
  data?: Record<string, unknown>;
  /** Extra columns this move sets, computed from the locked case inside the transaction. */
  patch?: (current: repo.CaseRow, trx: Tx) => Promise<repo.CasePatch> | repo.CasePatch;
}

/**
 * The one place a case changes state. Loads the case the caller may see (else not found), checks
 * the role and the current state, then in one transaction updates the case and writes its
 * timeline row, so the two can never disagree.
 */
async function transition(options: TransitionOptions): Promise<repo.CaseRow> {
  const rule = TRANSITIONS[options.action];
  return options.db.transaction().execute(async (trx) => {
    const current = await repo.lockVisibleCase(trx, options.caseId, options.actor);
    if (!current) throw notFound('办件');
    // The caller can see the case, but moving it this way belongs to another role.
    if (!rule.roles.includes(options.actor.role)) throw forbidden('当前角色不能执行此操作');
    if (!rule.from.includes(current.status)) throw invalidState(rule.wrongState);
    const patch = options.patch ? await options.patch(current, trx) : {};
    const seq = current.event_count + 1;
    const updated = await repo.updateCase(trx, current.id, rule.to, seq, patch);
    await repo.insertEvent(trx, {
      case_id: current.id,
      seq,
      actor_id: options.actor.id,
      actor_role: options.actor.role,
      action: options.action,
      from_status: current.status,
      to_status: rule.to,
      note: options.note ?? null,
      data: options.data,
    });
    return updated;
  });
}

/** 申报: an applicant submits an application for a published item. */
export async function submitApplication(options: {
  db: Database;
  actor: Actor;
  itemId: number;
  formData: Record<string, unknown>;
}): Promise<repo.CaseRow> {
  const { db, actor } = options;
  if (actor.role !== 'applicant') throw forbidden('只有申请人可以提交申请');
  const item = await findApplicableItem(db, options.itemId);
  if (!item) throw notFound('事项');
  const formData = validateFormData(item.form_fields, options.formData);
  return db.transaction().execute(async (trx) => {
    const number = await nextApplicationNumber(trx, item.region_code, chinaDate());
    const created = await repo.insertCase(trx, {
      number,
      query_code: newQueryCode(),
      item_id: item.id,
      department_id: item.department_id,
      centre_id: item.centre_id,
      region_code: item.region_code,
      applicant_id: actor.id,
      channel: 'online',
      status: 'submitted',
      form_data: formData,
      promised_limit_days: item.promised_limit_days,
      legal_limit_days: item.legal_limit_days,
      accepted_at: null,
      due_date: null,
      decided_at: null,
      decision_reason: null,
      completed_at: null,
    });
    await repo.insertEvent(trx, {
      case_id: created.id,
      seq: 1,
      actor_id: actor.id,
      actor_role: actor.role,
      action: 'submit',
      from_status: null,
      to_status: 'submitted',
      note: null,
    });
    return created;
  });
}

/** 受理: the clerk accepts; the legal clock starts and the promised deadline is fixed. */
export function acceptCase(options: { db: Database; actor: Actor; caseId: string; note?: string }) {
  return transition({
    ...options,
    action: 'accept',
    patch: async (current, trx) => {
      const acceptedAt = new Date();
      const calendar = await currentCalendar(trx);
      const { due, provisional } = calendar.addWorkdays(chinaDate(acceptedAt), current.promised_limit_days);
      return { accepted_at: acceptedAt, due_date: due, due_provisional: provisional };
    },
    data: undefined,
  });
}

/** 一次性告知: everything missing is listed once, in one notice. */
export function requestCorrection(options: {
  db: Database;
  actor: Actor;
  caseId: string;
  missing: string[];
  note?: string;
}) {
  return transition({ ...options, action: 'request_correction', data: { missing: options.missing } });
}

/** The applicant answers the correction notice, optionally with corrected form data. */
export function resubmitCase(options: {
  db: Database;
  actor: Actor;
  caseId: string;
  formData?: Record<string, unknown>;
  note?: string;
}) {
  return transition({
    ...options,
    action: 'resubmit',
    patch: async (current, trx) => {
      if (!options.formData) return {};
      const item = await findApplicableItem(trx, current.item_id, { includeUnpublished: true });
      if (!item) throw notFound('事项');
      return { form_data: validateFormData(item.form_fields, options.formData) };
    },
  });
}

/** 不予受理: refused, with the reasons the 决定书 states. */
export function refuseCase(options: { db: Database; actor: Actor; caseId: string; reason: string }) {
  return transition({
    ...options,
    action: 'refuse',
    note: options.reason,
    patch: () => ({ decision_reason: options.reason, completed_at: new Date() }),
  });
}

/** 准予: the department's reviewer approves. */
export function approveCase(options: { db: Database; actor: Actor; caseId: string; opinion?: string }) {
  return transition({
    ...options,
    action: 'approve',
    note: options.opinion ?? null,
    patch: () => ({ decided_at: new Date(), decision_reason: options.opinion ?? null }),
  });
}

/** 不予许可: denied, with reasons and the applicant's remedies. */
export function denyCase(options: { db: Database; actor: Actor; caseId: string; reason: string }) {
  return transition({
    ...options,
    action: 'deny',
    note: options.reason,
    data: { remedies: DENIAL_REMEDIES },
    patch: () => ({ decided_at: new Date(), decision_reason: options.reason }),
  });
}

/** Administrative Licensing Law art. 38: a denial must tell the applicant how to challenge it. */
export const DENIAL_REMEDIES =
  '如不服本决定，可在收到决定书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。';

export type DeliveryMethod = 'window' | 'post';

/** 统一出件: the result is handed over or posted; the case is completed (办结). */
export function issueResult(options: {
  db: Database;
  actor: Actor;
  caseId: string;
  delivery: { method: DeliveryMethod; courier?: string; trackingNumber?: string };
  note?: string;
}) {
  const { delivery } = options;
  if (delivery.method === 'post' && (!delivery.courier || !delivery.trackingNumber)) {
    throw new AppError('VALIDATION_FAILED', '邮寄送达需填写快递公司和运单号', [
      { field: 'body.delivery', message: '邮寄送达需填写快递公司和运单号' },
    ]);
  }
  return transition({
    ...options,
    action: 'issue',
    data: { delivery },
    patch: () => ({ completed_at: new Date() }),
  });
}

/** Applicants may withdraw before the decision. */
export function withdrawCase(options: { db: Database; actor: Actor; caseId: string; reason?: string }) {
  return transition({
    ...options,
    action: 'withdraw',
    note: options.reason ?? null,
    patch: () => ({ completed_at: new Date() }),
  });
}
