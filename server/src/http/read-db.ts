import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.js';

/** Set on a browser that has just written: its reads stay on the primary for a while (read-your-writes). */
export const WROTE_COOKIE = 'ow_wrote';
/** Tells the caller the answer came from the read replica and how far behind it was, in ms. */
export const REPLICA_LAG_HEADER = 'x-read-replica-lag-ms';

declare module 'fastify' {
  interface FastifyRequest {
    /** Replica lag (ms) when this request's reads were served by the read replica. */
    replicaLagMs: number | null;
  }
}

/**
 * The connection for a read that tolerates a moment's staleness (dashboards, statistics, big
 * screens, exports, the public catalogue): the read replica when one is configured, answers, is
 * no further behind than ONEWINDOW_READ_MAX_LAG_MS, and the caller has not just written;
 * otherwise the primary. Everything else (a case's own page, what follows a write) reads `deps.db`.
 */
export async function readDb(request: FastifyRequest): Promise<Database> {
  const { db, readReplica } = request.server.deps;
  if (!readReplica || request.cookies[WROTE_COOKIE]) return db;
  const status = await readReplica.usable();
  if (!status) return db;
  request.replicaLagMs = status.lagMs;
  return readReplica.db;
}

/**
 * Marks each successful write with a short-lived cookie, so that browser's next reads go to the
 * primary until the replica must have replayed the write: the replica serves only while its lag is
 * at most maxLagMs, measured at most a second earlier, so maxLagMs plus two seconds covers it.
 * Only with a replica configured (without one every read is on the primary anyway).
 */
export function registerReadRouting(app: FastifyInstance): void {
  app.decorateRequest('replicaLagMs', null);
  const replica = app.deps.readReplica;
  if (!replica) return;
  const seconds = Math.ceil(replica.maxLagMs / 1000) + 2;
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.replicaLagMs !== null) reply.header(REPLICA_LAG_HEADER, String(request.replicaLagMs));
    const write = request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'OPTIONS';
    if (write && reply.statusCode < 400) {
      reply.setCookie(WROTE_COOKIE, '1', { path: '/', httpOnly: true, sameSite: 'lax', secure: app.deps.config.cookieSecure, maxAge: seconds });
    }
    return payload;
  });
}
