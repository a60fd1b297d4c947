/**
 * Where a transition waits, at 8, 16 and 32 workers in one process: throughput and latency by
 * step, statements sent by kind (so retries show), event-loop delay, pool waiters, the machine's
 * CPU (Node, PostgreSQL, idle) and WAL fsyncs. On a PostgreSQL of its own, as the bench's
 * (fsync and synchronous commit on). Not part of `npm run bench`; run it under the bench lock:
 *
 *   flock /work/coord/bench.lock npx tsx bench/transition-probe.ts      (LEVELS=8,32 SECONDS=8 POOL=…)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import { createBenchDatabase, startBenchPostgres, watchQueries } from './lib/postgres.js';
import { percentile } from './lib/stats.js';
import { caseWalker } from './lib/transition-steps.js';
import { makeBenchWorld, submitMany } from './lib/world.js';

const LEVELS = (process.env.LEVELS ?? '8,16,32').split(',').map(Number);
const SECONDS = Number(process.env.SECONDS ?? 8);
const STEP_NAMES = ['accept', 'claim', 'review', 'approve', 'issue'];

// Statements by kind, counted where the pool's clients send them.
const sent = new Map<string, number>();
const kindOf = (text: string) =>
  /decision_number_series/.test(text) && /insert/i.test(text) ? 'step+serial'
  : /SELECT \(SELECT last FROM decision_number_series/.test(text) ? 'peek serial'
  : /pg_logical_emit_message/.test(text) ? 'flush'
  : /pg_notify/.test(text) ? 'notify'
  : /^with "moved"|^with "locked"/i.test(text) ? 'step'
  : /^(begin|commit|rollback)/i.test(text) ? text.toLowerCase()
  : 'read';
const stopWatching = watchQueries((text) => {
  const kind = kindOf(text);
  sent.set(kind, (sent.get(kind) ?? 0) + 1);
});

/** CPU ticks: the machine's (busy and all) and every postgres process's. */
function ticks() {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  const idle = cpu[3]! + cpu[4]!;
  const all = cpu.reduce((a, b) => a + b, 0);
  let postgres = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const name = /\(([^)]*)\)/.exec(stat)?.[1] ?? '';
      if (!name.startsWith('postgres')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      postgres += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone
    }
  }
  return { busy: all - idle, all, postgres };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'transition-probe-'));
// PostgreSQL may run as another user than this process (as in the anatomy script).
fs.chmodSync(dir, 0o755);
const server = await startBenchPostgres(path.join(dir, 'pg'), console.log);
const admin = new pg.Client({ connectionString: server.url() });
await admin.connect();
try {
  for (const workers of LEVELS) {
    const poolSize = Number(process.env.POOL ?? workers);
    const database = await createBenchDatabase(server.url(), `probe_${workers}`, poolSize);
    const { db } = database;
    const world = await makeBenchWorld(db, 4);
    const queue = await submitMany(db, world, Math.ceil((1500 * (SECONDS + 2)) / 5));
    const walk = caseWalker(db, { clerkActor: world.clerkActor, reviewerActor: world.reviewerActor }, queue, workers);
    const position = Array.from({ length: workers }, () => 0);
    const byStep: number[][] = STEP_NAMES.map(() => []);
    const step = async (worker: number) => {
      const t0 = performance.now();
      await walk(worker);
      byStep[position[worker]! % 5]!.push(performance.now() - t0);
      position[worker]!++;
    };
    // Warm-up, then the timed phase.
    const end0 = Date.now() + 1000;
    await Promise.all(Array.from({ length: workers }, async (_, w) => { while (Date.now() < end0) await step(w); }));
    for (const list of byStep) list.length = 0;
    sent.clear();
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const wal0 = (await admin.query('SELECT wal_sync::float8 s, wal_sync_time::float8 t FROM pg_stat_wal')).rows[0];
    const t0 = ticks();
    const cpu0 = process.cpuUsage();
    let errors = 0;
    let firstError: unknown;
    const started = performance.now();
    const end = Date.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: workers }, async (_, w) => {
        while (Date.now() < end) {
          try {
            await step(w);
          } catch (error) {
            errors++;
            firstError ??= error;
            position[w]!++;
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const t1 = ticks();
    delay.disable();
    const wal1 = (await admin.query('SELECT wal_sync::float8 s, wal_sync_time::float8 t FROM pg_stat_wal')).rows[0];
    const ops = byStep.reduce((n, l) => n + l.length, 0);
    const hz = 100;
    const machine = (t1.all - t0.all) / hz;
    console.log(`\n== ${workers} workers, pool ${poolSize}: ${(ops / seconds).toFixed(0)} tx/s, ${errors} errors${firstError ? ` (${(firstError as Error).message})` : ''}`);
    for (const [i, name] of STEP_NAMES.entries()) {
      const l = byStep[i]!;
      console.log(`  ${name.padEnd(8)} n ${l.length}, p50 ${percentile(l, 50).toFixed(1)} ms, p99 ${percentile(l, 99).toFixed(1)} ms`);
    }
    console.log(`  statements per transition: ${[...sent.entries()].map(([k, n]) => `${k} ${(n / ops).toFixed(2)}`).join(', ')}`);
    console.log(`  event-loop delay: mean ${(delay.mean / 1e6).toFixed(2)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms`);
    console.log(`  CPU: node ${((cpu.user + cpu.system) / 1000 / ops).toFixed(2)} ms/tx (${(((cpu.user + cpu.system) / 1e6 / seconds) * 100).toFixed(0)}% of a core); postgres ${(((t1.postgres - t0.postgres) / hz) * 1000 / ops).toFixed(2)} ms/tx (${(((t1.postgres - t0.postgres) / hz / seconds) * 100).toFixed(0)}%); machine busy ${(((t1.busy - t0.busy) / (t1.all - t0.all)) * 100).toFixed(0)}% of ${os.cpus().length} cores over ${machine.toFixed(1)} core-s`);
    console.log(`  WAL fsyncs ${wal1.s - wal0.s} (${((wal1.t - wal0.t) / (wal1.s - wal0.s)).toFixed(2)} ms each, ${(((wal1.t - wal0.t) / 1000 / seconds) * 100).toFixed(0)}% of the time), ${(ops / (wal1.s - wal0.s)).toFixed(2)} transitions per fsync`);
    await database.drop();
  }
} finally {
  await admin.end();
  await server.stop();
  stopWatching();
}
process.exit(0);
