import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import { toActorOf } from '../test/factories.js';
import { computeRun } from '../modules/assessment/compute.js';
import { getRun } from '../modules/assessment/runs.js';
import { seedHallMonth } from './hall-month.js';
import { seedDemo } from './seed.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db, 'Demo-Password-1');
});
afterAll(() => t.destroy());

describe('the demo month of hall activity', () => {
  it('produces an assessment whose top window can be recounted by hand from its records', { timeout: 180_000 }, async () => {
    const { month, tickets } = await seedHallMonth(t.db, { month: '2026-01' });
    expect(month).toBe('2026-01');
    expect(tickets).toBeGreaterThan(1000);
    const admin = await t.db.selectFrom('users').selectAll().where('username', '=', 'admin').executeTakeFirstOrThrow();
    const run = await getRun(t.db, toActorOf(admin), { id: await computeRun(t.db, toActorOf(admin), '2026-01') });
    const top = run.windows[0]!;
    expect(top.proposed).toBe(true);
    const window = await t.db.selectFrom('windows').select(['id', 'number']).where('id', '=', top.subjectId).executeTakeFirstOrThrow();

    // Recount the top window's figures straight from the tables.
    const served = await t.db.selectFrom('queue_tickets').select((eb) => eb.fn.countAll<number>().as('n')).where('window_id', '=', window.id).where('status', '=', 'done').where('day', '>=', '2026-01-01').where('day', '<=', '2026-01-31').executeTakeFirstOrThrow();
    const ratings = await t.db.selectFrom('ratings').select(['level']).where('window_id', '=', window.id).where('created_at', '>=', new Date('2026-01-01T00:00:00+08:00')).where('created_at', '<', new Date('2026-02-01T00:00:00+08:00')).execute();
    const indicator = (key: string) => top.indicators.find((i) => i.key === key)!;
    expect(indicator('volume').value).toBe(`${served.n} 人次`);
    expect(indicator('volume').records.ids).toHaveLength(Number(served.n));
    expect(indicator('satisfaction').value).toBe(`${ratings.filter((r) => r.level >= 3).length}/${ratings.length}`);
    // Window 04 had two confirmed findings (3 + 2 points) and the lowest satisfaction: it cannot top the month.
    const fourth = run.windows.find((w) => w.name.startsWith('04'))!;
    expect(fourth.indicators.find((i) => i.key === 'findings')!.value).toBe('2 项，扣 5 分');
    expect(top.total).toBeGreaterThan(fourth.total);
    expect(window.number).toBe('01');
  });
});
