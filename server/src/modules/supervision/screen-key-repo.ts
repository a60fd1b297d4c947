import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';

/** SQL of the hall screens' keys (大屏密钥). */

export function insertScreenKey(db: Executor, key: { centreId: number; name: string; keyHash: Buffer; createdBy: number }) {
  return db
    .insertInto('screen_keys')
    .values({ centre_id: key.centreId, name: key.name, key_hash: key.keyHash, created_by: key.createdBy })
    .returning(['id', 'name', 'created_at'])
    .executeTakeFirstOrThrow();
}

export function listScreenKeys(db: Executor, centreId: number) {
  return db
    .selectFrom('screen_keys')
    .leftJoin('users', 'users.id', 'screen_keys.created_by')
    .select(['screen_keys.id', 'screen_keys.name', 'screen_keys.created_at', 'screen_keys.last_connected_at', 'screen_keys.revoked_at', 'users.display_name as created_by_name'])
    .where('screen_keys.centre_id', '=', centreId)
    .orderBy('screen_keys.revoked_at', (ob) => ob.desc().nullsFirst())
    .orderBy('screen_keys.id')
    .execute();
}

/** Marks a live key of the centre revoked; false when there is none (unknown, another centre's, already revoked). */
export async function revokeScreenKey(db: Executor, centreId: number, id: number): Promise<{ name: string } | undefined> {
  return db
    .updateTable('screen_keys')
    .set({ revoked_at: sql`now()` })
    .where('id', '=', id)
    .where('centre_id', '=', centreId)
    .where('revoked_at', 'is', null)
    .returning('name')
    .executeTakeFirst();
}

/** The live key of this centre with this hash, stamped as connected now. */
export function useScreenKey(db: Executor, centreId: number, keyHash: Buffer) {
  return db
    .updateTable('screen_keys')
    .set({ last_connected_at: sql`now()` })
    .where('key_hash', '=', keyHash)
    .where('centre_id', '=', centreId)
    .where('revoked_at', 'is', null)
    .returning(['id', 'name'])
    .executeTakeFirst();
}
