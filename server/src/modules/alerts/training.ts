import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { departmentRecipients } from './recipients.js';
import { escalationText, warningText, type SweepResult } from './sweep.js';

/** Any constant, the same in every process: one training sweep at a time. */
const TRAINING_SWEEP_LOCK = 72_201_003;
const BATCH = 500;

/**
 * 演练时钟: the warning sweep as of a later China date, into the training scope only. It finds the
 * same cases and 督办 the real sweep would on that day, and records each warning and escalation,
 * with whom it would have told, in `training_events`; it writes no timeline row, sets no warned_*
 * or escalated_at column, queues no notification or SMS and invites nobody to rate. So the real
 * sweep still warns on the real day, and the circular, statistics and outbox never see training.
 */
export async function trainingSweep(db: Database, options: { asOf: string; actor: Actor; regionPrefix: string }): Promise<Omit<SweepResult, 'deliveryYellow' | 'deliveryRed'> & { training: true }> {
  const { asOf, actor } = options;
  const region = `${options.regionPrefix}%`;
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ got: boolean }>`SELECT pg_try_advisory_xact_lock(${TRAINING_SWEEP_LOCK}) AS got`.execute(trx);
    if (!rows[0]?.got) return { yellow: 0, red: 0, escalated: 0, invited: 0, deferredOverdue: 0, deemedAccepted: 0, ran: false, training: true as const };
    // The applications the law would accept by then (art. 32): counted, never accepted in training.
    const { rows: deemed } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM cases WHERE status = 'submitted' AND acceptance_due_date < ${asOf} AND region_code LIKE ${region}`.execute(trx);
    const result = { yellow: 0, red: 0, escalated: 0, invited: 0, deferredOverdue: 0, deemedAccepted: deemed[0]!.n, ran: true, training: true as const };
    const warnedInTraining = (kind: 'warn_yellow' | 'warn_red') =>
      trx.selectFrom('training_events').select('id').where(sql<boolean>`training_events.case_id = cases.id`).where('training_events.kind', '=', kind);
    const due = await trx
      .selectFrom('cases')
      .select(['id', 'number', 'department_id', 'assignee_id', 'due_date', 'warned_yellow_at'])
      .where('status', '=', 'accepted')
      .where('clock_stopped', '=', false)
      // A training run stays in the trainee's region: another city's cases are not theirs to play with.
      .where('region_code', 'like', region)
      .where((eb) =>
        eb.or([
          eb.and([eb('warned_red_at', 'is', null), eb('due_date', '<', asOf), eb.not(eb.exists(warnedInTraining('warn_red')))]),
          eb.and([eb('warned_yellow_at', 'is', null), eb('warn_date', '<=', asOf), eb.not(eb.exists(warnedInTraining('warn_yellow'))), eb.not(eb.exists(warnedInTraining('warn_red')))]),
        ]),
      )
      .orderBy('due_date')
      .limit(BATCH)
      .execute();
    for (const c of due) {
      const red = c.due_date! < asOf;
      const { title, body } = warningText(red, c.number, c.due_date!);
      const inserted = await trx
        .insertInto('training_events')
        .values({
          kind: red ? 'warn_red' : 'warn_yellow',
          case_id: c.id,
          as_of: asOf,
          recipients: await departmentRecipients(trx, c.department_id, c.assignee_id),
          title,
          body,
          sms: red,
          run_by: actor.id,
        })
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) continue;
      if (red) result.red++;
      else result.yellow++;
    }

    const overdue = await trx
      .selectFrom('directives')
      .select(['id', 'content', 'reply_due', 'issued_by'])
      .where('replied_at', 'is', null)
      .where('escalated_at', 'is', null)
      .where('reply_due', '<', asOf)
      .where('department_id', 'in', (eb) => eb.selectFrom('departments').select('id').where('region_code', 'like', region))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('training_events').select('id').whereRef('training_events.directive_id', '=', 'directives.id'))))
      .execute();
    for (const d of overdue) {
      const inserted = await trx
        .insertInto('training_events')
        .values({ kind: 'directive_escalated', directive_id: d.id, as_of: asOf, recipients: [d.issued_by], ...escalationText(d.content, d.reply_due), sms: true, run_by: actor.id })
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) result.escalated++;
    }
    await writeAudit(trx, {
      actorId: actor.id,
      action: 'supervision.training_sweep',
      detail: { asOf, regionPrefix: options.regionPrefix, yellow: result.yellow, red: result.red, escalated: result.escalated },
    });
    return result;
  });
}

/** The training scope's record, newest first: what each training sweep would have sent to whom. */
export async function listTrainingEvents(db: Database, options: { regionPrefix: string; limit: number }) {
  return db
    .selectFrom('training_events as t')
    .leftJoin('cases as c', 'c.id', 't.case_id')
    .leftJoin('directives as d', 'd.id', 't.directive_id')
    .leftJoin('departments as dep', (join) => join.on(sql<boolean>`dep.id = coalesce(c.department_id, d.department_id)`))
    .select(['t.id', 't.kind', 't.case_id', 'c.number as case_number', 't.directive_id', 't.as_of', 't.title', 't.body', 't.sms', 't.recipients', 't.created_at'])
    .where('dep.region_code', 'like', `${options.regionPrefix}%`)
    .orderBy('t.id', 'desc')
    .limit(options.limit)
    .execute();
}

/** Ends a training run: its records go, the real record was never touched. */
export async function clearTrainingEvents(db: Database, options: { actor: Actor; regionPrefix: string }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('training_events')
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('training_events as t')
          .leftJoin('cases as c', 'c.id', 't.case_id')
          .leftJoin('directives as d', 'd.id', 't.directive_id')
          .innerJoin('departments as dep', (join) => join.on(sql<boolean>`dep.id = coalesce(c.department_id, d.department_id)`))
          .select('t.id')
          .where('dep.region_code', 'like', `${options.regionPrefix}%`),
      )
      .returning('id')
      .execute();
    const count = removed.length;
    await writeAudit(trx, { actorId: options.actor.id, action: 'supervision.training_cleared', detail: { removed: count } });
    return count;
  });
}
