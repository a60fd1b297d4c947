import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { Actor } from '../auth/actor.js';
import { canonicalJson } from '../../util/canonical-json.js';

/** Serialises appends to the supermarket's chain (any constant, the same in every process). */
const CHAIN_LOCK = 72_201_901;

export interface SupermarketEvent {
  action: string;
  entity: 'service_type' | 'intermediary' | 'announcement' | 'response' | 'contract' | 'complaint' | 'sanction' | 'settings';
  entityId: number | null;
  data?: Record<string, unknown>;
}

/** SM3 of the previous hash and the canonical row: the same rule as the case timeline. */
export function supermarketEventHash(prev: Buffer | null, row: { at: Date; actor_id: number | null; actor_role: string; action: string; entity: string; entity_id: number | null; data: Record<string, unknown> }): Buffer {
  const hash = crypto.createHash('sm3');
  if (prev) hash.update(prev);
  hash.update(
    canonicalJson({ at: row.at.toISOString(), actor_id: row.actor_id, actor_role: row.actor_role, action: row.action, entity: row.entity, entity_id: row.entity_id, data: row.data }),
  );
  return hash.digest();
}

/**
 * Appends one step to the supermarket's event log (步步留痕). Call it inside the transaction of
 * the change it records, so the record and its trace commit together.
 */
export async function recordEvent(db: Executor, actor: Actor | null, event: SupermarketEvent): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(db);
  const last = await db.selectFrom('intermediary_events').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  // Microseconds would not survive the round trip through a JS Date: store what we hash.
  const at = new Date(Math.floor(Date.now()));
  const row = {
    at,
    actor_id: actor?.id ?? null,
    actor_role: actor?.role ?? 'system',
    action: event.action,
    entity: event.entity,
    entity_id: event.entityId,
    data: event.data ?? {},
  };
  const prev = last?.hash ?? null;
  await db
    .insertInto('intermediary_events')
    .values({ ...row, data: JSON.stringify(row.data), prev_hash: prev, hash: supermarketEventHash(prev, row) })
    .execute();
}

/** Walks the whole log; the id of the first row whose hash or link does not hold, or null. */
export async function verifyEventChain(db: Executor): Promise<{ rows: number; brokenAt: string | null }> {
  const rows = await db.selectFrom('intermediary_events').selectAll().orderBy('id').execute();
  let prev: Buffer | null = null;
  for (const row of rows) {
    const expected = supermarketEventHash(prev, row);
    const linked = prev === null ? row.prev_hash === null : row.prev_hash !== null && row.prev_hash.equals(prev);
    if (!linked || !expected.equals(row.hash)) return { rows: rows.length, brokenAt: String(row.id) };
    prev = row.hash;
  }
  return { rows: rows.length, brokenAt: null };
}
