import { sql } from 'kysely';
import { now as clockNow } from '../../util/clock.js';
import type { Database, Executor, Tx } from '../../db/database.js';
import { AppError, forbidden, invalidState, notFound } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { noticeFor } from './notices.js';
import * as repo from './repo.js';
import { runCaseStepHooks } from './hooks.js';
import { queueCaseEventSignal, signalCaseEvents, timelineTransaction, waitForFlush } from './signals.js';
import { TRANSITIONS, type CaseAction, type RecordedAction } from './state-machine.js';

export interface TransitionOptions {
  db: Database;
  actor: Actor;
  caseId: string;
  action: Exclude<CaseAction, 'submit' | RecordedAction>;
  note?: string | null;
  data?: Record<string, unknown>;
  /** Extra columns this move sets, computed from the case as loaded for this step. */
  patch?: (current: repo.CaseRow, db: Executor) => Promise<repo.CasePatch> | repo.CasePatch;
  /**
   * The patch writes rows of its own (a clock stop, an extension): the step then locks the case
   * in a transaction that holds those writes too.
   */
  patchWrites?: boolean;
  /**
   * A number the step takes from a series that must stay gap-free (a decision's 文号), as the last
   * thing before the step's statement, in the same transaction; what it answers goes on the
   * timeline row. See numberedStep for why this is not a patch that writes.
   */
  numbered?: (trx: Tx, current: repo.CaseRow) => Promise<Record<string, unknown>>;
}

/** A lost race (the case moved between reading and writing) is read and checked again this often. */
const STEP_ATTEMPTS = 5;

/**
 * The one place a case changes state. Loads the case the caller may see (else not found), checks
 * the role and the current state, then in one transaction updates the case and writes its
 * timeline row, so the two can never disagree.
 *
 * A step whose checks only read is written optimistically: the case is read without a lock, and
 * the step's one statement (repo.recordStep) applies only if the case's event counter is still
 * the one read, as its own transaction: two round trips instead of five (BEGIN, SELECT … FOR
 * UPDATE, the step, COMMIT). If someone moved the case in between, nothing is written and the
 * step is read and checked again, so two clerks accepting at once still get one acceptance and
 * one "wrong state".
 */
export async function transition(options: TransitionOptions): Promise<repo.CaseRow> {
  if (options.patchWrites) return timelineTransaction(options.db, (trx) => transitionIn(trx, options));
  for (let attempt = 1; ; attempt++) {
    const current = await repo.findVisibleCase(options.db, options.caseId, options.actor);
    const step = await prepareStep(options.db, options, current);
    const moved = options.numbered
      ? await numberedStep(options.db, options.numbered, step)
      : await repo.recordStep(options.db, { ...step, expectedEventCount: current!.event_count });
    if (moved) {
      const signal = { caseId: moved.id, action: options.action, to: moved.status, regionCode: moved.region_code };
      signalCaseEvents(options.db, [signal]);
      await runCaseStepHooks(options.db, [signal]);
      return moved;
    }
    if (attempt === STEP_ATTEMPTS) throw new AppError('CONFLICT', '该办件正被他人同时办理，请刷新后重试');
  }
}

/** The same, inside a transaction the caller holds (a walk-in case is opened and accepted in one). */
export async function transitionIn(trx: Tx, options: Omit<TransitionOptions, 'db'>): Promise<repo.CaseRow> {
  const current = await repo.lockVisibleCase(trx, options.caseId, options.actor);
  const step = await prepareStep(trx, options, current);
  const moved = (await repo.recordStep(trx, options.numbered ? withData(step, await options.numbered(trx, step.current)) : step))!;
  queueCaseEventSignal(trx, { caseId: moved.id, action: options.action, to: moved.status, regionCode: moved.region_code });
  return moved;
}

/**
 * A step the law takes by itself (依法视为受理, art. 32) on a case the caller found and locked in
 * its transaction (the periodic sweep): the same checks of the state, the same one statement for
 * the case and its timeline row, with no person as its actor.
 */
