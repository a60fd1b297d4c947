import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Executor } from '../../db/database.js';
import { fixedQuery } from '../../db/prepared.js';

/**
 * Only what the public page may show: no names, no personal data, no notes. The steps come in the
 * same query (one round trip per lookup); the caller shows nothing unless the query code matches.
 */
export async function findProgressByNumber(db: Executor, number: string) {
  return (await progressQuery(db, number))[0];
}

// Planning this join cost six times its execution, and building it most of a lookup's Node CPU:
// compiled once, a named statement (db/prepared.ts).
const progressQuery = fixedQuery('progress', (db: Executor, number: string) =>
  db
    .selectFrom('cases')
    .innerJoin('service_items', 'service_items.id', 'cases.item_id')
    .innerJoin('departments', 'departments.id', 'cases.department_id')
    .select((eb) => [
      'cases.id',
      'cases.number',
      'cases.query_code',
      'cases.status',
      'cases.submitted_at',
      'cases.due_date',
      'cases.completed_at',
      'service_items.name as item_name',
      'service_items.item_type',
      'departments.name as department_name',
      jsonArrayFrom(
        eb.selectFrom('case_events').select(['case_events.at', 'case_events.action', 'case_events.to_status']).whereRef('case_events.case_id', '=', 'cases.id').orderBy('case_events.seq'),
      ).as('steps'),
    ])
    // Through case_numbers, whose key is the number: the id it gives prunes cases to one partition.
    .where('cases.id', '=', (eb) => eb.selectFrom('case_numbers').select('case_numbers.case_id').where('case_numbers.number', '=', number)),
);
