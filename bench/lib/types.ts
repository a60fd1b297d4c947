import type { Database } from '../../server/src/db/database.js';

/** What a benchmark module declares about itself. */
export interface BenchModuleMeta {
  description: string;
  /** Runs only with `--scale` (it needs millions of rows). */
  scaleOnly?: boolean;
}

/**
 * A target a figure is judged by: `ratioAtLeast` compares value ÷ baseline (higher is better),
 * `ratioAtMost` the same for latencies (lower is better), `below` / `atLeast` an absolute value.
 */
export interface BenchTarget {
  ratioAtLeast?: number;
  ratioAtMost?: number;
  below?: number;
  atLeast?: number;
}

/** One line of the results table. */
export interface BenchRow {
  figure: string;
  value: number;
  unit: string;
  /** Measured in the same run on the same database, so a noisy machine moves both. */
  baseline?: { label: string; value: number; unit: string };
  target?: BenchTarget;
  note?: string;
}

/** A database of the module's own on the run's PostgreSQL, migrated. */
export interface BenchDatabase {
  db: Database;
  url: string;
  drop(): Promise<void>;
}

/** The pgbench TPC-B figure, measured once per run and shared by the modules that compare to it. */
export interface PgbenchResult {
  tps: number;
  latencyMs: number;
  clients: number;
  seconds: number;
  /** Bytes of WAL per TPC-B transaction, to set beside ours. */
  walPerTransaction: number;
}

export interface BenchContext {
  /** Short durations, for smoke tests on a busy machine. */
  quick: boolean;
  /** Seconds for each timed phase. */
  seconds: number;
  scale: boolean;
  /** Connection string of the run's PostgreSQL for a database name (superuser). */
  url(database?: string): string;
  createDatabase(options: { name: string; poolSize?: number }): Promise<BenchDatabase>;
  /** pgbench -c 8 TPC-B on this PostgreSQL, run at most once per run. */
  pgbench(): Promise<PgbenchResult>;
  log(message: string): void;
  /** Findings of profiles taken during the module (wait events, hot frames), for docs/benchmarks.md. */
  profile(title: string, lines: string[]): void;
}

export interface BenchModule {
  meta: BenchModuleMeta;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}
