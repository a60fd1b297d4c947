import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

/**
 * Makes the yearly partitions of cases (cases_YYYY, China years) from `fromYear` (default: this
 * year by the platform's clock) through next year, those missing, moving into them any rows the
 * default partition caught for their range (migration 202612050301). Safe to run twice and from two
 * processes at once. @returns partitions made
 */
export async function ensureCaseYearPartitions(db: Database, fromYear?: number): Promise<number> {
  const { rows } = await sql<{ made: number }>`
    SELECT cases_ensure_year_partitions(coalesce(${fromYear ?? null}::int, extract(year FROM china_today())::int),
                                        extract(year FROM china_today())::int + 1) AS made`.execute(db);
  return rows[0]!.made;
}

/** Next year's partition made ahead: once at start, then daily (a year's notice, whatever the day). */
export function startCasePartitionJob(db: Database, onError: (error: unknown) => void): () => void {
  const run = () => void ensureCaseYearPartitions(db).catch(onError);
  run();
  const timer = setInterval(run, 24 * 3_600_000);
  timer.unref();
  return () => clearInterval(timer);
}
