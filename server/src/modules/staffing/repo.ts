import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';

/** SQL of staffing (进驻): who serves where, and who takes over whose cases. */

export function centreStaff(db: Executor, centreId: number) {
  return db
    .selectFrom('users')
    .leftJoin('departments', 'departments.id', 'users.department_id')
    .leftJoin('windows', 'windows.id', 'users.window_id')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.role',
      'users.department_id',
      'departments.name as department_name',
      'users.window_id',
      'windows.number as window_number',
      'users.backup_user_id',
      'users.chief_representative',
    ])
    .select((eb) => [
      sql<number[]>`coalesce((SELECT array_agg(item_id ORDER BY item_id) FROM chief_representative_items WHERE user_id = ${eb.ref('users.id')}), '{}')`.as('authorised_item_ids'),
      eb.selectFrom('cases').select(eb.fn.countAll<number>().as('n')).whereRef('cases.assignee_id', '=', 'users.id').where('cases.status', '=', 'accepted').as('open_cases'),
    ])
    .where('users.centre_id', '=', centreId)
    .where('users.disabled', '=', false)
    .where('users.role', 'in', ['clerk', 'reviewer', 'admin', 'agent'])
    .orderBy('users.role')
    .orderBy('users.id')
    .execute();
}

export function findStaff(db: Executor, id: number) {
  return db
    .selectFrom('users')
    .innerJoin('centres', 'centres.id', 'users.centre_id')
    .innerJoin('regions', 'regions.code', 'centres.region_code')
    .select(['users.id', 'users.role', 'users.department_id', 'users.centre_id', 'users.backup_user_id', 'users.display_name', 'regions.stat_code'])
    .where('users.id', '=', id)
    .where('users.disabled', '=', false)
    .where('users.role', 'in', ['clerk', 'reviewer', 'admin', 'agent'])
    .executeTakeFirst();
}

/**
 * Who takes over a reviewer's open cases in their department: the AB partner first (when still
 * active there), then the active colleague holding the fewest open cases. None means nobody is left.
 */
export async function successorFor(db: Executor, person: { id: number; department_id: number; backup_user_id: number | null }): Promise<number | null> {
  const row = await db
    .selectFrom('users')
    .select('users.id')
    .where('users.department_id', '=', person.department_id)
    .where('users.role', '=', 'reviewer')
    .where('users.disabled', '=', false)
    .where('users.id', '<>', person.id)
    .orderBy(sql`users.id = ${person.backup_user_id ?? -1}`, 'desc')
    .orderBy((eb) => eb.selectFrom('cases').select(eb.fn.countAll().as('n')).whereRef('cases.assignee_id', '=', 'users.id').where('cases.status', '=', 'accepted'))
    .orderBy('users.id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function openCaseCount(db: Executor, userId: number): Promise<number> {
  const row = await db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).where('assignee_id', '=', userId).where('status', '=', 'accepted').executeTakeFirstOrThrow();
  return row.n;
}

/** A person leaving a department stops being anyone's B角 there. */
export async function clearBackupsPointingAt(db: Executor, userId: number): Promise<void> {
  await db.updateTable('users').set({ backup_user_id: null }).where('backup_user_id', '=', userId).execute();
}

export function departmentPresent(db: Executor, centreId: number, departmentId: number) {
  return db
    .selectFrom('centre_departments')
    .select('id')
    .where('centre_id', '=', centreId)
    .where('department_id', '=', departmentId)
    .where('left_at', 'is', null)
    .executeTakeFirst();
}
