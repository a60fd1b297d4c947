import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database.js';
import type { Actor } from '../auth/actor.js';
import { chainHash } from '../../util/hash-chain.js';
import { now as clockNow } from '../../util/clock.js';

/** Who did a trading step: a person, or the platform itself (sweeps, automatic rules). */
export type EventActor = Pick<Actor, 'id' | 'role'> | { id: null; role: 'system' };
export const SYSTEM: EventActor = { id: null, role: 'system' };

interface ChainedTradingEvent {
  seq: number;
  project_id: string | null;
  at: Date;
  actor_id: number | null;
  actor_role: string;
  action: string;
  data: Record<string, unknown>;
}

function linkHash(prev: Buffer | null, event: ChainedTradingEvent): Buffer {
  return chainHash(prev, { ...event, at: event.at.toISOString() });
}

/**
 * Appends one step to the trading audit trail, inside the caller's transaction. The head row is
 * locked, so concurrent steps queue and the chain stays one line.
 */
export async function recordEvent(
  trx: Executor,
  actor: EventActor,
  action: string,
  projectId: string | null,
  data: Record<string, unknown> = {},
): Promise<number> {
  const head = await trx.selectFrom('trading_chain_head').select(['seq', 'hash']).where('id', '=', 1).forUpdate().executeTakeFirstOrThrow();
  const at = clockNow();
  const event: ChainedTradingEvent = { seq: head.seq + 1, project_id: projectId, at, actor_id: actor.id, actor_role: actor.role, action, data };
  const hash = linkHash(head.hash, event);
  await trx
    .insertInto('trading_events')
    .values({ ...event, data: JSON.stringify(data), prev_hash: head.hash, hash })
    .execute();
  await trx.updateTable('trading_chain_head').set({ seq: event.seq, hash }).where('id', '=', 1).execute();
  return event.seq;
}

export interface TradingChainCheck {
  eventsChecked: number;
  /** The first row that does not verify, or null when the whole chain holds. */
  firstBreak: { seq: number; problem: 'altered' | 'missing' | 'reordered' | 'head_mismatch' } | null;
}

/** Recomputes the whole trading chain from its first row. */
export async function verifyTradingChain(db: Database): Promise<TradingChainCheck> {
  let prev: Buffer | null = null;
  let expected = 1;
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('trading_events').selectAll().where('seq', '>', after).orderBy('seq').limit(2000).execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.seq !== expected) return { eventsChecked: expected - 1, firstBreak: { seq: expected, problem: 'missing' } };
      const same = row.prev_hash === null ? prev === null : prev !== null && row.prev_hash.equals(prev);
      if (!same) return { eventsChecked: expected, firstBreak: { seq: row.seq, problem: 'reordered' } };
      const hash = linkHash(prev, { seq: row.seq, project_id: row.project_id, at: row.at, actor_id: row.actor_id, actor_role: row.actor_role, action: row.action, data: row.data });
      if (!hash.equals(row.hash)) return { eventsChecked: expected, firstBreak: { seq: row.seq, problem: 'altered' } };
      prev = row.hash;
      expected++;
    }
    after = rows.at(-1)!.seq;
  }
  const head = await db.selectFrom('trading_chain_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  const headOk = head.seq === expected - 1 && (head.hash === null ? prev === null : prev !== null && head.hash.equals(prev));
  return { eventsChecked: expected - 1, firstBreak: headOk ? null : { seq: head.seq, problem: 'head_mismatch' } };
}

/** A project's steps in order, for its page and the supervisor. */
export async function projectEvents(db: Database, projectId: string) {
  return db
    .selectFrom('trading_events')
    .leftJoin('users', 'users.id', 'trading_events.actor_id')
    .select(['seq', 'at', 'action', 'actor_role', 'data', 'users.display_name as actor_name', sql<string>`encode(hash, 'hex')`.as('hash')])
    .where('project_id', '=', projectId)
    .orderBy('seq')
    .execute();
}
