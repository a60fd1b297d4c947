import type { Executor } from '../../db/database.js';

const itemColumns = [
  'service_items.id',
  'service_items.code',
  'service_items.name',
  'service_items.kind',
  'service_items.legal_limit_days',
  'service_items.promised_limit_days',
  'service_items.status',
  'service_items.description',
  'service_items.form_fields',
  'service_items.department_id',
  'departments.name as department_name',
  'departments.centre_id',
  'departments.region_code',
] as const;

/** An item a case can be opened for: published, unless the caller needs the one a case already uses. */
export function findApplicableItem(db: Executor, itemId: number, options: { includeUnpublished?: boolean } = {}) {
  let query = db
    .selectFrom('service_items')
    .innerJoin('departments', 'departments.id', 'service_items.department_id')
    .select(itemColumns)
    .where('service_items.id', '=', itemId);
  if (!options.includeUnpublished) query = query.where('service_items.status', '=', 'published');
  return query.executeTakeFirst();
}

export function listPublishedItems(db: Executor, filter: { departmentId?: number; q?: string }) {
  let query = db
    .selectFrom('service_items')
    .innerJoin('departments', 'departments.id', 'service_items.department_id')
    .select(itemColumns)
    .where('service_items.status', '=', 'published');
  if (filter.departmentId) query = query.where('service_items.department_id', '=', filter.departmentId);
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('service_items.name', 'like', pattern), eb('service_items.code', 'like', pattern)]));
  }
  return query.orderBy('departments.name').orderBy('service_items.code').execute();
}
