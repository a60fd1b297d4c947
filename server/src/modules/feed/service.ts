import crypto from 'node:crypto';
import type { Updateable } from 'kysely';
import type { Database } from '../../db/database.js';
import type { FeedSubscriberTable } from '../../db/schema.js';
import { AppError, forbidden, notFound } from '../../http/errors.js';
import type { Actor } from '../auth/actor.js';
import { writeAudit } from '../auth/repo.js';
import { regionPrefix } from '../cases/policy.js';
import { toFeedEvent, type FeedEvent } from './format.js';
import * as repo from './repo.js';
import { sequenceFeed } from './sequencer.js';

/** Who pulls: a logged-in supervisor or administrator, or a subscriber with its bearer token. */
export type FeedReader = { actor: Actor } | { subscriberId: number; centreId: number };

const TOKEN_PREFIX = 'owf_';
const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest();

function scopeOf(reader: FeedReader): repo.FeedScope {
  if ('subscriberId' in reader) return { centreId: reader.centreId };
  const { actor } = reader;
  if (actor.role === 'supervisor' && actor.regionCode) return { regionPrefix: regionPrefix(actor.regionCode) };
  if (actor.role === 'admin' && actor.centreId) return { centreId: actor.centreId };
  throw forbidden('当前角色无权读取电子监察数据');
}

/**
 * Pull: events after the cursor, oldest first. Numbers what has committed first, so a reader sees
 * an event as soon as its transaction commits. `nextCursor` is the last position returned (or the
 * same cursor when nothing is new): call again with it until `events` is empty.
 */
export async function pullCaseEvents(db: Database, reader: FeedReader, options: { after: number; limit: number }): Promise<{ events: FeedEvent[]; nextCursor: number }> {
  const scope = scopeOf(reader);
  await sequenceFeed(db, { maxBatches: 1 });
  const rows = await repo.readFeed(db, { ...options, scope });
  return { events: rows.map(toFeedEvent), nextCursor: rows.length ? rows.at(-1)!.position : options.after };
}

/** The subscriber a bearer token belongs to, or 401; the token itself is never stored. */
export async function readerForToken(db: Database, token: string): Promise<FeedReader> {
  const subscriber = token.startsWith(TOKEN_PREFIX) ? await repo.findByTokenHash(db, hashToken(token)) : undefined;
  if (!subscriber?.active) throw new AppError('UNAUTHENTICATED', '访问令牌无效或已停用');
  return { subscriberId: subscriber.id, centreId: subscriber.centre_id };
}

function centreOf(actor: Actor): number {
  if (actor.role !== 'admin' || !actor.centreId) throw forbidden('只有中心管理员可以管理数据推送');
  return actor.centreId;
}

const newSecret = () => crypto.randomBytes(32).toString('base64url');

/** A subscriber as the admin page shows it: state, never the secret or the token. */
export async function listSubscribers(db: Database, actor: Actor) {
  const centreId = centreOf(actor);
  const [rows, latest] = await Promise.all([repo.listSubscribers(db, centreId), repo.latestPosition(db, { centreId })]);
  return { subscribers: rows.map((r) => toView(r, latest)), latestPosition: latest };
}

function toView(r: repo.SubscriberRow, latest: number) {
  return {
    id: r.id,
    name: r.name,
    url: r.url,
    push: r.url !== null,
    active: r.active,
    status: !r.active ? ('disabled' as const) : r.failed_at ? ('failed' as const) : r.attempts > 0 ? ('retrying' as const) : ('ok' as const),
    deliveredPosition: r.delivered_position,
    behind: r.url ? Math.max(0, latest - r.delivered_position) : null,
    deliveredAt: r.delivered_at?.toISOString() ?? null,
    attempts: r.attempts,
    nextAttemptAt: r.attempts > 0 ? r.next_attempt_at.toISOString() : null,
    lastError: r.last_error,
    lastErrorAt: r.last_error_at?.toISOString() ?? null,
    failedAt: r.failed_at?.toISOString() ?? null,
    failedEventId: r.failed_event_id,
    tokenIssuedAt: r.token_issued_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  };
}

export type SubscriberView = ReturnType<typeof toView>;

/**
 * Registers a subscriber. With a URL it is pushed every event from now on (`fromStart` pushes the
 * whole history instead); the signing secret is generated unless given, and shown this once.
 */
