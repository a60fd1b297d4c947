import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import { chinaDate } from './china-time.js';
import { nowMs } from './clock.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.destroy());

describe('the platform clock in SQL', () => {
  it('gives PostgreSQL the same instant and the same China date as the services', async () => {
    const before = nowMs();
    const { rows } = await sql<{ at: Date; today: string }>`SELECT clock_now() AS at, china_today()::text AS today`.execute(t.db);
    const row = rows[0]!;
    const after = nowMs();
    // The statement's own start lies between the two readings, up to the millisecond rounding.
    expect(row.at.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(row.at.getTime()).toBeLessThanOrEqual(after + 1);
    expect(row.today).toBe(chinaDate());
    // Pinned runs: the configured day, not the machine's.
    const pinned = process.env.ONEWINDOW_TEST_CLOCK;
    if (pinned) expect(row.today).toBe(pinned.slice(0, 10));
  });

  it('stamps business rows written by default with the platform clock', async () => {
    const { rows } = await sql<{ dflt: string }>`
      SELECT pg_get_expr(d.adbin, d.adrelid) AS dflt FROM pg_attrdef d
      JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
      WHERE d.adrelid = 'cases'::regclass AND a.attname = 'submitted_at'`.execute(t.db);
    expect(rows[0]!.dflt).toBe('clock_now()');
  });
});
