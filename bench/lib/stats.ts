/** Latencies in milliseconds; nearest-rank percentile of a sorted copy. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface ConcurrentResult {
  ops: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

/**
 * Runs `workers` loops for `seconds`, each calling `step(worker, i)` back to back, and records every
 * call's latency. A step that throws counts as an error (not timed) and ends its worker.
 */
export async function runConcurrent(
  workers: number,
  seconds: number,
  step: (worker: number, i: number) => Promise<unknown>,
): Promise<ConcurrentResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: unknown;
  const started = process.hrtime.bigint();
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let i = 0; Date.now() < end; i++) {
        const t0 = process.hrtime.bigint();
        try {
          await step(worker, i);
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        } catch (error) {
          // A failing worker stops: spinning on a fast error would eat the CPU the others measure with.
          errors++;
          firstError ??= error;
          break;
        }
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  if (errors && !latencies.length) throw firstError;
  return summarize(latencies, elapsed, errors);
}

/** Throughput and percentiles of a timed phase's latencies (ms) over its `seconds`. */
export function summarize(latencies: number[], seconds: number, errors: number): ConcurrentResult {
  return {
    ops: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
  };
}

/** Sequential timing of one call: p50 and p99 after a warm-up. */
export async function timeSequential(rounds: number, fn: (i: number) => Promise<unknown>, warmup = Math.min(200, rounds)) {
  for (let i = 0; i < warmup; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = process.hrtime.bigint();
    await fn(i);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}
