import { now as clockNow } from '../../util/clock.js';
import { deliveryClockAtGrant } from './delivery.js';
import type { Database, Executor } from '../../db/database.js';
import type { ItemKind, ReviewChain, ReviewChainStep } from '../../db/schema.js';
import { forbidden, invalidState } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { calendarFor } from '../calendar/service.js';
import { chainForCase, DEFAULT_REVIEW_CHAIN, REVIEW_STEP_KIND_LABELS } from '../catalog/review-chain.js';
import { decisionFigures } from './clock.js';
import { prepareDecisionNumber, type DecisionSerial } from './decision-authority.js';
import { assertNoPendingExtension } from './extensions.js';
import * as repo from './repo.js';
import { assertAssigned, transition } from './transition.js';
import { wordsFor } from './wording.js';

/**
 * 审批链 at run time. A case runs, in order, the chain its item had when it was accepted
 * (snapshot on the case); each step is one timeline row carrying the step, its label and the
 * signer's opinion, so the timeline is the record of who did what (and the decision letter prints
 * each opinion under its label from it).
 *
 * Who may act on a step:
 * - the first step (承办) belongs to the reviewer who claimed the case (or their B角);
 * - later reviewer steps too, unless the chain wants different persons, then any reviewer of the
 *   department who has not signed an earlier step;
 * - department_head steps belong to the department's head;
 * - a 会签 step is signed once by each listed department (by a person of the step's role).
 */

/** The case's chain and the step it stands at; null before acceptance and after the decision. */
export function currentStep(current: Pick<repo.CaseRow, 'review_chain' | 'review_step_index'>): { chain: ReviewChain; index: number; step: ReviewChainStep } | null {
  if (current.review_step_index === null) return null;
  const chain = current.review_chain ?? DEFAULT_REVIEW_CHAIN;
  const step = chain.steps[current.review_step_index];
  return step ? { chain, index: current.review_step_index, step } : null;
}

/** The columns acceptance writes: the item's chain as this case will run it, at its first step. */
export async function chainAtAcceptance(db: Executor, current: repo.CaseRow): Promise<repo.CasePatch> {
  const item = await db.selectFrom('service_items').select(['kind', 'review_chain']).where('id', '=', current.item_id).executeTakeFirstOrThrow();
  return chainOfItem(item, current);
}

/** The same from the item as already read. */
export function chainOfItem(item: { kind: ItemKind; review_chain: ReviewChain | null }, current: Pick<repo.CaseRow, 'department_id'>): repo.CasePatch {
  const chain = chainForCase(item.review_chain ?? DEFAULT_REVIEW_CHAIN, item.kind);
  const first = chain.steps[0]!;
  return {
    review_chain: chain,
    review_step: first.key,
    review_step_index: 0,
    review_step_role: first.role,
    countersign_department_ids: [...new Set(chain.steps.flatMap((s) => s.departments ?? []))].filter((id) => id !== current.department_id),
  };
}

const ROLE_WORDS = { reviewer: '审批人员', department_head: '部门负责人' } as const;

/** The step rows written so far: who signed which step, for which department. */
async function stepEvents(db: Executor, caseId: string) {
  const rows = await db
    .selectFrom('case_events')
    .select(['actor_id', 'action', 'data'])
    .where('case_id', '=', caseId)
    .where('action', 'in', ['complete_review', 'countersign', 'approve', 'deny'])
    .execute();
  return rows.map((r) => ({ actorId: r.actor_id, stepIndex: typeof r.data.stepIndex === 'number' ? r.data.stepIndex : null, departmentId: r.data.departmentId ?? null }));
}

