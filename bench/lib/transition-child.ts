/**
 * One of the transition bench's processes (bench/lib/transition-procs.ts forks it): its own pool
 * on the bench's database, its share of the workers and of the submitted cases. Warms up, says
 * so, runs the timed phase when told, and sends back every latency and its CPU time.
 */
import { createDatabase } from '../../server/src/db/database.js';
import { runConcurrent } from './stats.js';
import { caseWalker, type TransitionActors } from './transition-steps.js';

export interface ChildTask {
  url: string;
  workers: number;
  actors: TransitionActors;
  queue: string[];
}

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'done'; ops: number; seconds: number; errors: number; latencies: number[]; cpuMicros: number; firstError?: string };

const send = (message: ChildMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()));

process.once('message', async (task: ChildTask) => {
  const { db } = createDatabase(task.url, task.workers);
  const step = caseWalker(db, task.actors, task.queue, task.workers);
  // Warm-up: plans, pool connections, calendar cache.
  await runConcurrent(task.workers, 1, step);
  process.once('message', async ({ seconds }: { seconds: number }) => {
    const latencies: number[] = [];
    const cpuBefore = process.cpuUsage();
    let firstError: string | undefined;
    const result = await runConcurrent(task.workers, seconds, async (worker) => {
      const t0 = process.hrtime.bigint();
      try {
        await step(worker);
      } catch (error) {
        firstError ??= error instanceof Error ? error.message : String(error);
        throw error;
      }
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    });
    const cpu = process.cpuUsage(cpuBefore);
    await send({ type: 'done', ops: result.ops, seconds: result.seconds, errors: result.errors, latencies, cpuMicros: cpu.user + cpu.system, firstError });
    await db.destroy();
    process.exit(0);
  });
  await send({ type: 'ready' });
});
