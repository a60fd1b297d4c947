import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { makeItem, makeWorld, toActorOf } from '../../test/factories.js';
import { chinaDate } from '../../util/china-time.js';
import { submitApplication } from '../cases/service.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
});
afterAll(() => t.destroy());

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('GET /api/public/home', () => {
  it('ranks the most applied items, fills up with online items, and gives the centre and its closures', async () => {
    await t.db.updateTable('centres').set({ address: '梅河口市人民大街 1999 号', phone: '0435-12345', hours: '工作日 8:30—17:00' }).where('id', '=', w.centre.id).execute();
    const actor = toActorOf(w.applicant);
    const apply = (itemId: number) => submitApplication({ db: t.db, actor, itemId, formData: { name: '梅河口市示例商店', phone: '13843512345' } });
    await apply(w.itemB.id);
    await apply(w.itemB.id);
    await apply(w.itemA.id);
    const draft = await makeItem(t.db, w.deptA.id, { status: 'draft' });
    const closedOn = addDays(chinaDate(), 3);
    await t.db.insertInto('calendar_days').values({ region_code: w.centre.region_code, date: closedOn, kind: 'closed', name: '大厅电力检修', entered_by: null }).execute();

    const response = await t.app.inject(`/api/public/home?centreId=${w.centre.id}`);
    expect(response.statusCode).toBe(200);
    const home = response.json();
    expect(home.centre).toEqual({ id: w.centre.id, name: w.centre.name, address: '梅河口市人民大街 1999 号', phone: '0435-12345', hours: '工作日 8:30—17:00' });
    expect(home.hotItems.slice(0, 2)).toEqual([
      { id: w.itemB.id, name: w.itemB.name, departmentName: expect.any(String), applications: 2 },
      { id: w.itemA.id, name: w.itemA.name, departmentName: expect.any(String), applications: 1 },
    ]);
    // The rest are published items with a form, never a draft, each once.
    const ids = home.hotItems.map((i: { id: number }) => i.id);
    expect(ids).not.toContain(draft.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(home.hotItems.slice(2).every((i: { applications: number }) => i.applications === 0)).toBe(true);
    expect(home.notices).toContainEqual(expect.objectContaining({ date: closedOn, body: expect.stringContaining('大厅电力检修') }));
    expect(home.notices.every((n: { date: string }) => n.date >= chinaDate())).toBe(true);
  });

  it('answers bad input in the one error shape', async () => {
    const response = await t.app.inject('/api/public/home?centreId=abc');
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: '服务中心：应为整数，只写数字（如 12）' });
  });
});
