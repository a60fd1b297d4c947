import pg from 'pg';

/**
 * Samples pg_stat_activity every few milliseconds while `work` runs: for each active backend of
 * the database, its wait event (or CPU when it waits for nothing). The shares say where the
 * database time went — e.g. `IO:WALSync` for the commit flush, `Lock:transactionid` for row locks.
 * Also reports the WAL written per operation (pg_current_wal_lsn before and after).
 */
export async function profileDatabase<T>(
  adminUrl: string,
  database: string,
  work: () => Promise<T>,
): Promise<{ result: T; waits: { event: string; share: number }[]; walBytes: number; walPerOp: number | null; lines: string[] }> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const counts = new Map<string, number>();
  let samples = 0;
  let stop = false;
  const lsnBefore = (await client.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]!.lsn;
  const walBefore = await walStats(client);
  const sampler = (async () => {
    while (!stop) {
      const { rows } = await client.query<{ event: string }>(
        `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS event
           FROM pg_stat_activity
          WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
        [database],
      );
      for (const r of rows) counts.set(r.event, (counts.get(r.event) ?? 0) + 1);
      samples += rows.length;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  let result: T;
  try {
    result = await work();
  } finally {
    stop = true;
    await sampler;
  }
  const { rows } = await client.query<{ bytes: string }>('SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::bigint AS bytes', [lsnBefore]);
  // Backends report WAL statistics when idle, at most once a second.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const walAfter = await walStats(client);
  await client.end();
  const walBytes = Number(rows[0]!.bytes);
  const waits = [...counts.entries()]
    .map(([event, n]) => ({ event, share: samples ? n / samples : 0 }))
    .sort((a, b) => b.share - a.share);
  const ops = (result as { ops?: number; ok?: number }).ops ?? (result as { ok?: number }).ok;
  const walPerOp = ops ? walBytes / ops : null;
  const lines = [
    `database time by wait event (${samples} samples of active backends): ` +
      waits
        .slice(0, 6)
        .map((w) => `${w.event} ${(w.share * 100).toFixed(0)}%`)
        .join(', '),
    ...(walPerOp !== null ? [`WAL written: ${(walPerOp / 1024).toFixed(2)} kB per operation`] : []),
    ...(ops ? [describeWal(walBefore, walAfter, ops)] : []),
  ];
  return { result, waits, walBytes, walPerOp, lines };
}

interface WalStats {
  records: number;
  fpi: number;
  bytes: number;
  syncs: number;
  syncMs: number;
}

async function walStats(client: pg.Client): Promise<WalStats> {
  const { rows } = await client.query<WalStats>(
    `SELECT wal_records::float8 AS records, wal_fpi::float8 AS fpi, wal_bytes::float8 AS bytes,
            wal_sync::float8 AS syncs, wal_sync_time::float8 AS "syncMs" FROM pg_stat_wal`,
  );
  return rows[0]!;
}

/** WAL records and full-page images per operation, and what one fsync cost and carried. */
function describeWal(before: WalStats, after: WalStats, ops: number): string {
  const d = (k: keyof WalStats) => after[k] - before[k];
  const syncs = d('syncs');
  return (
    `per operation: ${(d('records') / ops).toFixed(1)} WAL records, ${(d('fpi') / ops).toFixed(2)} full-page images; ` +
    `${syncs} WAL fsyncs, ${syncs ? (d('syncMs') / syncs).toFixed(2) : '–'} ms each, ${syncs ? (ops / syncs).toFixed(1) : '–'} operations per fsync`
  );
}
