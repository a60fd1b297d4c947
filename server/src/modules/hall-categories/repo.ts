import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { TCategory } from './schema.js';

/** The categories of a centre with the window group serving each. */
export async function listCategories(db: Executor, centreId: number, options: { activeOnly?: boolean } = {}): Promise<TCategory[]> {
  let query = db
    .selectFrom('hall_categories as c')
    .select((eb) => [
      'c.id',
      'c.centre_id',
      'c.prefix',
      'c.name',
      'c.department_ids',
      'c.active',
      sql<{ id: number; number: string; name: string }[]>`coalesce((
        SELECT json_agg(json_build_object('id', w.id, 'number', w.number, 'name', w.name) ORDER BY w.number)
          FROM hall_category_windows cw JOIN windows w ON w.id = cw.window_id
         WHERE cw.category_id = ${eb.ref('c.id')}), '[]'::json)`.as('windows'),
    ])
    .where('c.centre_id', '=', centreId)
    .orderBy('c.prefix');
  if (options.activeOnly) query = query.where('c.active', '=', true);
  const rows = await query.execute();
  return rows.map((r) => ({ id: r.id, centreId: r.centre_id, prefix: r.prefix, name: r.name, departmentIds: r.department_ids, windows: r.windows, active: r.active }));
}

export function findCategory(db: Executor, id: number) {
  return db.selectFrom('hall_categories').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The category ids a window serves (its window group memberships). */
export async function categoriesOfWindow(db: Executor, windowId: number): Promise<number[]> {
  const rows = await db.selectFrom('hall_category_windows').select('category_id').where('window_id', '=', windowId).execute();
  return rows.map((r) => r.category_id);
}

export async function windowServes(db: Executor, windowId: number, categoryId: number): Promise<boolean> {
  const row = await db.selectFrom('hall_category_windows').select('window_id').where('window_id', '=', windowId).where('category_id', '=', categoryId).executeTakeFirst();
  return row !== undefined;
}

/** Whether an item may be booked under a category (an empty department list covers them all). */
export function categoryCoversDepartment(category: { department_ids: number[] }, departmentId: number): boolean {
  return category.department_ids.length === 0 || category.department_ids.includes(departmentId);
}

/** The published items one may book under a category (its departments', or the centre's when none). */
export async function itemsOfCategory(db: Executor, categoryId: number) {
  const category = await findCategory(db, categoryId);
  if (!category) return [];
  const rows = await db
    .selectFrom('service_items as i')
    .innerJoin('departments as d', 'd.id', 'i.department_id')
    .select(['i.id', 'i.name', 'd.name as department_name'])
    .where('i.status', '=', 'published')
    .where('d.centre_id', '=', category.centre_id)
    .$if(category.department_ids.length > 0, (q) => q.where('i.department_id', 'in', category.department_ids))
    .orderBy('d.name')
    .orderBy('i.name')
    .limit(500)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, departmentName: r.department_name }));
}

export function centreWindowIds(db: Executor, windowIds: number[], centreId: number) {
  return db.selectFrom('windows').select('id').where('id', 'in', windowIds).where('centre_id', '=', centreId).execute();
}

export function centreDepartmentIds(db: Executor, departmentIds: number[], centreId: number) {
  return db.selectFrom('departments').select('id').where('id', 'in', departmentIds).where('centre_id', '=', centreId).execute();
}

/** Another category of the centre using the ticket prefix (`exceptId`: the one being saved). */
export function categoryWithPrefix(db: Executor, centreId: number, prefix: string, exceptId: number | undefined) {
  return db
    .selectFrom('hall_categories')
    .select('id')
    .where('centre_id', '=', centreId)
    .where('prefix', '=', prefix)
    .$if(exceptId !== undefined, (q) => q.where('id', '<>', exceptId!))
    .executeTakeFirst();
}

type CategoryValues = { prefix: string; name: string; department_ids: number[]; active: boolean };

/** Nothing (undefined) when the category is not the centre's. */
export function updateCategory(db: Executor, id: number, centreId: number, values: CategoryValues) {
  return db.updateTable('hall_categories').set(values).where('id', '=', id).where('centre_id', '=', centreId).returning('id').executeTakeFirst();
}

export function insertCategory(db: Executor, values: CategoryValues & { centre_id: number }) {
  return db.insertInto('hall_categories').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function clearCategoryWindows(db: Executor, categoryId: number): Promise<void> {
  await db.deleteFrom('hall_category_windows').where('category_id', '=', categoryId).execute();
}

export async function insertCategoryWindows(db: Executor, categoryId: number, windowIds: number[]): Promise<void> {
  await db.insertInto('hall_category_windows').values(windowIds.map((windowId) => ({ category_id: categoryId, window_id: windowId }))).execute();
}

/** Every centre, for the public pages that pick one. */
export async function listPublicCentres(db: Executor) {
  return db.selectFrom('centres').select(['id', 'name', 'address', 'phone']).orderBy('id').execute();
}
