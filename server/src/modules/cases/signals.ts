import { sql } from 'kysely';
import type { Database, Executor, Tx } from '../../db/database.js';
import type { CaseEventSignal } from '../supervision/live.js';
import { runCaseStepHooks } from './hooks.js';

/** Timeline rows written in each open transaction, announced once it has committed. */
const pending = new WeakMap<object, CaseEventSignal[]>();

/** Called by the one function that writes timeline rows. */
export function queueCaseEventSignal(trx: Executor, signal: CaseEventSignal): void {
  const list = pending.get(trx);
  if (list) list.push(signal);
  else pending.set(trx, [signal]);
}

/**
 * Runs `work` in one transaction and, once it has committed, tells every listening server process
 * (the big screens) which cases moved, with one `pg_notify` statement of its own.
 *
 * Why not NOTIFY inside the transaction (a trigger, as before): PostgreSQL serialises the commits
 * of all notifying transactions behind one database-wide lock held until the commit record is
 * flushed, so every state change waited for every other one's fsync (63–77% of database time in
 * the transition benchmark, wait event Lock:object). A NOTIFY in a transaction that wrote nothing
 * else commits without waiting for a flush, so here the lock lasts microseconds. A rolled-back
 * step is still never announced; a process dying between the commit and the signal costs a
 * screen one refresh (the next step refreshes it). Signals go out in batches (signalCaseEvents).
 */
export async function timelineTransaction<T>(db: Database, work: (trx: Tx) => Promise<T>): Promise<T> {
  let used: Tx | undefined;
  const result = await db.transaction().execute((trx) => {
    used = trx;
    return work(trx);
  });
  const signals = used ? pending.get(used) : undefined;
  if (signals?.length) {
    pending.delete(used!);
    signalCaseEvents(db, signals);
    await runCaseStepHooks(db, signals);
  }
  return result;
}

/** Signals waiting to go out, per database. */
const outgoing = new WeakMap<Database, CaseEventSignal[]>();

/** How long committed steps gather before one statement announces them all. */
const SIGNAL_BATCH_MS = 10;

/**
 * Announces committed timeline rows to every listening server process. Steps committed within
 * a few milliseconds of each other go out in one statement, not one round trip each: the screens
 * refresh at most five times a second anyway, and a round trip is a sixth of a step's cost.
 */
export function signalCaseEvents(db: Database, signals: CaseEventSignal[]): void {
  const batch = outgoing.get(db);
  if (batch) {
    batch.push(...signals);
    return;
  }
  outgoing.set(db, [...signals]);
  setTimeout(() => {
    const due = outgoing.get(db)!;
    outgoing.delete(db);
    const payloads = due.map((signal) => JSON.stringify(signal));
    // The steps have committed; a failed signal costs a screen one refresh, nothing else.
    sql`SELECT pg_notify('case_events', p) FROM unnest(${payloads}::text[]) AS p`.execute(db).catch(() => undefined);
  }, SIGNAL_BATCH_MS);
}

/**
 * A statement that returns once everything committed so far is on disk. A transactional WAL
 * record (a logical message nobody decodes) gives it a commit of its own that waits for the
 * flush; WAL is flushed in order, so an earlier commit made with synchronous_commit off is flushed
 * with it, and concurrent callers share one fsync (group commit).
 */
export const FLUSH = "SELECT pg_logical_emit_message(true, 'onewindow', 'flush')";
