/**
 * What one online submission costs, measured per submission on a PostgreSQL of its own: the Node
 * process's CPU (user and system), the CPU of its PostgreSQL cluster's processes, round trips from Node,
 * commits, WAL records and bytes, and the statements by pg_stat_statements (top level and nested:
 * the foreign-key checks and statement triggers the submission's one statement sets off). One
 * submission after another through the service layer, each with a fresh Idempotency-Key as the
 * web app sends, so the figures are per submission and not blurred by queueing:
 *
 *   npx tsx bench/submission-anatomy.ts              (1,000 submissions, 2 rounds; N=… ROUNDS=… to change)
 *   SOCKET=1 npx tsx bench/submission-anatomy.ts     (Node talks to PostgreSQL over a Unix socket)
 *
 * Not part of `npm run bench`; docs/benchmarks.md quotes it. Run it with
 * `node --import tsx --cpu-prof bench/submission-anatomy.ts` to see where the Node CPU goes.
 */
import os from 'node:os';
import fs from 'node:fs/promises';
import path from 'node:path';
import crypto from 'node:crypto';
import pg from 'pg';
import { startEmbeddedPostgres } from '../server/src/db/embedded.js';
import { createBenchDatabase, postgresCpuSeconds, watchQueries } from './lib/postgres.js';
import { makeBenchWorld } from './lib/world.js';
import { submitApplication } from '../server/src/modules/cases/service.js';

const N = Number(process.env.N ?? 1000);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const APPLICANTS = 4;

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'submission-anatomy-'));
// The postgres system user (root runs it as one) must reach the cluster and the socket.
await fs.chmod(dir, 0o755);
const socketDir = process.env.SOCKET ? path.join(dir, 's') : undefined;
if (socketDir) {
  await fs.mkdir(socketDir);
  await fs.chmod(socketDir, 0o777);
}
const server = await startEmbeddedPostgres({
  dir: path.join(dir, 'pg'),
  settings: {
    shared_preload_libraries: 'pg_stat_statements',
    'pg_stat_statements.track': 'all',
    shared_buffers: '256MB',
    ...(socketDir && { unix_socket_directories: socketDir }),
  },
});
// A percent-encoded path as the host is a Unix socket to node-postgres; the port names its file.
const adminUrl = socketDir ? server.url().replace('@127.0.0.1:', `@${encodeURIComponent(socketDir)}:`) : server.url();

let roundTrips = 0;
const stopWatching = watchQueries(() => roundTrips++);

const database = await createBenchDatabase(adminUrl, 'anatomy', 4);
const { db } = database;
const admin = new pg.Client({ connectionString: database.url });
await admin.connect();
await admin.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
const world = await makeBenchWorld(db, APPLICANTS);
const submit = (i: number) =>
  submitApplication({ db, actor: world.applicantActors[i % APPLICANTS]!, itemId: world.item.id, formData: world.formData, idempotencyKey: crypto.randomUUID() });

const walStats = async () =>
  (await admin.query(`SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database())::float8 AS commits, wal_records::float8 AS records, wal_bytes::float8 AS bytes FROM pg_stat_wal`)).rows[0];

for (let i = 0; i < 50; i++) await submit(i);
console.log(`${N} submissions per round, one after another, ${socketDir ? 'Unix socket' : 'loopback TCP'}`);
for (let round = 1; round <= ROUNDS; round++) {
  await admin.query('SELECT pg_stat_statements_reset()');
  const wal0 = await walStats();
  const trips0 = roundTrips;
  const pg0 = postgresCpuSeconds(path.join(dir, 'pg'));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await submit(i);
  const elapsed = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const pgMs = (postgresCpuSeconds(path.join(dir, 'pg')) - pg0) * 1000;
  const wal1 = await walStats();
  const per = (v: number) => (v / N).toFixed(3);
  console.log(
    `round ${round}: ${(elapsed / N).toFixed(2)} ms each; Node CPU ${per((cpu.user + cpu.system) / 1000)} ms (system ${per(cpu.system / 1000)}), ` +
      `PostgreSQL CPU ${per(pgMs)} ms, round trips ${((roundTrips - trips0) / N).toFixed(2)}, commits ${((wal1.commits - wal0.commits) / N).toFixed(2)}, ` +
      `WAL ${((wal1.records - wal0.records) / N).toFixed(1)} records, ${((wal1.bytes - wal0.bytes) / N).toFixed(0)} bytes`,
  );
}
// A foreign-key check against a case should find it through the partition's primary key.
const scans = await admin.query(`SELECT relname, seq_scan, idx_scan FROM pg_stat_user_tables WHERE relname LIKE 'cases\\_%' ESCAPE '\\' ORDER BY relname`);
console.log(`case partitions, sequential / index scans: ${scans.rows.map((r) => `${r.relname} ${r.seq_scan} / ${r.idx_scan}`).join(', ')}`);
const { rows } = await admin.query(
  `SELECT calls, toplevel, total_exec_time / calls AS exec, left(regexp_replace(query, '\\s+', ' ', 'g'), 140) AS q
     FROM pg_stat_statements
    WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat%'
    ORDER BY total_exec_time DESC LIMIT 20`,
);
console.log('statements of the last round (per submission: calls, mean execution time):');
for (const r of rows) console.log(`  ${(r.calls / N).toFixed(2)}× ${r.toplevel ? 'top   ' : 'nested'} ${r.exec.toFixed(3)} ms  ${r.q}`);

stopWatching();
await admin.end();
await database.drop();
await server.stop();
await fs.rm(dir, { recursive: true, force: true });
process.exit(0);
