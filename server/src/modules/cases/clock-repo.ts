import type { Executor } from '../../db/database.js';
import type { ClockStopKind } from '../../db/schema.js';

export async function openStop(
  db: Executor,
  stop: { caseId: string; kind: ClockStopKind; reason: string; at: Date; by: number; expectedWorkdays: number | null; expectedEndDate: string | null },
): Promise<void> {
  await db
    .insertInto('case_clock_stops')
    .values({
      case_id: stop.caseId,
      kind: stop.kind,
      reason: stop.reason,
      started_at: stop.at,
      started_by: stop.by,
      expected_workdays: stop.expectedWorkdays,
      expected_end_date: stop.expectedEndDate,
    })
    .execute();
}

export function findOpenStop(db: Executor, caseId: string) {
  return db.selectFrom('case_clock_stops').selectAll().where('case_id', '=', caseId).where('ended_at', 'is', null).executeTakeFirst();
}

export async function closeStop(db: Executor, stop: { stopId: number; at: Date; by: number; workdays: number }): Promise<void> {
  await db
    .updateTable('case_clock_stops')
    .set({ ended_at: stop.at, ended_by: stop.by, workdays: stop.workdays })
    .where('id', '=', stop.stopId)
    .execute();
}

export function findPendingExtension(db: Executor, caseId: string) {
  return db.selectFrom('case_extensions').selectAll().where('case_id', '=', caseId).where('status', '=', 'pending').executeTakeFirst();
}

export async function insertExtension(
  db: Executor,
  extension: { caseId: string; workdays: number; reason: string; by: number; at: Date },
): Promise<void> {
  await db
    .insertInto('case_extensions')
    .values({
      case_id: extension.caseId,
      workdays: extension.workdays,
      reason: extension.reason,
      requested_by: extension.by,
      requested_at: extension.at,
    })
    .execute();
}

export async function decideExtension(
  db: Executor,
  decision: { id: number; approve: boolean; by: number; at: Date; note: string | null },
): Promise<void> {
  await db
    .updateTable('case_extensions')
    .set({ status: decision.approve ? 'approved' : 'rejected', decided_by: decision.by, decided_at: decision.at, decision_note: decision.note })
    .where('id', '=', decision.id)
    .execute();
}

export function listStops(db: Executor, caseId: string) {
  return db.selectFrom('case_clock_stops').selectAll().where('case_id', '=', caseId).orderBy('started_at').execute();
}

export function listExtensions(db: Executor, caseId: string) {
  return db.selectFrom('case_extensions').selectAll().where('case_id', '=', caseId).orderBy('requested_at').execute();
}