export async function transitionBySystemIn(trx: Tx, options: Omit<TransitionOptions, 'db' | 'actor' | 'caseId'> & { current: repo.CaseRow }): Promise<repo.CaseRow> {
  if (!TRANSITIONS[options.action].bySystem) throw forbidden('该操作须由工作人员办理');
  const step = await prepareStep(trx, { ...options, actor: null, caseId: options.current.id }, options.current);
  const moved = (await repo.recordStep(trx, options.numbered ? withData(step, await options.numbered(trx, step.current)) : step))!;
  queueCaseEventSignal(trx, { caseId: moved.id, action: options.action, to: moved.status, regionCode: moved.region_code });
  return moved;
}

type PreparedStep = Awaited<ReturnType<typeof prepareStep>>;

/** The step with more facts on its timeline row. */
function withData(step: PreparedStep, data: Record<string, unknown>): PreparedStep {
  return { ...step, event: { ...step.event, data: { ...step.event.data, ...data } } };
}

/**
 * An optimistic step that takes a gap-free number: the series row is locked by the number's
 * statement and stays locked until the transaction commits, so every other decision of the organ
 * waits for it. Everything the step reads happened before (the case, the organ, the calendar);
 * the transaction holds only the number and the step's one statement, and commits without
 * waiting for the WAL flush, so the next decision takes the row after two round trips rather
 * than after this one's fsync (before: Lock:transactionid 78–85% of database time in the
 * transition bench). The caller is answered only once the commit is on disk (waitForFlush).
 * The series stays gap-free across a crash: WAL is replayed in order, and the decision that took
 * serial n+1 waited for n's commit record. A case moved meanwhile rolls back, returning the number.
 */
async function numberedStep(db: Database, take: NonNullable<TransitionOptions['numbered']>, step: PreparedStep): Promise<repo.CaseRow | undefined> {
  const moved = await db
    .transaction()
    .execute(async (trx) => {
      await sql`SET LOCAL synchronous_commit = off`.execute(trx);
      const row = await repo.recordStep(trx, { ...withData(step, await take(trx, step.current)), expectedEventCount: step.current.event_count });
      if (!row) throw LOST_RACE;
      return row;
    })
    .catch((error: unknown) => {
      if (error === LOST_RACE) return undefined;
      throw error;
    });
  if (moved) await waitForFlush(db);
  return moved;
}

const LOST_RACE = new Error('the case moved since it was read');

/** Checks the caller and the case's state, computes the patch, and builds the step's rows. */
async function prepareStep(db: Executor, options: Omit<TransitionOptions, 'db' | 'actor'> & { actor: Actor | null }, current: repo.CaseRow | undefined) {
  const rule = TRANSITIONS[options.action];
  if (!current) throw notFound('办件');
  // The caller can see the case, but moving it this way belongs to another role (or to the law).
  if (options.actor ? !rule.roles.includes(options.actor.role) : !rule.bySystem) throw forbidden('当前角色不能执行此操作');
  if (!rule.from.includes(current.status)) throw invalidState(rule.wrongState);
  const patch = options.patch ? await options.patch(current, db) : {};
  const to = rule.to === 'same' ? current.status : rule.to;
  const data = { ...options.data, ...patch.eventData };
  const notice = noticeFor(options.action, { number: current.number, dueDate: patch.due_date !== undefined ? patch.due_date : current.due_date, data });
  return {
    current: current as repo.CaseRow,
    event: {
      case_id: current.id,
      seq: current.event_count + 1,
      at: clockNow(),
      actor_id: options.actor?.id ?? null,
      actor_role: options.actor?.role ?? 'system',
      action: options.action,
      from_status: current.status,
      to_status: to,
      note: options.note ?? null,
      data,
    },
    prevHash: current.timeline_head,
    status: to,
    patch,
    notice: notice ? { kind: options.action, ...notice } : null,
  };
}


/**
 * The claimed case's work belongs to its assignee, or to the assignee's backup (AB角) while the
 * assignee is away. Nobody else in the department may act on it.
 */
export async function assertAssigned(trx: Executor, actor: Actor, current: repo.CaseRow): Promise<void> {
  if (current.assignee_id === null) throw invalidState('请先认领该办件');
  if (current.assignee_id === actor.id) return;
  const assignee = await repo.findAssignee(trx, current.assignee_id);
  if (assignee?.away && assignee.backup_user_id === actor.id) return;
  throw forbidden('该办件由他人承办；承办人外出时由其 B 角办理');
}

