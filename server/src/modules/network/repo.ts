import { sql, type Insertable, type Updateable } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { CentreTable, ItemLevelModeTable, OfferMode, RegionLevel } from '../../db/schema.js';

/** SQL of the network: regions, centres, who serves there, and what each centre offers. */

export function listRegions(db: Executor, prefix: string) {
  return db
    .selectFrom('regions')
    .select(['code', 'stat_code', 'name', 'level', 'parent_code'])
    .where('stat_code', 'like', `${prefix}%`)
    .orderBy('stat_code')
    .execute();
}

export function findRegion(db: Executor, code: string) {
  return db.selectFrom('regions').select(['code', 'stat_code', 'name', 'level', 'parent_code']).where('code', '=', code).executeTakeFirst();
}

export async function insertRegion(db: Executor, region: { code: string; name: string; level: RegionLevel; parent_code: string | null }) {
  await db.insertInto('regions').values(region).execute();
}

/** Every region with its parent, for checking the whole tree at once. */
export function allRegionsWithParents(db: Executor) {
  return db
    .selectFrom('regions as r')
    .leftJoin('regions as p', 'p.code', 'r.parent_code')
    .select(['r.code', 'r.name', 'r.level', 'r.parent_code', 'p.code as parent_found', 'p.level as parent_level'])
    .orderBy('r.stat_code')
    .execute();
}

const centreColumns = [
  'centres.id',
  'centres.name',
  'centres.kind',
  'centres.region_code',
  'regions.name as region_name',
  'regions.level',
  'centres.parent_centre_id',
  'centres.address',
  'centres.phone',
  'centres.hours',
  'centres.functional_areas',
  'centres.active',
  'centres.public_note',
] as const;

export function listCentres(db: Executor, filter: { prefix?: string; kind?: string; activeOnly?: boolean }) {
  let query = db.selectFrom('centres').innerJoin('regions', 'regions.code', 'centres.region_code').select(centreColumns);
  if (filter.prefix) query = query.where('regions.stat_code', 'like', `${filter.prefix}%`);
  if (filter.kind) query = query.where('centres.kind', '=', filter.kind as never);
  if (filter.activeOnly) query = query.where('centres.active', '=', true);
  return query.orderBy('regions.stat_code').orderBy('centres.id').execute();
}
export type CentreRow = Awaited<ReturnType<typeof listCentres>>[number];

export function findCentre(db: Executor, id: number) {
  return db.selectFrom('centres').innerJoin('regions', 'regions.code', 'centres.region_code').select([...centreColumns, 'regions.stat_code']).where('centres.id', '=', id).executeTakeFirst();
}

export function presentDepartments(db: Executor, centreId: number) {
  return db
    .selectFrom('centre_departments')
    .innerJoin('departments', 'departments.id', 'centre_departments.department_id')
    .select(['departments.id', 'departments.name', 'centre_departments.entered_at'])
    .where('centre_departments.centre_id', '=', centreId)
    .where('centre_departments.left_at', 'is', null)
    .orderBy('departments.id')
    .execute();
}

export function centreWindows(db: Executor, centreId: number, options: { activeOnly: boolean }) {
  let query = db
    .selectFrom('windows')
    .leftJoin('departments', 'departments.id', 'windows.department_id')
    .select(['windows.id', 'windows.number', 'windows.name', 'windows.kind', 'windows.department_id', 'departments.name as department_name', 'windows.active'])
    .select((eb) =>
      sql<{ id: number; name: string }[]>`coalesce((SELECT json_agg(json_build_object('id', s.id, 'name', s.name) ORDER BY s.id)
        FROM window_items wi JOIN service_items s ON s.id = wi.item_id WHERE wi.window_id = ${eb.ref('windows.id')}), '[]')`.as('items'),
    )
    .where('windows.centre_id', '=', centreId);
  if (options.activeOnly) query = query.where('windows.active', '=', true);
  return query.orderBy('windows.number').execute();
}

export function offeredItems(db: Executor, centreId: number) {
  return db
    .selectFrom('centre_items')
    .innerJoin('service_items', 'service_items.id', 'centre_items.item_id')
    .select(['service_items.id as item_id', 'service_items.name', 'centre_items.mode'])
    .where('centre_items.centre_id', '=', centreId)
    .orderBy('service_items.id')
    .execute();
}

/** The active agents of an agency point (四公开: name and phone are published). */
export function pointAgents(db: Executor, centreId: number) {
  return db
    .selectFrom('users')
    .select(['display_name', 'phone'])
    .where('centre_id', '=', centreId)
    .where('role', '=', 'agent')
    .where('disabled', '=', false)
    .orderBy('id')
    .execute();
}

export function levelModes(db: Executor, itemId: number) {
  return db.selectFrom('item_level_modes').select(['level', 'mode', 'guiding']).where('item_id', '=', itemId).orderBy('level').execute();
}

export function guidingList(db: Executor) {
  return db
    .selectFrom('item_level_modes')
    .innerJoin('service_items', 'service_items.id', 'item_level_modes.item_id')
    .innerJoin('departments', 'departments.id', 'service_items.department_id')
    .select(['service_items.id as item_id', 'service_items.name', 'departments.name as department_name', 'item_level_modes.level', 'item_level_modes.mode'])
    .where('item_level_modes.guiding', '=', true)
    .where('item_level_modes.level', 'in', ['town', 'village'])
    .where('service_items.status', '=', 'published')
    .orderBy('item_level_modes.level')
    .orderBy('service_items.id')
    .execute();
}