/** Checks that the caller may sign the case's current step (see the module comment). */
async function assertMayAct(db: Executor, actor: Actor, current: repo.CaseRow, at: { chain: ReviewChain; index: number; step: ReviewChainStep }): Promise<void> {
  const { chain, index, step } = at;
  if (actor.role !== step.role) throw forbidden(`「${step.label}」环节由${ROLE_WORDS[step.role]}办理`);
  if (step.kind === 'countersign') {
    if (actor.departmentId === null || !step.departments!.includes(actor.departmentId)) throw forbidden('本部门不在该环节的会签部门之列');
  } else if (actor.departmentId !== current.department_id) {
    throw forbidden(`「${step.label}」环节由承办部门办理`);
  } else if (step.role === 'reviewer' && (index === 0 || !chain.distinctPersons)) {
    await assertAssigned(db, actor, current);
  }
  if (chain.distinctPersons && index > 0) {
    const signed = await stepEvents(db, current.id);
    // The 承办人 is the one who claimed the case, whoever of the AB pair signed its first step.
    if (current.assignee_id === actor.id || signed.some((e) => e.actorId === actor.id && e.stepIndex !== index)) {
      throw forbidden('该事项的审批链要求各环节由不同人员办理：您已办理过本办件的前序环节');
    }
  }
}

function assertClockRunning(current: repo.CaseRow): void {
  if (current.clock_stopped) throw invalidState('计时中止期间不能作出决定，请先恢复计时');
}

/** What the timeline row of a step says about it. */
function stepData(at: { index: number; step: ReviewChainStep }, actor: Actor) {
  return { step: at.step.key, stepIndex: at.index, stepLabel: at.step.label, stepKind: at.step.kind, stepKindLabel: REVIEW_STEP_KIND_LABELS[at.step.kind], departmentId: actor.departmentId };
}

/** The case moves to the chain's next step. */
function advance(chain: ReviewChain, index: number): repo.CasePatch {
  const next = chain.steps[index + 1]!;
  return { review_step: next.key, review_step_index: index + 1, review_step_role: next.role };
}

/** 认领: a reviewer of the case's department takes it from the queue and handles its first step. */
export function claimCase(options: { db: Database; actor: Actor; caseId: string }) {
  return transition({
    ...options,
    action: 'claim',
    patch: async (current, trx) => {
      // A 会签 department sees the case but never owns it.
      if (options.actor.departmentId !== current.department_id) throw forbidden('只有承办部门的审批人员可以认领');
      if (current.assignee_id !== null) {
        const assignee = await repo.findAssignee(trx, current.assignee_id);
        // The backup may take over the queue of an absent colleague for good.
        if (!(assignee?.away && assignee.backup_user_id === options.actor.id)) throw invalidState('该办件已被认领');
      }
      return { assignee_id: options.actor.id };
    },
  });
}

/**
 * A step of the chain ends with its signer's opinion (承办意见, 审核意见, 勘查意见 …) and the case
 * moves to the next step; a 会签 step takes each department's signature and ends with the last.
 * The deciding step ends only by approveCase or denyCase. The public entry for the review page
 * and for other modules (a joint application's child cases run their item's chain through it).
 */
export async function completeReview(options: { db: Database; actor: Actor; caseId: string; opinion: string }) {
  const current = await repo.findVisibleCase(options.db, options.caseId, options.actor);
  const at = current ? currentStep(current) : null;
  const read = { ...options, read: current };
  return at?.step.kind === 'countersign' ? signCountersign(read) : completeStep(read);
}

function completeStep(options: { db: Database; actor: Actor; caseId: string; opinion: string; read?: repo.CaseRow }) {
  return transition({
    ...options,
    action: 'complete_review',
    note: options.opinion,
    patch: async (current, trx) => {
      const at = currentStep(current);
      if (!at) throw invalidState('请先认领该办件');
      if (at.step.decides) throw invalidState(`审查环节已完成，请在「${at.step.label}」环节作出决定`);
      // The case moved into a 会签 step since it was read: sign it as one.
      if (at.step.kind === 'countersign') throw invalidState('办件已进入会签环节，请刷新后会签');
      await assertMayAct(trx, options.actor, current, at);
      assertClockRunning(current);
      return { ...advance(at.chain, at.index), eventData: stepData(at, options.actor) };
    },
  });
}

