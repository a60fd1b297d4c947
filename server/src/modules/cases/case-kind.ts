import { sql, type RawBuilder } from 'kysely';

/**
 * 承诺件: the case's item was a promised item (not an 即办件) in the catalogue version the case was
 * opened under, or, for a case that names no version, as the item stands now. Only 承诺件 count
 * towards 提前办结 and its denominator: an 即办件 is decided on the spot and cannot be early.
 */
export function promisedCase(alias: string): RawBuilder<boolean> {
  const c = sql.raw(alias);
  return sql<boolean>`(coalesce(
      (SELECT v.snapshot->>'kind' FROM service_item_versions v WHERE v.id = ${c}.item_version_id),
      (SELECT i.kind FROM service_items i WHERE i.id = ${c}.item_id)) = 'promised')`;
}
