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
 * @returns how many events were numbered; 0 too when another process holds the sequencer
 */
export async function sequenceFeed(db: Database, batch = BATCH): Promise<number> {
  let total = 0;
  for (;;) {
    const moved = await db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ got: boolean }>`SELECT pg_try_advisory_xact_lock(${SEQUENCER_LOCK}) AS got`.execute(trx);
      if (!rows[0]?.got) return 0;
      // Oldest first, so one case's events (serialised by the case's row lock) keep their order.
      const result = await sql`
        WITH batch AS (
          DELETE FROM feed_pending
           WHERE event_id IN (SELECT event_id FROM feed_pending ORDER BY event_id LIMIT ${batch})
          RETURNING event_id
        )
        INSERT INTO feed_log (event_id, centre_id, region_code)
        SELECT b.event_id, c.centre_id, c.region_code
          FROM batch b
          JOIN case_events e ON e.id = b.event_id
          JOIN cases c ON c.id = e.case_id
         ORDER BY b.event_id`.execute(trx);
      return Number(result.numAffectedRows ?? 0);
    });
    total += moved;
    if (moved < batch) return total;
  }
}
