import { sql } from 'kysely';
import type { Database, Tx } from '../../db/database.js';
import { toFeedEvent } from './format.js';
import * as repo from './repo.js';
import { sequenceFeed } from './sequencer.js';
import { FEED_HEADERS, signFeedBody } from './signature.js';

/** Exponential back-off: base, 2×base, 4×base … capped at `maxDelayMs`; after `maxAttempts` the subscriber is marked failed. */
export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
}

/** 10 s, 20 s, 40 s … an hour at most; twelve attempts span about five hours. */
export const DEFAULT_RETRY: RetryPolicy = { baseDelayMs: 10_000, maxDelayMs: 3_600_000, maxAttempts: 12 };

export interface PushOptions {
  retry?: RetryPolicy;
  /** A receiver that does not answer within this is a failed attempt. */
  timeoutMs?: number;
  /** Events pushed to one subscriber per claim. */
  batch?: number;
}

export interface PushResult {
  delivered: number;
  failedAttempts: number;
}

export function retryDelayMs(policy: RetryPolicy, attempts: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Push: every due subscriber gets its next events, one POST each, strictly in feed order. A
 * subscriber is claimed with FOR UPDATE SKIP LOCKED and held for the whole batch, so two server
 * processes never push to the same subscriber at once (which would break the order). A failure
 * stops the batch and retries the same event later; nothing after it is sent first.
 *
 * Delivery is at least once: a process dying after a 2xx but before its commit sends that event
 * again, so receivers de-duplicate by the event id header.
 */
export async function pushFeed(db: Database, options: PushOptions = {}): Promise<PushResult> {
  const retry = options.retry ?? DEFAULT_RETRY;
  const result: PushResult = { delivered: 0, failedAttempts: 0 };
  // About 100,000 events a tick: a bulk load of history is numbered over a few ticks, not in one.
  await sequenceFeed(db, { maxBatches: 20 });
  const handled: number[] = [];
  for (;;) {
    const claimed = await db.transaction().execute(async (trx) => {
      const subscriber = await repo.claimDueSubscriber(trx, handled);
      if (!subscriber) return false;
      handled.push(subscriber.id);
      await pushTo(trx, subscriber, retry, options, result);
      return true;
    });
    if (!claimed) return result;
  }
}

type Claimed = NonNullable<Awaited<ReturnType<typeof repo.claimDueSubscriber>>>;

async function pushTo(trx: Tx, subscriber: Claimed, retry: RetryPolicy, options: PushOptions, result: PushResult): Promise<void> {
  const rows = await repo.readFeed(trx, { after: subscriber.delivered_position, limit: options.batch ?? 100, scope: { centreId: subscriber.centre_id } });
  let attempts = subscriber.attempts;
  for (const row of rows) {
    const event = toFeedEvent(row);
    const error = await post(subscriber.url!, subscriber.secret!, event.id, JSON.stringify(event), options.timeoutMs ?? 10_000);
    if (error === null) {
      attempts = 0;
      await trx
        .updateTable('feed_subscribers')
        .set({ delivered_position: row.position, delivered_at: sql`now()`, attempts: 0, next_attempt_at: sql`now()` })
        .where('id', '=', subscriber.id)
        .execute();
      result.delivered++;
      continue;
    }
    attempts++;
    result.failedAttempts++;
    const gaveUp = attempts >= retry.maxAttempts;
    await trx
      .updateTable('feed_subscribers')
      .set({
        attempts,
        last_error: `事件 ${event.id}: ${error}`.slice(0, 500),
        last_error_at: sql`now()`,
        next_attempt_at: sql`now() + make_interval(secs => ${retryDelayMs(retry, attempts) / 1000})`,
        failed_at: gaveUp ? sql`now()` : null,
        failed_event_id: gaveUp ? event.id : null,
      })
      .where('id', '=', subscriber.id)
      .execute();
    return;
  }
}

/**
 * One signed POST. Returns null on a 2xx, else a short reason for the admin page. The reason
 * names the status or the network error only: never the secret, the URL's credentials or the
 * receiver's body.
 */
async function post(url: string, secret: string, eventId: number, body: string, timeoutMs: number): Promise<string | null> {
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'onewindow-feed/1',
        [FEED_HEADERS.eventId]: String(eventId),
        [FEED_HEADERS.timestamp]: String(timestamp),
        [FEED_HEADERS.signature]: signFeedBody(secret, timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Drain the body so the connection is released; its content is not ours to keep.
    await response.arrayBuffer().catch(() => undefined);
    return response.ok ? null : `HTTP ${response.status}`;
  } catch (error) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `${timeoutMs} 毫秒内无响应（超时）`;
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const code = (cause as { code?: unknown })?.code;
    return typeof code === 'string' ? `网络错误 ${code}` : '网络错误';
  }
}

/** Runs the sequencer and the push every `intervalMs` until stopped; errors are logged, never fatal. */
export function startFeedDispatcher(db: Database, onError: (error: unknown) => void, intervalMs = 1000, options: PushOptions = {}): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    // A slow receiver must not pile up ticks behind it.
    if (busy) return;
    busy = true;
    running = pushFeed(db, options)
      .catch(onError)
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
