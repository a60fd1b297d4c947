/**
 * Case transitions per second through the service layer (`acceptCase`, `claimCase`,
 * `completeReview`, `approveCase`, `issueResult`): each one transaction that locks the case,
 * writes its state, its SM3-chained timeline row and the applicant's notification and SMS outbox
 * row. At 8, 16 and 32 concurrent workers, against pgbench TPC-B at 8 clients on the same server
 * in the same run, twice: driven from this one process, and spread over as many processes as
 * `npm start` runs workers (one per core; BENCH_WORKERS to change), each with its own pool, which
 * is how the issue judges it. A profile of wait events and WAL per transition is taken each time.
 */
import os from 'node:os';
import { profileThisProcess } from './lib/cpuprofile.js';
import { runConcurrent } from './lib/stats.js';
import { startTransitionProcesses } from './lib/transition-procs.js';
import { caseWalker } from './lib/transition-steps.js';
import type { BenchContext, BenchModuleMeta, BenchRow } from './lib/types.js';
import { profileDatabase } from './lib/waits.js';
import { makeBenchWorld, submitMany } from './lib/world.js';

export const meta: BenchModuleMeta = {
  description: 'case transitions per second through the service layer at 8/16/32 workers, one process and all processes, vs pgbench TPC-B',
};

export const LEVELS = [8, 16, 32];

/** Processes of the "all workers" runs: one per core, as `npm start`. */
const PROCESSES = Math.max(1, Number(process.env.BENCH_WORKERS ?? os.availableParallelism()));

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const pgbench = await ctx.pgbench();
  const rows: BenchRow[] = [];
  const baseline = { label: 'pgbench TPC-B, 8 clients', value: pgbench.tps, unit: 'tps' };
  for (const workers of LEVELS) {
    const database = await ctx.createDatabase({ name: `transitions_${workers}`, poolSize: workers });
    try {
      const { db } = database;
      const world = await makeBenchWorld(db, 4);
      const actors = { clerkActor: world.clerkActor, reviewerActor: world.reviewerActor };
      // Enough submitted cases that no worker runs dry (5 transitions each) in either run, made
      // before timing. Sized from pgbench (capped: making cases is itself the slow part of this module).
      const perRun = Math.ceil((Math.min(Math.max(pgbench.tps, 500), 2500) * (ctx.seconds + 2)) / 5) + 100 * PROCESSES;
      ctx.log(`transitions ×${workers}: submitting ${(2 * perRun).toLocaleString('en-US')} cases to move`);
      const queue = await submitMany(db, world, 2 * perRun);

      // One process: the service layer runs in this one.
      const step = caseWalker(db, actors, queue.slice(0, perRun), workers);
      await runConcurrent(workers, 1, step);
      const cpuBefore = process.cpuUsage();
      const single = await profileDatabase(ctx.url(), `bench_transitions_${workers}`, () => runConcurrent(workers, ctx.seconds, step));
      const cpu = process.cpuUsage(cpuBefore);
      const r = single.result;
      const cpuMicros = cpu.user + cpu.system;
      ctx.profile(`transitions at ${workers} workers, one process`, [
        `${r.perSecond.toFixed(0)} tx/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (pgbench in this run: ${pgbench.tps.toFixed(0)} tps, ${(pgbench.walPerTransaction / 1024).toFixed(2)} kB WAL per transaction)`,
        ...single.lines,
        `service layer (this Node process): ${(cpuMicros / 1000 / r.ops).toFixed(2)} ms CPU per transition (${((cpu.system / cpuMicros) * 100).toFixed(0)}% in the kernel), ${((cpuMicros / 1e6 / r.seconds) * 100).toFixed(0)}% of one core`,
      ]);
      if (workers === LEVELS[0]) {
        // Where the service layer's CPU goes: a short profiled run after the measured one.
        ctx.profile(`service-layer CPU during transitions at ${workers} workers (V8 profiler, this process)`, await profileThisProcess(() => runConcurrent(workers, Math.max(2, Math.round(ctx.seconds / 3)), step)));
      }
      rows.push({
        figure: `case transitions, ${workers} workers, 1 process`,
        value: r.perSecond,
        unit: 'tx/s',
        baseline,
        note: `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms; ${single.walPerOp ? (single.walPerOp / 1024).toFixed(1) : '?'} kB WAL each; ${(cpuMicros / 1000 / r.ops).toFixed(2)} ms CPU each${r.errors ? `; ${r.errors} errors` : ''}`,
      });

      // All processes: the same workers spread over one process per core, each with its own pool.
      const procs = await startTransitionProcesses({ url: database.url, procs: PROCESSES, workers, actors, queue: queue.slice(perRun) });
      try {
        const all = await profileDatabase(ctx.url(), `bench_transitions_${workers}`, () => procs.run(ctx.seconds));
        const a = all.result;
        ctx.profile(`transitions at ${workers} workers, ${PROCESSES} processes`, [
          `${a.perSecond.toFixed(0)} tx/s, p50 ${a.p50.toFixed(1)} ms, p99 ${a.p99.toFixed(1)} ms`,
          ...all.lines,
          `service layer (${PROCESSES} processes): ${(a.cpuMicros / 1000 / a.ops).toFixed(2)} ms CPU per transition summed over them, ${((a.cpuMicros / 1e6 / a.seconds) * 100).toFixed(0)}% of one core in all`,
        ]);
        rows.push({
          figure: `case transitions, ${workers} workers, ${PROCESSES} processes`,
          value: a.perSecond,
          unit: 'tx/s',
          baseline,
          target: { ratioAtLeast: 0.6 },
          note: `p50 ${a.p50.toFixed(1)} ms, p99 ${a.p99.toFixed(1)} ms; ${all.walPerOp ? (all.walPerOp / 1024).toFixed(1) : '?'} kB WAL each; ${(a.cpuMicros / 1000 / a.ops).toFixed(2)} ms CPU each${a.errors ? `; ${a.errors} errors` : ''}`,
        });
      } finally {
        procs.stop();
      }
    } finally {
      await database.drop();
    }
  }
  return rows;
}
