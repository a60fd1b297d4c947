import pg from 'pg';
import { Kysely, PostgresDialect, type PostgresPoolClient, type PostgresQueryResult, type Transaction } from 'kysely';
import type { DB } from './schema.js';
import { clockOffsetMs } from '../util/clock.js';
import { isNamedStatement, nameMarkedStatements } from './prepared.js';

// DATE columns stay 'YYYY-MM-DD' strings: a JS Date would shift them by the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
// COUNT(*) and bigserial ids stay well inside 2^53 here; numbers are easier for every caller.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export type Database = Kysely<DB>;
export type Tx = Transaction<DB>;
/** Either the database or an open transaction: repositories accept both. */
export type Executor = Kysely<DB>;

export function createDatabase(connectionString: string, maxConnections = 10, settings: Record<string, string> = {}): { db: Database; pool: pg.Pool; keyedPool: pg.Pool } {
  const offset = Math.round(clockOffsetMs());
  // A pinned clock (tests) reaches SQL's clock_now() and china_today() through this setting.
  const all = offset === 0 ? settings : { ...settings, 'onewindow.clock_offset_ms': String(offset) };
  const pool = connectionPool(connectionString, maxConnections, all);
  const keyed = connectionPool(connectionString, maxConnections, { ...all, plan_cache_mode: 'force_generic_plan' });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new RoutedPool(pool, keyed) }) });
  return { db, pool, keyedPool: keyed };
}

function connectionPool(connectionString: string, max: number, settings: Record<string, string>): pg.Pool {
  const options = Object.keys(settings).length ? Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`).join(' ') : undefined;
  const pool = new pg.Pool({ connectionString, max, options });
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => {});
  // Nor may a client that is checked out when the database dies: node-postgres fails its query
  // (the caller answers 503) and then also emits 'error' on the client, which the pool listens
  // for only while the client is idle; unheard, that event would end the process.
  pool.on('connect', (client) => {
    client.on('error', () => {});
    nameMarkedStatements(client);
  });
  return pool;
}

/**
 * Kysely's pool: a named statement (db/prepared.ts: a lookup by a key) that runs on its own gets
 * a connection from `keyed`, whose sessions always use the statement's generic plan; everything
 * else (transactions, dashboards, unnamed statements) one from `plain`.
 *
 * Why two: `cases` is partitioned, and PostgreSQL costs a generic plan over every partition, so it
 * never prefers it and plans each execution of a statement by case id anew, and each foreign-key
 * check into `cases` too (0.14 → 0.35 ms per referencing insert). The generic plan prunes to one
 * partition when it runs. But forcing generic plans on every connection would also stop
 * `status = $1` from matching the partial indexes, so only the named statements get them; the
 * foreign-key checks fired by a named statement (a step's timeline row, a submission's notice) run
 * in its session and get them as well. The two pools each hold up to `max` connections, closed
 * when idle for 10 s.
 */
class RoutedPool {
  constructor(
    private readonly plain: pg.Pool,
    private readonly keyed: pg.Pool,
  ) {}

  connect(): Promise<PostgresPoolClient> {
    return Promise.resolve(new RoutedClient(this.plain, this.keyed) as unknown as PostgresPoolClient);
  }

  async end(): Promise<void> {
    await Promise.all([this.plain.end(), this.keyed.end()]);
  }
}

/** A connection taken from one of the two pools at its first statement, which decides which (see RoutedPool). */
class RoutedClient {
  private client: pg.PoolClient | undefined;

  constructor(
    private readonly plain: pg.Pool,
    private readonly keyed: pg.Pool,
  ) {}

  async query<R>(text: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>> {
    if (typeof text !== 'string') throw new Error('cursors are not supported on this pool');
    this.client ??= await (isNamedStatement(text) ? this.keyed : this.plain).connect();
    return (await this.client.query(text, parameters as unknown[])) as unknown as PostgresQueryResult<R>;
  }

  release(): void {
    this.client?.release();
    this.client = undefined;
  }
}
