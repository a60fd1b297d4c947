import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { summarize } from './stats.js';
import type { ChildMessage, ChildTask } from './transition-child.js';
import type { TransitionActors } from './transition-steps.js';

/**
 * Starts `procs` processes that drive transitions with `workers` loops between them (each its own
 * pool), as `npm start` spreads requests over one worker per core; each gets an equal share of
 * `queue`. Resolves once all are warmed up; `run` times them together.
 */
export async function startTransitionProcesses(options: { url: string; procs: number; workers: number; actors: TransitionActors; queue: string[] }) {
  const { procs, workers } = options;
  const children: ChildProcess[] = [];
  const share = Math.ceil(options.queue.length / procs);
  const ready: Promise<void>[] = [];
  for (let i = 0; i < procs; i++) {
    const mine = Math.floor(workers / procs) + (i < workers % procs ? 1 : 0);
    const child = fork(path.join(import.meta.dirname, 'transition-child.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.push(child);
    ready.push(
      new Promise((resolve, reject) => {
        child.once('message', (m: ChildMessage) => (m.type === 'ready' ? resolve() : reject(new Error(`child sent ${m.type} before ready`))));
        child.once('exit', (code) => reject(new Error(`transition process exited (${code}) before it was ready`)));
      }),
    );
    const task: ChildTask = { url: options.url, workers: mine, actors: options.actors, queue: options.queue.slice(i * share, (i + 1) * share) };
    child.send(task);
  }
  await Promise.all(ready);
  return {
    /** The timed phase in every process at once: throughput over the slowest, percentiles over all. */
    async run(seconds: number) {
      const done = children.map(
        (child) =>
          new Promise<Extract<ChildMessage, { type: 'done' }>>((resolve, reject) => {
            child.once('message', (m: ChildMessage) => (m.type === 'done' ? resolve(m) : reject(new Error(`unexpected ${m.type}`))));
            child.once('exit', (code) => reject(new Error(`transition process exited (${code}) during the run`)));
          }),
      );
      for (const child of children) child.send({ seconds });
      const results = await Promise.all(done);
      const latencies = results.flatMap((r) => r.latencies);
      const elapsed = Math.max(...results.map((r) => r.seconds));
      const errors = results.reduce((n, r) => n + r.errors, 0);
      if (!latencies.length) throw new Error(results.find((r) => r.firstError)?.firstError ?? 'no transitions');
      return {
        ...summarize(latencies, elapsed, errors),
        /** CPU of every driving process, summed. */
        cpuMicros: results.reduce((n, r) => n + r.cpuMicros, 0),
      };
    },
    stop() {
      for (const child of children) if (child.exitCode === null) child.kill();
    },
  };
}
