import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { FeedRow } from './format.js';

/** Whose events a reader gets: an administrator's or subscriber's centre, or a supervisor's region. */
export type FeedScope = { centreId: number } | { regionPrefix: string };

function inScope(scope: FeedScope) {
  return (eb: ExpressionBuilder<DB, 'feed_log'>): Expression<SqlBool> => {
    if ('centreId' in scope) return eb('feed_log.centre_id', '=', scope.centreId);
    // A county's own code is exact (and uses the index); a city or province covers its prefix.
    return scope.regionPrefix.length === 6
      ? eb('feed_log.region_code', '=', scope.regionPrefix)
      : eb('feed_log.region_code', 'like', `${scope.regionPrefix}%`);
  };
}

/** Events after `after` (a position), oldest first, with the case, item and department they belong to. */
export function readFeed(db: Executor, options: { after: number; limit: number; scope: FeedScope }): Promise<FeedRow[]> {
  return db
    .selectFrom('feed_log')
    .innerJoin('case_events as e', 'e.id', 'feed_log.event_id')
    .innerJoin('cases as c', 'c.id', 'e.case_id')
    .innerJoin('service_items as i', 'i.id', 'c.item_id')
    .innerJoin('departments as d', 'd.id', 'c.department_id')
    .select([
      'feed_log.position',
      'e.id',
      'e.seq',
      'e.at',
      'e.action',
      'e.from_status',
      'e.to_status',
      'e.actor_id',
      'e.actor_role',
      'e.data',
      'e.hash',
      'e.prev_hash',
      'c.number as case_number',
      'c.channel',
      'c.region_code',
      'i.code as item_code',
      'i.name as item_name',
      'd.credit_code as department_code',
      'd.name as department_name',
    ])
    .where('feed_log.position', '>', options.after)
    .where(inScope(options.scope))
    .orderBy('feed_log.position')
    .limit(options.limit)
    .execute();
}

/** The newest position in a scope (how far behind a subscriber is). */
export async function latestPosition(db: Executor, scope: FeedScope): Promise<number> {
  const row = await db
    .selectFrom('feed_log')
    .select('position')
    .where(inScope(scope))
    .orderBy('position', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.position ?? 0;
}

const subscriberColumns = [
  'id',
  'centre_id',
  'name',
  'url',
  'active',
  'delivered_position',
  'delivered_at',
  'attempts',
  'next_attempt_at',
  'last_error',
  'last_error_at',
  'failed_at',
  'failed_event_id',
  'token_issued_at',
  'created_at',
] as const;

/** Subscribers of a centre, without their secrets or token hashes. */
export function listSubscribers(db: Executor, centreId: number) {
  return db.selectFrom('feed_subscribers').select(subscriberColumns).where('centre_id', '=', centreId).orderBy('id').execute();
}

export function findSubscriber(db: Executor, centreId: number, id: number) {
  return db.selectFrom('feed_subscribers').select(subscriberColumns).where('centre_id', '=', centreId).where('id', '=', id).executeTakeFirst();
}

export type SubscriberRow = NonNullable<Awaited<ReturnType<typeof findSubscriber>>>;

export function findByTokenHash(db: Executor, tokenHash: Buffer) {
  return db.selectFrom('feed_subscribers').select(['id', 'centre_id', 'active']).where('token_hash', '=', tokenHash).executeTakeFirst();
}

/**
 * Claims one subscriber whose push is due, skipping those another process holds, so each
 * subscriber is pushed by one process at a time and its events go out in order.
 */
export function claimDueSubscriber(db: Executor, skip: number[]) {
  let query = db
    .selectFrom('feed_subscribers')
    .select(['id', 'centre_id', 'url', 'secret', 'delivered_position', 'attempts'])
    .where('url', 'is not', null)
    .where('active', '=', true)
    .where('failed_at', 'is', null)
    .where('next_attempt_at', '<=', sql<Date>`now()`)
    .orderBy('next_attempt_at')
    .limit(1)
    .forUpdate()
    .skipLocked();
  if (skip.length) query = query.where('id', 'not in', skip);
  return query.executeTakeFirst();
}
