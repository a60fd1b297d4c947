import type { Executor } from '../../db/database.js';

/** Only what the public page may show: no names, no personal data, no notes. */
export function findCaseByNumber(db: Executor, number: string) {
  return db
    .selectFrom('cases')
    .innerJoin('service_items', 'service_items.id', 'cases.item_id')
    .innerJoin('departments', 'departments.id', 'cases.department_id')
    .select([
      'cases.id',
      'cases.number',
      'cases.query_code',
      'cases.status',
      'cases.submitted_at',
      'cases.due_date',
      'cases.completed_at',
      'service_items.name as item_name',
      'departments.name as department_name',
    ])
    .where('cases.number', '=', number)
    .executeTakeFirst();
}

export function listPublicSteps(db: Executor, caseId: string) {
  return db
    .selectFrom('case_events')
    .select(['at', 'action', 'to_status'])
    .where('case_id', '=', caseId)
    .orderBy('seq')
    .execute();
}
