import pg from 'pg';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import type { DB } from './schema.js';
import { clockOffsetMs } from '../util/clock.js';
import { nameMarkedStatements } from './prepared.js';

// DATE columns stay 'YYYY-MM-DD' strings: a JS Date would shift them by the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
// COUNT(*) and bigserial ids stay well inside 2^53 here; numbers are easier for every caller.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export type Database = Kysely<DB>;
export type Tx = Transaction<DB>;
/** Either the database or an open transaction: repositories accept both. */
export type Executor = Kysely<DB>;

export function createDatabase(connectionString: string, maxConnections = 10, settings: Record<string, string> = {}): { db: Database; pool: pg.Pool } {
  const offset = Math.round(clockOffsetMs());
  // A pinned clock (tests) reaches SQL's clock_now() and china_today() through this setting.
  const all = offset === 0 ? settings : { ...settings, 'onewindow.clock_offset_ms': String(offset) };
  const options = Object.keys(all).length ? Object.entries(all).map(([name, value]) => `-c ${name}=${value}`).join(' ') : undefined;
  const pool = new pg.Pool({ connectionString, max: maxConnections, options });
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => {});
  // Nor may a client that is checked out when the database dies: node-postgres fails its query
  // (the caller answers 503) and then also emits 'error' on the client, which the pool listens
  // for only while the client is idle; unheard, that event would end the process.
  pool.on('connect', (client) => {
    client.on('error', () => {});
    nameMarkedStatements(client);
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool };
}
