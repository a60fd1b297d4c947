import type { Executor } from '../../db/database.js';

/** A centre's region code, which decides which case steps its screen hears about. */
export async function findCentreRegion(db: Executor, centreId: number) {
  return db.selectFrom('centres').select('region_code').where('id', '=', centreId).executeTakeFirst();
}
