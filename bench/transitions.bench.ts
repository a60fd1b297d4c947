/**
 * Case transitions per second through the service layer (`acceptCase`, `claimCase`,
 * `completeReview`, `approveCase`, `issueResult`): each one transaction that locks the case,
 * writes its state, its SM3-chained timeline row and the applicant's notification and SMS outbox
 * row. At 8, 16 and 32 concurrent workers, against pgbench TPC-B at 8 clients on the same server
 * in the same run. A profile of wait events and WAL per transition is taken at each level.
 */
import { acceptCase, approveCase, claimCase, completeReview, issueResult } from '../server/src/modules/cases/service.js';
import { profileThisProcess } from './lib/cpuprofile.js';
import { runConcurrent } from './lib/stats.js';
import type { BenchContext, BenchModuleMeta, BenchRow } from './lib/types.js';
import { profileDatabase } from './lib/waits.js';
import { makeBenchWorld, submitMany } from './lib/world.js';

export const meta: BenchModuleMeta = {
  description: 'case transitions per second through the service layer at 8/16/32 workers vs pgbench TPC-B',
};

export const LEVELS = [8, 16, 32];

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const pgbench = await ctx.pgbench();
  const rows: BenchRow[] = [];
  for (const workers of LEVELS) {
    const database = await ctx.createDatabase({ name: `transitions_${workers}`, poolSize: workers });
    try {
      const { db } = database;
      const world = await makeBenchWorld(db, 4);
      // Enough submitted cases that no worker runs dry (5 transitions each), made before timing.
      // Sized from pgbench (capped: making cases is itself the slow part of this module).
      const expected = Math.ceil((Math.min(Math.max(pgbench.tps, 500), 2000) * (ctx.seconds + 1)) / 5) + 200;
      ctx.log(`transitions ×${workers}: submitting ${expected.toLocaleString('en-US')} cases to move`);
      const queue = await submitMany(db, world, expected);
      const steps = [
        (id: string) => acceptCase({ db, actor: world.clerkActor, caseId: id }),
        (id: string) => claimCase({ db, actor: world.reviewerActor, caseId: id }),
        (id: string) => completeReview({ db, actor: world.reviewerActor, caseId: id, opinion: '材料齐全，符合法定条件' }),
        (id: string) => approveCase({ db, actor: world.reviewerActor, caseId: id, opinion: '准予许可' }),
        (id: string) => issueResult({ db, actor: world.clerkActor, caseId: id, delivery: { method: 'window' } }),
      ];
      // Each worker walks its current case through the five steps; every step is one transition.
      const cursor = Array.from({ length: workers }, () => ({ id: '', step: steps.length }));
      let taken = 0;
      const step = async (worker: number) => {
        const c = cursor[worker]!;
        if (c.step === steps.length) {
          if (taken >= queue.length) throw new Error('ran out of submitted cases; raise the estimate');
          c.id = queue[taken++]!;
          c.step = 0;
        }
        await steps[c.step]!(c.id);
        c.step++;
      };
      // Warm-up: plans, pool connections, calendar cache.
      await runConcurrent(workers, 1, step);
      const cpuBefore = process.cpuUsage();
      const profiled = await profileDatabase(ctx.url(), `bench_transitions_${workers}`, () => runConcurrent(workers, ctx.seconds, step));
      const cpu = process.cpuUsage(cpuBefore);
      const r = profiled.result;
      // The service layer runs in this one Node process: its CPU per transition bounds the rate.
      const cpuMsPerOp = (cpu.user + cpu.system) / 1000 / r.ops;
      const cpuShare = (cpu.user + cpu.system) / 1e6 / r.seconds;
      ctx.profile(`transitions at ${workers} workers`, [
        `${r.perSecond.toFixed(0)} tx/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (pgbench in this run: ${pgbench.tps.toFixed(0)} tps, ${(pgbench.walPerTransaction / 1024).toFixed(2)} kB WAL per transaction)`,
        ...profiled.lines,
        `service layer (this Node process): ${cpuMsPerOp.toFixed(2)} ms CPU per transition (${(cpu.system / (cpu.user + cpu.system) * 100).toFixed(0)}% in the kernel), ${(cpuShare * 100).toFixed(0)}% of one core`,
      ]);
      if (workers === LEVELS[0]) {
        // Where the service layer's CPU goes (this process drives it): a short profiled run after the measured one.
        ctx.profile(`service-layer CPU during transitions at ${workers} workers (V8 profiler, this process)`, await profileThisProcess(() => runConcurrent(workers, Math.max(2, Math.round(ctx.seconds / 3)), step)));
      }
      rows.push({
        figure: `case transitions, ${workers} workers`,
        value: r.perSecond,
        unit: 'tx/s',
        baseline: { label: 'pgbench TPC-B, 8 clients', value: pgbench.tps, unit: 'tps' },
        target: { ratioAtLeast: 0.6 },
        note: `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms; ${profiled.walPerOp ? (profiled.walPerOp / 1024).toFixed(1) : '?'} kB WAL each${r.errors ? `; ${r.errors} errors` : ''}`,
      });
    } finally {
      await database.drop();
    }
  }
  return rows;
}
