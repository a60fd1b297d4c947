import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

/** Any constant, the same in every process: one sequencer at a time across all servers. */
const SEQUENCER_LOCK = 72_201_004;
const BATCH = 5_000;

/**
 * Numbers committed timeline rows in commit order (the feed's `position`).
 *
 * A reader paging by `case_events.id` can skip rows for good: ids are drawn at insert, rows appear
 * at commit, so id 10 (transaction A) may commit after id 11 (transaction B) was read. Here the
 * sequencer only ever sees committed `feed_pending` rows and runs one at a time (a transaction-
 * scoped advisory lock, released only after its commit is visible), so every position it hands out
 * is larger than any position a reader could already have seen. A row committed late just gets a
 * later position. The cost is a short delay (the sequencer runs with the push dispatcher, and on
 * every pull) and one extra insert per event.
 * `maxBatches` bounds one call, so a pull after a bulk load of history answers at once while the
 * background loop catches up.
 * @returns how many events were numbered; 0 too when another process holds the sequencer
 */
export async function sequenceFeed(db: Database, options: { batch?: number; maxBatches?: number } = {}): Promise<number> {
  const batch = options.batch ?? BATCH;
  let total = 0;
  for (let round = 0; round < (options.maxBatches ?? Infinity); round++) {
    const moved = await db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ got: boolean }>`SELECT pg_try_advisory_xact_lock(${SEQUENCER_LOCK}) AS got`.execute(trx);
      if (!rows[0]?.got) return 0;
      // Oldest first, so one case's events (serialised by the case's row lock) keep their order.
      const { rows: taken } = await sql<{ event_id: number }>`
        DELETE FROM feed_pending
         WHERE event_id <= (SELECT max(event_id) FROM (SELECT event_id FROM feed_pending ORDER BY event_id LIMIT ${batch}) first)
        RETURNING event_id`.execute(trx);
      if (!taken.length) return 0;
      // Looked up by primary key through an array, so a batch costs the same at 60 million events
      // as at sixty (a join against the CTE let the planner hash the whole timeline).
      const ids = taken.map((r) => r.event_id);
      const result = await sql`
        INSERT INTO feed_log (event_id, centre_id, region_code)
        SELECT e.id, c.centre_id, c.region_code
          FROM case_events e
          JOIN cases c ON c.id = e.case_id
         WHERE e.id = ANY(${ids}::bigint[])
         ORDER BY e.id`.execute(trx);
      return Number(result.numAffectedRows ?? 0);
    });
    total += moved;
    if (moved < batch) break;
  }
  return total;
}
