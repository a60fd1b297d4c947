import { sql } from 'kysely';
import { createDatabase, type Database } from './database.js';

/** What the read replica last said about itself. */
export interface ReplicaStatus {
  /** False when the replica did not answer: reads then go to the primary. */
  ok: boolean;
  /** Milliseconds its data is behind the primary (0 when it has replayed all it received). */
  lagMs: number | null;
  /** WAL received but not yet replayed, in bytes. */
  bytesBehind: number | null;
  /** False when the URL names a server that is not in recovery (a primary given as the read URL). */
  standby: boolean;
  /** Date.now() of the measurement. */
  measuredAt: number;
}

/**
 * The second pool for dashboards, statistics, big screens, exports and the public catalogue
 * (ONEWINDOW_READ_DATABASE_URL), with its lag measured at most once a second whatever the request
 * rate, so a busy dashboard costs the replica one small query a second and the primary nothing.
 */
export class ReadReplica {
  private last: ReplicaStatus | undefined;
  private pending: Promise<ReplicaStatus> | undefined;

  constructor(
    readonly db: Database,
    /** Beyond this lag (or when the replica is down) reads fall back to the primary. */
    readonly maxLagMs: number,
    private readonly refreshMs = 1_000,
    private readonly timeoutMs = 1_000,
  ) {}

  static connect(url: string, options: { maxLagMs: number; maxConnections?: number }): ReadReplica {
    return new ReadReplica(createDatabase(url, options.maxConnections ?? 10).db, options.maxLagMs);
  }

  /** The latest measurement, taken anew when older than a second (one query in flight at a time). */
  async status(): Promise<ReplicaStatus> {
    if (this.last && Date.now() - this.last.measuredAt < this.refreshMs) return this.last;
    this.pending ??= this.measure().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** Whether reads may go to the replica now: it answers and is no further behind than allowed. */
  async usable(): Promise<ReplicaStatus | null> {
    const status = await this.status();
    return status.ok && status.lagMs !== null && status.lagMs <= this.maxLagMs ? status : null;
  }

  private async measure(): Promise<ReplicaStatus> {
    let timer: NodeJS.Timeout | undefined;
    // A replica that hangs must not hang the dashboards with it: no answer in time counts as down.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('replica did not answer')), this.timeoutMs);
    });
    try {
      await Promise.race([this.measureOnce(), timeout]);
    } catch {
      this.last = { ok: false, lagMs: null, bytesBehind: null, standby: false, measuredAt: Date.now() };
    } finally {
      clearTimeout(timer);
    }
    return this.last!;
  }

  private async measureOnce(): Promise<void> {
    // Replay time alone would grow while the primary is idle (nothing to replay is not lag): a
    // standby streaming from its primary that has replayed everything it received is current. One
    // that lost its primary counts the time since its last replayed transaction.
    const { rows } = await sql<{ standby: boolean; lag_ms: number | null; bytes_behind: number | null }>`
        SELECT pg_is_in_recovery() AS standby,
               CASE WHEN NOT pg_is_in_recovery() THEN 0
                    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()
                     AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming') THEN 0
                    ELSE greatest(0, extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000)
               END::float8 AS lag_ms,
               CASE WHEN pg_is_in_recovery() THEN pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) ELSE 0 END::float8 AS bytes_behind`
        .execute(this.db);
    const row = rows[0]!;
    this.last = { ok: true, lagMs: row.lag_ms === null ? null : Math.round(row.lag_ms), bytesBehind: row.bytes_behind, standby: row.standby, measuredAt: Date.now() };
  }

  async close(): Promise<void> {
    await this.pending?.catch(() => undefined);
    await this.db.destroy();
  }
}