export async function createSubscriber(
  db: Database,
  actor: Actor,
  input: { name: string; url: string | null; secret?: string; fromStart?: boolean },
): Promise<{ subscriber: SubscriberView; secret: string | null }> {
  const centreId = centreOf(actor);
  const secret = input.url ? (input.secret ?? newSecret()) : null;
  await sequenceFeed(db, { maxBatches: 1 });
  return db.transaction().execute(async (trx) => {
    const latest = await repo.latestPosition(trx, { centreId });
    const row = await trx
      .insertInto('feed_subscribers')
      .values({ centre_id: centreId, name: input.name, url: input.url, secret, created_by: actor.id, delivered_position: input.fromStart ? 0 : latest })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, { actorId: actor.id, action: 'feed.subscriber.create', targetType: 'feed_subscriber', targetId: String(row.id), detail: { name: input.name, url: input.url } });
    const created = await repo.findSubscriber(trx, centreId, row.id);
    return { subscriber: toView(created!, latest), secret };
  });
}

/** Renames, re-points or (de)activates a subscriber; moving to a URL for the first time needs a secret, generated here. */
export async function updateSubscriber(
  db: Database,
  actor: Actor,
  id: number,
  input: { name: string; url: string | null; active: boolean },
): Promise<{ secret: string | null }> {
  const centreId = centreOf(actor);
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('feed_subscribers').select(['secret']).where('id', '=', id).where('centre_id', '=', centreId).forUpdate().executeTakeFirst();
    if (!current) throw notFound('订阅方');
    const secret = input.url ? (current.secret ?? newSecret()) : null;
    await trx.updateTable('feed_subscribers').set({ name: input.name, url: input.url, secret, active: input.active }).where('id', '=', id).execute();
    await writeAudit(trx, { actorId: actor.id, action: 'feed.subscriber.update', targetType: 'feed_subscriber', targetId: String(id), detail: input });
    // Only a newly generated secret is shown; an existing one is never read back.
    return { secret: secret && !current.secret ? secret : null };
  });
}

async function updateOwned(db: Database, actor: Actor, id: number, action: string, values: Updateable<FeedSubscriberTable>) {
  const centreId = centreOf(actor);
  await db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable('feed_subscribers').set(values).where('id', '=', id).where('centre_id', '=', centreId).executeTakeFirst();
    if (updated.numUpdatedRows === 0n) throw notFound('订阅方');
    await writeAudit(trx, { actorId: actor.id, action, targetType: 'feed_subscriber', targetId: String(id) });
  });
}

/** A new signing secret, shown once; the old one stops working at the next push. */
export async function rotateSecret(db: Database, actor: Actor, id: number): Promise<{ secret: string }> {
  const found = await repo.findSubscriber(db, centreOf(actor), id);
  if (!found) throw notFound('订阅方');
  if (!found.url) throw new AppError('INVALID_STATE', '未配置推送地址的订阅方没有签名密钥');
  const secret = newSecret();
  await updateOwned(db, actor, id, 'feed.subscriber.secret', { secret });
  return { secret };
}

/** A new pull token (Bearer), shown once; the previous one stops working. */
export async function issueToken(db: Database, actor: Actor, id: number): Promise<{ token: string }> {
  const token = `${TOKEN_PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
  await updateOwned(db, actor, id, 'feed.subscriber.token', { token_hash: hashToken(token), token_issued_at: new Date() });
  return { token };
}

/** After the head event used up its retries: try it again from now, in order. */
export async function resumeSubscriber(db: Database, actor: Actor, id: number): Promise<void> {
  await updateOwned(db, actor, id, 'feed.subscriber.resume', { failed_at: null, failed_event_id: null, attempts: 0, next_attempt_at: new Date() });
}

export async function deleteSubscriber(db: Database, actor: Actor, id: number): Promise<void> {
  const centreId = centreOf(actor);
  await db.transaction().execute(async (trx) => {
    const deleted = await trx.deleteFrom('feed_subscribers').where('id', '=', id).where('centre_id', '=', centreId).executeTakeFirst();
    if (deleted.numDeletedRows === 0n) throw notFound('订阅方');
    await writeAudit(trx, { actorId: actor.id, action: 'feed.subscriber.delete', targetType: 'feed_subscriber', targetId: String(id) });
  });
}
