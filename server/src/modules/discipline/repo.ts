import type { Executor } from '../../db/database.js';

/** The centre's active clerks, reviewers and administrators: whom an inspection or a first-ask hand-over can name. */
export async function listCentrePeople(db: Executor, centreId: number) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name', 'role', 'window_id'])
    .where('centre_id', '=', centreId)
    .where('role', 'in', ['clerk', 'reviewer', 'admin'])
    .where('disabled', '=', false)
    .orderBy('display_name')
    .execute();
}