/**
 * 应进必进: for every active town and village centre under the prefix, the guiding items of its level
 * that it does not offer yet. A guiding item of another region's department counts only where that
 * region contains the centre (a county's list binds its own towns).
 */
export function complianceGaps(db: Executor, prefix: string) {
  return sql<{ centre_id: number; centre_name: string; region_code: string; level: 'town' | 'village'; item_id: number | null; item_name: string | null; mode: 'full' | 'forward' | 'agency' | null; required: number }>`
    WITH lower_centres AS (
      SELECT c.id, c.name, c.region_code, r.level, r.stat_code
        FROM centres c JOIN regions r ON r.code = c.region_code
       WHERE c.active AND r.level IN ('town', 'village') AND r.stat_code LIKE ${`${prefix}%`}
    ), duty AS (
      SELECT lc.id AS centre_id, m.item_id, m.mode
        FROM lower_centres lc
        JOIN item_level_modes m ON m.level = lc.level AND m.guiding
        JOIN service_items s ON s.id = m.item_id AND s.status = 'published'
        JOIN departments d ON d.id = s.department_id
       WHERE lc.stat_code LIKE region_prefix(d.region_code) || '%'
    )
    SELECT lc.id AS centre_id, lc.name AS centre_name, lc.region_code, lc.level,
           gap.item_id, gap.name AS item_name, gap.mode,
           (SELECT count(*)::int FROM duty WHERE duty.centre_id = lc.id) AS required
      FROM lower_centres lc
      LEFT JOIN LATERAL (
        SELECT duty.item_id, s.name, duty.mode
          FROM duty JOIN service_items s ON s.id = duty.item_id
         WHERE duty.centre_id = lc.id
           AND NOT EXISTS (SELECT 1 FROM centre_items ci WHERE ci.centre_id = lc.id AND ci.item_id = duty.item_id)
      ) gap ON true
     ORDER BY lc.region_code, lc.id, gap.item_id`.execute(db);
}

/**
 * May a centre receive applications for this item? Its own items; items it offers (a town centre
 * 收件转报 or 全程办); items on the 通办 list, anywhere.
 */
export async function receivableAt(db: Executor, itemId: number, centreId: number): Promise<'own' | 'offered' | 'tongban' | null> {
  const row = await db
    .selectFrom('service_items')
    .innerJoin('departments', 'departments.id', 'service_items.department_id')
    .select([
      'departments.centre_id',
      (eb) => eb.exists(eb.selectFrom('centre_items').select('item_id').where('centre_items.item_id', '=', itemId).where('centre_items.centre_id', '=', centreId)).as('offered'),
      (eb) => eb.exists(eb.selectFrom('tongban_items').select('item_id').where('tongban_items.item_id', '=', itemId)).as('tongban'),
    ])
    .where('service_items.id', '=', itemId)
    .executeTakeFirst();
  if (!row) return null;
  if (row.centre_id === centreId) return 'own';
  if (row.offered) return 'offered';
  return row.tongban ? 'tongban' : null;
}

/** A centre's region code: what an administrator manages, and what a centre's screen hears about. */
export function centreRegion(db: Executor, centreId: number) {
  return db.selectFrom('centres').select('region_code').where('id', '=', centreId).executeTakeFirst();
}

export function insertCentre(db: Executor, centre: Insertable<CentreTable>) {
  return db.insertInto('centres').values(centre).returning('id').executeTakeFirstOrThrow();
}

export async function updateCentre(db: Executor, centreId: number, changes: Updateable<CentreTable>): Promise<void> {
  await db.updateTable('centres').set(changes).where('id', '=', centreId).execute();
}

/** An item with its department's region (whose administrators set its levels). */
export function itemRegion(db: Executor, itemId: number) {
  return db
    .selectFrom('service_items')
    .innerJoin('departments', 'departments.id', 'service_items.department_id')
    .select(['service_items.id', 'departments.region_code'])
    .where('service_items.id', '=', itemId)
    .executeTakeFirst();
}

export async function clearLevelModes(db: Executor, itemId: number): Promise<void> {
  await db.deleteFrom('item_level_modes').where('item_id', '=', itemId).execute();
}

export async function insertLevelModes(db: Executor, rows: Insertable<ItemLevelModeTable>[]): Promise<void> {
  await db.insertInto('item_level_modes').values(rows).execute();
}

/** The mode a published item is handled in at a level, if that level handles it at all. */
export function publishedLevelMode(db: Executor, itemId: number, level: RegionLevel) {
  return db
    .selectFrom('item_level_modes')
    .innerJoin('service_items', 'service_items.id', 'item_level_modes.item_id')
    .select('item_level_modes.mode')
    .where('item_level_modes.item_id', '=', itemId)
    // 'province' never matches: no item is set for that level.
    .where('item_level_modes.level', '=', level as never)
    .where('service_items.status', '=', 'published')
    .executeTakeFirst();
}

export async function withdrawCentreItem(db: Executor, centreId: number, itemId: number): Promise<void> {
  await db.deleteFrom('centre_items').where('centre_id', '=', centreId).where('item_id', '=', itemId).execute();
}

export async function offerCentreItem(db: Executor, centreId: number, itemId: number, mode: OfferMode): Promise<void> {
  await db
    .insertInto('centre_items')
    .values({ centre_id: centreId, item_id: itemId, mode })
    .onConflict((oc) => oc.columns(['centre_id', 'item_id']).doUpdateSet({ mode }))
    .execute();
}
