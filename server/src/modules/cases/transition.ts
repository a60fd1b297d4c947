import crypto from 'node:crypto';
import { sql } from 'kysely';
import { now as clockNow } from '../../util/clock.js';
import type { Database, Executor, Tx } from '../../db/database.js';
import type { CaseStatus } from '../../db/schema.js';
import { AppError, forbidden, invalidState, notFound } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import type { ChainedEvent } from './chain.js';
import { noticeFor } from './notices.js';
import * as repo from './repo.js';
import type { DecisionSerial } from './decision-authority.js';
import { nextDecisionSerial } from './documents-repo.js';
import { runCaseStepHooks } from './hooks.js';
import { queueCaseEventSignal, signalCaseEvents, timelineTransaction, FLUSH } from './signals.js';
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
   * The step takes a serial of a series that must stay gap-free (a decision's 文号), known once
   * the patch has run; its timeline row records it. Taken by the step's own statement (see
   * numberedStep for why this is not a patch that writes).
   */
  numbered?: () => DecisionSerial;
  /** The case as the caller has just read it for this actor: the first attempt starts from it instead of reading again. */
  read?: repo.CaseRow;
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
    const current = attempt === 1 && options.read ? options.read : await repo.findVisibleCase(options.db, options.caseId, options.actor);
    const step = await prepareStep(options.db, options, current);
    const moved = options.numbered
      ? await numberedStep(options.db, options.numbered(), step)
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
  const moved = (await repo.recordStep(trx, await takeSerialIn(trx, options, step)))!;
  queueCaseEventSignal(trx, { caseId: moved.id, action: options.action, to: moved.status, regionCode: moved.region_code });
  return moved;
}

/** In a transaction that holds the case, a numbered step takes its serial there and then. */
async function takeSerialIn(trx: Tx, options: Pick<TransitionOptions, 'numbered'>, step: PreparedStep): Promise<PreparedStep> {
  if (!options.numbered) return step;
  const { series, record } = options.numbered();
  return withData(step, record(await nextDecisionSerial(trx, series.departmentId, series.year)));
}

/**
 * A step the law takes by itself (依法视为受理, art. 32) on a case the caller found and locked in
 * its transaction (the periodic sweep): the same checks of the state, the same one statement for
 * the case and its timeline row, with no person as its actor.
 */
export async function transitionBySystemIn(trx: Tx, options: Omit<TransitionOptions, 'db' | 'actor' | 'caseId'> & { current: repo.CaseRow }): Promise<repo.CaseRow> {
  if (!TRANSITIONS[options.action].bySystem) throw forbidden('该操作须由工作人员办理');
  const step = await prepareStep(trx, { ...options, actor: null, caseId: options.current.id }, options.current);
  const moved = (await repo.recordStep(trx, await takeSerialIn(trx, options, step)))!;
  queueCaseEventSignal(trx, { caseId: moved.id, action: options.action, to: moved.status, regionCode: moved.region_code });
  return moved;
}

type PreparedStep = Awaited<ReturnType<typeof prepareStep>>;

/** The step with more facts on its timeline row. */
function withData(step: PreparedStep, data: Record<string, unknown>): PreparedStep {
  return { ...step, event: { ...step.event, data: { ...step.event.data, ...data } } };
}

/**
 * An optimistic step that takes a gap-free serial (a decision's 文号). The series row is locked
 * from the moment a serial is taken until the transaction commits, so every other decision of
 * the organ waits that long; held through the step's round trips and its fsync, it made approvals
 * run one at a time (Lock:transactionid 78–85% of database time in the transition bench, the
 * holders idle in transaction, waiting for a busy Node process to send their next statement).
 *
 * So one statement locks the case, takes the next serial and writes the step; the timeline row
 * carries a marker where the serial goes, and the statement puts the serial there and hashes the
 * row itself (repo.recordStep). It commits inside the server without waiting for the flush, so the
 * series row is locked for microseconds and concurrent decisions queue in the database, never
 * through a round trip; the caller waits for the flush afterwards, holding nothing (FLUSH).
 *
 * (Guessing the serial in Node instead, hashing the row with `last + 1` and writing only if the
 * series still stood at `last`, made concurrent decisions of one organ guess the same serial and
 * try again: 1.5, 3.1 and 9.2 statements per approval at 8, 16 and 32 workers in
 * bench/transition-probe.ts, approvals' p50 311 ms at 32, and transitions per second falling as
 * workers were added.)
 *
 * The series stays gap-free across a crash: WAL is replayed in order, and the decision that took
 * serial n+1 waited for n's commit record.
 */
async function numberedStep(db: Database, serial: DecisionSerial, step: PreparedStep): Promise<repo.CaseRow | undefined> {
  // Random, so no text of the row can contain it by chance or on purpose.
  const marker = `serial-${crypto.randomUUID()}`;
  const moved = await repo.recordStep(db, { ...withData(step, serial.record(marker)), expectedEventCount: step.current.event_count, serial: { ...serial.series, marker } });
  // Nothing written: the case moved since it was read; the caller reads it again and checks anew.
  if (moved) await sql.raw(FLUSH).execute(db);
  return moved;
}

/** The case's next timeline row, numbered after its last; without an actor, the system's. */
export function nextEvent(
  current: Pick<repo.CaseRow, 'id' | 'event_count' | 'status'>,
  step: { action: CaseAction; actor?: Actor | null; to: CaseStatus; note?: string | null; data: Record<string, unknown> },
): ChainedEvent {
  return {
    case_id: current.id,
    seq: current.event_count + 1,
    at: clockNow(),
    actor_id: step.actor?.id ?? null,
    actor_role: step.actor?.role ?? 'system',
    action: step.action,
    from_status: current.status,
    to_status: step.to,
    note: step.note ?? null,
    data: step.data,
  };
}

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
    event: nextEvent(current, { action: options.action, actor: options.actor, to, note: options.note, data }),
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

