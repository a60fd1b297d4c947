import { sql, type Insertable, type Updateable } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { UserTable, WindowTable } from '../../db/schema.js';

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

export function findDepartment(db: Executor, departmentId: number) {
  return db.selectFrom('departments').select(['id', 'region_code']).where('id', '=', departmentId).executeTakeFirst();
}

export async function enterCentre(db: Executor, centreId: number, departmentId: number): Promise<void> {
  await db.insertInto('centre_departments').values({ centre_id: centreId, department_id: departmentId }).execute();
}

/** Leaving keeps the row (with its left_at) so the centre's history stays readable. */
export async function markDepartmentLeft(db: Executor, presenceId: number, at: Date): Promise<void> {
  await db.updateTable('centre_departments').set({ left_at: at }).where('id', '=', presenceId).execute();
}

export function anyActiveStaffOfDepartment(db: Executor, centreId: number, departmentId: number) {
  return db.selectFrom('users').select('id').where('centre_id', '=', centreId).where('department_id', '=', departmentId).where('disabled', '=', false).executeTakeFirst();
}

export function anyActiveWindowOfDepartment(db: Executor, centreId: number, departmentId: number) {
  return db.selectFrom('windows').select('id').where('centre_id', '=', centreId).where('department_id', '=', departmentId).where('active', '=', true).executeTakeFirst();
}

export function publishedItems(db: Executor, itemIds: number[]) {
  return db.selectFrom('service_items').select(['id', 'department_id']).where('id', 'in', itemIds).where('status', '=', 'published').execute();
}

export function departmentItems(db: Executor, itemIds: number[], departmentId: number) {
  return db.selectFrom('service_items').select('id').where('id', 'in', itemIds).where('department_id', '=', departmentId).execute();
}

export function windowNumbered(db: Executor, centreId: number, number: string) {
  return db.selectFrom('windows').select('id').where('centre_id', '=', centreId).where('number', '=', number).executeTakeFirst();
}

export function insertWindow(db: Executor, window: Insertable<WindowTable>) {
  return db.insertInto('windows').values(window).returning('id').executeTakeFirstOrThrow();
}

export function findWindow(db: Executor, windowId: number) {
  return db.selectFrom('windows').select(['id', 'centre_id', 'kind', 'department_id']).where('id', '=', windowId).executeTakeFirst();
}

export async function updateWindow(db: Executor, windowId: number, changes: Updateable<WindowTable>): Promise<void> {
  await db.updateTable('windows').set(changes).where('id', '=', windowId).execute();
}

export function activeWindowOfCentre(db: Executor, windowId: number, centreId: number) {
  return db.selectFrom('windows').select('id').where('id', '=', windowId).where('centre_id', '=', centreId).where('active', '=', true).executeTakeFirst();
}

export function anyActiveStaffAtWindow(db: Executor, windowId: number) {
  return db.selectFrom('users').select('id').where('window_id', '=', windowId).where('disabled', '=', false).executeTakeFirst();
}

export async function clearWindowItems(db: Executor, windowId: number): Promise<void> {
  await db.deleteFrom('window_items').where('window_id', '=', windowId).execute();
}

export async function insertWindowItems(db: Executor, rows: { window_id: number; item_id: number }[]): Promise<void> {
  await db.insertInto('window_items').values(rows).execute();
}

export function userNamed(db: Executor, username: string) {
  return db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
}

export function insertUser(db: Executor, user: Insertable<UserTable>) {
  return db.insertInto('users').values(user).returning('id').executeTakeFirstOrThrow();
}

export async function updateUser(db: Executor, userId: number, changes: Updateable<UserTable>): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', userId).execute();
}

export async function clearChiefRepresentativeItems(db: Executor, userId: number): Promise<void> {
  await db.deleteFrom('chief_representative_items').where('user_id', '=', userId).execute();
}

export async function insertChiefRepresentativeItems(db: Executor, rows: { user_id: number; item_id: number }[]): Promise<void> {
  await db.insertInto('chief_representative_items').values(rows).execute();
}

/** Ending every session is what makes a leaver's very next request refused. */
export async function endSessions(db: Executor, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
