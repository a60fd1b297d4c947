/**
 * What one case transition costs the database, step by step (受理, 认领, 审查, 准予, 出件):
 * round trips from the Node process, statements by pg_stat_statements (top level and nested:
 * foreign-key checks, triggers), commits, and WAL records by type (pg_walinspect). Run one case
 * after another on a PostgreSQL of its own, so the figures are per transition and exact:
 *
 *   npx tsx bench/transition-anatomy.ts          (N=200 cases; N=… to change)
 *
 * Also lists the indexes, foreign keys and triggers of the tables a step writes. Not part of
 * `npm run bench`; docs/benchmarks.md quotes it.
 */
import os from 'node:os';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../server/src/db/embedded.js';
import { createBenchDatabase, watchQueries } from './lib/postgres.js';
import { makeBenchWorld, submitMany } from './lib/world.js';
import { acceptCase, approveCase, claimCase, completeReview, issueResult } from '../server/src/modules/cases/service.js';

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'trans-probe-'));
await fs.chmod(dir, 0o755);
const server = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), settings: { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all', 'pg_stat_statements.track_planning': 'on', shared_buffers: '256MB' } });
let roundTrips = 0;
const stopWatching = watchQueries(() => roundTrips++);
const database = await createBenchDatabase(server.url(), 'probe', 4);
const { db } = database;
const admin = new pg.Client({ connectionString: database.url });
await admin.connect();
await admin.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
await admin.query('CREATE EXTENSION IF NOT EXISTS pg_walinspect');
const idx = await admin.query(`SELECT indexrelid::regclass::text AS i, pg_get_indexdef(indexrelid) d FROM pg_index WHERE indrelid IN ('cases'::regclass,'case_events'::regclass,'notifications'::regclass,'outbox'::regclass)`);
for (const r of idx.rows) console.log('IDX', r.d);
const fk = await admin.query(`SELECT conrelid::regclass::text t, conname, pg_get_constraintdef(oid) d FROM pg_constraint WHERE contype='f' AND conrelid IN ('cases'::regclass,'case_events'::regclass,'notifications'::regclass,'outbox'::regclass)`);
for (const r of fk.rows) console.log('FK', r.t, r.d);
const tg = await admin.query(`SELECT tgrelid::regclass::text t, tgname FROM pg_trigger WHERE NOT tgisinternal`);
for (const r of tg.rows) console.log('TRIG', r.t, r.tgname);
const world = await makeBenchWorld(db, 2);
const N = Number(process.env.N ?? 200);
const ids = await submitMany(db, world, N + 5);
const steps = {
  accept: (id: string) => acceptCase({ db, actor: world.clerkActor, caseId: id }),
  claim: (id: string) => claimCase({ db, actor: world.reviewerActor, caseId: id }),
  complete_review: (id: string) => completeReview({ db, actor: world.reviewerActor, caseId: id, opinion: '材料齐全，符合法定条件' }),
  approve: (id: string) => approveCase({ db, actor: world.reviewerActor, caseId: id, opinion: '准予许可' }),
  issue: (id: string) => issueResult({ db, actor: world.clerkActor, caseId: id, delivery: { method: 'window' } }),
};
// warm
for (const id of ids.slice(0, 5)) for (const s of Object.values(steps)) await s(id);
const work = ids.slice(5);
const stat = async () => (await admin.query(`SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname=current_database())::float8 AS commits, wal_records::float8 AS rec, wal_bytes::float8 AS bytes, wal_fpi::float8 fpi FROM pg_stat_wal`)).rows[0];
for (const [name, s] of Object.entries(steps)) {
  await admin.query('SELECT pg_stat_statements_reset()');
  await new Promise((r) => setTimeout(r, 1200));
  const before = await stat();
  const lsn0 = (await admin.query('SELECT pg_current_wal_lsn() l')).rows[0].l;
  const rt0 = roundTrips;
  for (const id of work) await s(id);
  await new Promise((r) => setTimeout(r, 1200));
  const after = await stat();
  const rts = (roundTrips - rt0) / work.length;
  const { rows } = await admin.query(`SELECT calls, rows, toplevel, total_plan_time / calls AS plan, total_exec_time / calls AS exec, left(regexp_replace(query, '\\s+', ' ', 'g'), 150) q FROM pg_stat_statements WHERE dbid=(SELECT oid FROM pg_database WHERE datname=current_database()) AND query NOT LIKE '%pg_stat%' AND query NOT LIKE '%xact_commit%' ORDER BY calls DESC`);
  console.log(`\n== ${name}: round trips ${rts.toFixed(2)}, commits ${((after.commits - before.commits) / work.length).toFixed(2)} (read-only ones included), WAL records ${((after.rec - before.rec) / work.length).toFixed(1)}, bytes ${((after.bytes - before.bytes) / work.length).toFixed(0)}, fpi ${((after.fpi - before.fpi) / work.length).toFixed(2)}`);
  const ws = await admin.query(`SELECT "resource_manager/record_type" t, count, combined_size FROM pg_get_wal_stats($1, pg_current_wal_lsn(), true) WHERE count > 0 ORDER BY count DESC`, [lsn0]);
  console.log('  WAL: ' + ws.rows.map((r: any) => `${r.t} ${(r.count / work.length).toFixed(2)}`).join(', '));
  for (const r of rows) console.log(`  ${(r.calls / work.length).toFixed(2)}x ${r.toplevel ? 'top' : 'nested'} plan ${r.plan.toFixed(3)} ms, run ${r.exec.toFixed(3)} ms: ${r.q}`);
}
stopWatching();
await admin.end();
await database.drop();
await server.stop();
process.exit(0);
