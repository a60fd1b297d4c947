import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

/** 等保 level 3 keeps access records at least six months; the sweep never goes below this. */
export const MIN_ACCESS_LOG_DAYS = 183;
const FLUSH_MS = 1_000;
const FLUSH_ROWS = 500;

interface AccessRow {
  at: Date;
  user_id: number | null;
  method: string;
  route: string;
  status: number;
  ip: string | null;
  ms: number;
}

/**
 * 访问日志: one row per API request of a logged-in user (and every login attempt), written in
 * batches once a second so a busy server pays one INSERT per second, not one per request. The
 * route pattern is kept, not the URL: query strings may carry personal data.
 */
export function registerAccessLog(app: FastifyInstance, db: Database): void {
  let buffer: AccessRow[] = [];
  let flushing: Promise<void> = Promise.resolve();
  const flush = () => {
    if (!buffer.length) return flushing;
    const rows = buffer;
    buffer = [];
    flushing = flushing
      .then(() => db.insertInto('access_log').values(rows).execute())
      .then(
        () => undefined,
        (error: unknown) => app.log.error({ err: error, rows: rows.length }, 'access log write failed'),
      );
    return flushing;
  };
  const timer = setInterval(() => void flush(), FLUSH_MS);
  timer.unref();
  // A callback hook: most requests (anonymous lookups) record nothing and need no promise.
  app.addHook('onResponse', (request, reply, done) => {
    if (!request.url.startsWith('/api/')) return done();
    const route = request.routeOptions.url ?? 'unmatched';
    if (!request.actor && !route.startsWith('/api/auth/')) return done();
    buffer.push({
      at: new Date(),
      user_id: request.actor?.id ?? null,
      method: request.method,
      route,
      status: reply.statusCode,
      ip: request.ip,
      ms: Math.round(reply.elapsedTime),
    });
    if (buffer.length >= FLUSH_ROWS) void flush();
    done();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await flush();
  });
  app.decorate('flushAccessLog', flush);
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Writes the buffered access records now (tests; shutdown does it by itself). */
    flushAccessLog(): Promise<void>;
  }
}

/** Months of access_log partitions kept made ahead of the current one. */
const PARTITIONS_AHEAD = 3;

/**
 * Makes the monthly partitions of access_log from the current month to three months ahead (and
 * moves into them any rows the default partition caught meanwhile). @returns partitions made
 */
export async function ensureAccessLogPartitions(db: Database, fromDay?: string): Promise<number> {
  const { rows } = await sql<{ made: number }>`
    SELECT access_log_ensure_partitions(coalesce(${fromDay ?? null}::date, (now() AT TIME ZONE 'Asia/Shanghai')::date), ${PARTITIONS_AHEAD + 1}) AS made`.execute(db);
  return rows[0]!.made;
}

/**
 * Removes records older than `days` (never fewer than six months): whole months by dropping their
 * partitions, the rest of the boundary month row by row. @returns rows removed
 */
export async function sweepAccessLog(db: Database, days: number): Promise<number> {
  const keep = Math.max(days, MIN_ACCESS_LOG_DAYS);
  return db.transaction().execute(async (trx) => {
    const cutoff = (await sql<{ at: Date }>`SELECT now() - make_interval(days => ${keep}) AS at`.execute(trx)).rows[0]!.at;
    const dropped = (await sql<{ n: number }>`SELECT access_log_drop_partitions_before(${cutoff}) AS n`.execute(trx)).rows[0]!.n;
    const result = await trx.deleteFrom('access_log').where('at', '<', cutoff).executeTakeFirst();
    return dropped + Number(result.numDeletedRows);
  });
}

/** Makes next months' partitions and runs the retention sweep, once at start and then daily. */
export function startAccessLogSweep(db: Database, days: number, onError: (error: unknown) => void): () => void {
  const run = () =>
    void ensureAccessLogPartitions(db)
      .then(() => sweepAccessLog(db, days))
      .catch(onError);
  run();
  const timer = setInterval(run, 24 * 3_600_000);
  timer.unref();
  return () => clearInterval(timer);
}