/** One department's 会签 signature; the step ends when every listed department has signed. */
function signCountersign(options: { db: Database; actor: Actor; caseId: string; opinion: string; read?: repo.CaseRow }) {
  return transition({
    ...options,
    action: 'countersign',
    note: options.opinion,
    patch: async (current, trx) => {
      const at = currentStep(current);
      if (!at || at.step.kind !== 'countersign') throw invalidState('办件当前不在会签环节');
      await assertMayAct(trx, options.actor, current, at);
      assertClockRunning(current);
      const signed = new Set((await stepEvents(trx, current.id)).filter((e) => e.stepIndex === at.index).map((e) => e.departmentId));
      if (signed.has(options.actor.departmentId)) throw invalidState('本部门已会签');
      signed.add(options.actor.departmentId);
      const waiting = at.step.departments!.filter((id) => !signed.has(id));
      const data = { ...stepData(at, options.actor), waitingDepartments: waiting };
      return waiting.length ? { eventData: data } : { ...advance(at.chain, at.index), eventData: { ...data, stepComplete: true } };
    },
  });
}

/** The deciding step: its signer, the clock running, no extension waiting for its approver. */
async function assertDecisionStep(trx: Executor, actor: Actor, current: repo.CaseRow) {
  const at = currentStep(current);
  if (!at || current.assignee_id === null) throw invalidState('请先认领该办件');
  if (!at.step.decides) throw invalidState(`请先完成${at.step.label}环节，再作出决定`);
  await assertMayAct(trx, actor, current, at);
  assertClockRunning(current);
  await assertNoPendingExtension(trx, current);
  return at;
}

/** The decision ends the clock: who decided, when, and the working days the case used. */
async function decision(trx: Executor, actor: Actor, current: repo.CaseRow): Promise<repo.CasePatch> {
  const decidedAt = clockNow();
  const calendar = await calendarFor(trx, current.region_code);
  return { decided_at: decidedAt, decided_by: actor.id, ...decisionFigures(calendar, current, decidedAt) };
}

async function itemTypeOf(db: Executor, current: repo.ReadCase) {
  // An optimistic step read it with the case.
  if (current.item_type) return current.item_type;
  return (await db.selectFrom('service_items').select('item_type').where('id', '=', current.item_id).executeTakeFirstOrThrow()).item_type;
}

/**
 * What 准予 and 不予 share: the deciding step checked, the clock ended, and the decision's 文号
 * prepared from its series as read (taken in the step's own statement, see `numbered`).
 */
async function decide(db: Executor, actor: Actor, current: repo.CaseRow, kind: 'grant' | 'deny') {
  const at = await assertDecisionStep(db, actor, current);
  const itemType = await itemTypeOf(db, current);
  const decided = await decision(db, actor, current);
  const serial = await prepareDecisionNumber(db, current, kind, decided.decided_at as Date, itemType);
  return { at, itemType, words: wordsFor(itemType), decided, serial };
}

/** 准予: the chain's deciding step grants. */
export function approveCase(options: { db: Database; actor: Actor; caseId: string; opinion?: string }) {
  let serial: DecisionSerial | undefined;
  return transition({
    ...options,
    action: 'approve',
    note: options.opinion ?? null,
    patch: async (current, db) => {
      const d = await decide(db, options.actor, current, 'grant');
      serial = d.serial;
      // Art. 44: the grant starts the ten working days to issue and deliver the licence.
      const delivery = await deliveryClockAtGrant(db, current, d.decided.decided_at as Date, d.itemType);
      return {
        ...d.decided,
        ...delivery,
        decision_reason: options.opinion ?? null,
        eventData: { ...stepData(d.at, options.actor), decision: d.words.grant, ...(delivery.delivery_due_date ? { deliveryDueDate: delivery.delivery_due_date } : {}) },
      };
    },
    // The decision's 文号 is taken in the step's own transaction, so the series has no gaps.
    numbered: () => serial!,
  });
}

/** 不予: denied, with reasons and (for a licence) the applicant's remedies. */
export function denyCase(options: { db: Database; actor: Actor; caseId: string; reason: string }) {
  let serial: DecisionSerial | undefined;
  return transition({
    ...options,
    action: 'deny',
    note: options.reason,
    patch: async (current, db) => {
      const d = await decide(db, options.actor, current, 'deny');
      serial = d.serial;
      return {
        ...d.decided,
        decision_reason: options.reason,
        eventData: { ...stepData(d.at, options.actor), decision: d.words.deny, remedies: d.words.remedies },
      };
    },
    numbered: () => serial!,
  });
}

/** Administrative Licensing Law art. 38: a denial of a licence tells the applicant how to challenge it. */
export const DENIAL_REMEDIES = wordsFor('01').remedies!;
