import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import { chinaDate } from '../util/china-time.js';
import { seedDemoHistory } from './history.js';
import { seedDemo } from './seed.js';

let t: TestDatabase;
let result: Awaited<ReturnType<typeof seedDemoHistory>>;
/** The last application number given before the history: the history's numbers come after it. */
let numberedBefore: number;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db, 'Demo-Password-1');
  numberedBefore = Number((await sql<{ v: string }>`SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS v FROM case_number_seq`.execute(t.db)).rows[0]!.v);
  result = await seedDemoHistory(t.db, { cases: 1500 });
}, 300_000);
afterAll(() => t.destroy());

describe('the demo city\'s past', () => {
  it('holds cases in every state over six months, red ones among the running, numbered as the platform numbers', async () => {
    expect(result.cases).toBe(1500);
    const states = await t.db.selectFrom('cases').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
    const byStatus = Object.fromEntries(states.map((s) => [s.status, Number(s.n)]));
    for (const status of ['submitted', 'accepted', 'completed', 'refused', 'withdrawn']) expect(byStatus[status], status).toBeGreaterThan(0);
    const today = chinaDate();
    const red = await t.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'accepted').where('due_date', '<', today).executeTakeFirstOrThrow();
    expect(Number(red.n)).toBeGreaterThan(0);
    const oldest = await t.db.selectFrom('cases').select((eb) => eb.fn.min('submitted_at').as('at')).executeTakeFirstOrThrow();
    expect((Date.now() - new Date(oldest.at as Date).getTime()) / 86_400_000).toBeGreaterThan(150);
    const numbers = await t.db.selectFrom('cases').select('number').execute();
    expect(numbers.filter((c) => !/^220581-\d{8}-\d{5,}$/.test(c.number))).toEqual([]);
    expect(new Set(numbers.map((c) => c.number)).size).toBe(numbers.length);
    // The history is numbered in the order submitted, and the next case continues after it.
    const ordered = await t.db.selectFrom('cases').select('number').orderBy('submitted_at').orderBy('id').execute();
    const seqs = ordered.map((c) => Number(c.number.split('-')[2])).filter((n) => n > numberedBefore);
    expect(seqs.length).toBe(result.cases);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const next = await sql<{ n: string }>`SELECT next_application_number('220581', ${today}::date) AS n`.execute(t.db);
    expect(Number(next.rows[0]!.n.split('-')[2])).toBeGreaterThan(Math.max(...seqs));
  });

  it('has ratings with 差评 rectified and in hand, and 督办 both answered and open', async () => {
    expect(result.ratings).toBeGreaterThan(100);
    const fixes = await t.db.selectFrom('rectifications').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
    const byStatus = Object.fromEntries(fixes.map((f) => [f.status, Number(f.n)]));
    expect(byStatus.rectified).toBeGreaterThan(0);
    const bad = await t.db.selectFrom('ratings').select((eb) => eb.fn.countAll<number>().as('n')).where('level', '<=', 2).executeTakeFirstOrThrow();
    const fixed = fixes.reduce((n, f) => n + Number(f.n), 0);
    expect(fixed).toBe(Number(bad.n));
    const directives = await sql<{ answered: number; open: number }>`
      SELECT count(*) FILTER (WHERE replied_at IS NOT NULL)::int AS answered, count(*) FILTER (WHERE replied_at IS NULL)::int AS open FROM directives`.execute(t.db);
    expect(directives.rows[0]!.answered).toBeGreaterThan(0);
    expect(result.directives).toBe(directives.rows[0]!.answered + directives.rows[0]!.open);
    // Names, not generator labels.
    const labelled = await t.db.selectFrom('users').select('display_name').where('username', 'like', 'scale\\_%').where((eb) => eb.or([eb('display_name', 'like', '申请人%'), eb('display_name', 'like', '审批员%')])).execute();
    expect(labelled).toEqual([]);
  });
});
