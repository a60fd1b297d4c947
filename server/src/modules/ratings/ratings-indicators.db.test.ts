import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeCentre, makeUser, makeWorld } from '../../test/factories.js';

/**
 * 评价器指标 per centre (seed 000's tablets score 满意、基本满意、服务态度、服务时长、服务熟练程度 …):
 * the administrator sets them, the tablet shows them, a rating scores only them.
 */
let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
let windowId: number;
let admin: string;
let clerk: string;
let key: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
  windowId = (await t.db.insertInto('windows').values({ centre_id: w.centre.id, number: '09', name: '综合受理窗口 9' }).returning('id').executeTakeFirstOrThrow()).id;
  await t.db.updateTable('users').set({ window_id: windowId }).where('id', '=', w.clerk.id).execute();
  admin = await loginCookie(t.app, w.admin.username);
  clerk = await loginCookie(t.app, w.clerk.username);
  const { url } = (await t.app.inject({ method: 'POST', url: `/api/admin/windows/${windowId}/kiosk-key`, headers: { cookie: admin } })).json();
  key = new URL(url).searchParams.get('key')!;
});
afterAll(() => t.destroy());

const SEED_000 = [
  { key: 'attitude', label: '服务态度', order: 1, enabled: true },
  { key: 'duration', label: '服务时长', order: 3, enabled: true },
  { key: 'proficiency', label: '服务熟练程度', order: 2, enabled: true },
  { key: 'efficiency', label: '办事效率', order: 4, enabled: false },
];

const put = (payload: object, cookie = admin) => t.app.inject({ method: 'PUT', url: '/api/admin/ratings/indicators', headers: { cookie }, payload });
const openService = async () => (await t.app.inject({ method: 'POST', url: '/api/hall/window-service', headers: { cookie: clerk }, payload: {} })).json().serviceId as string;
const rate = (body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/kiosk/windows/${windowId}/ratings`, payload: { key, ...body } });

describe('评价器 indicators per centre', () => {
  it('default to the national window indicators', async () => {
    const scheme = (await t.app.inject({ url: '/api/admin/ratings/indicators', headers: { cookie: admin } })).json();
    expect(scheme).toEqual({
      indicators: [
        { key: 'efficiency', label: '办事效率', order: 1, enabled: true },
        { key: 'serviceLevel', label: '服务水平', order: 2, enabled: true },
        { key: 'attitude', label: '服务态度', order: 3, enabled: true },
      ],
    });
    const serviceId = await openService();
    expect((await rate({ serviceId, level: 5, indicators: { efficiency: 5, serviceLevel: 4, attitude: 5 } })).statusCode).toBe(201);
  });

  it('a centre sets its own; the tablet shows them in order; a rating with them is accepted, an unknown or switched-off one refused', async () => {
    const saved = await put({ indicators: SEED_000 });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().indicators.map((i: { key: string }) => i.key)).toEqual(['attitude', 'proficiency', 'duration', 'efficiency']);
    const audit = await t.db.selectFrom('audit_events').select('action').where('action', '=', 'settings.rating_indicators').execute();
    expect(audit).toHaveLength(1);

    const current = (await t.app.inject(`/api/kiosk/windows/${windowId}/current?key=${encodeURIComponent(key)}`)).json();
    expect(current.indicators).toEqual([
      { key: 'attitude', label: '服务态度' },
      { key: 'proficiency', label: '服务熟练程度' },
      { key: 'duration', label: '服务时长' },
    ]);

    const serviceId = await openService();
    const unknown = await rate({ serviceId, level: 4, indicators: { serviceLevel: 4 } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'body.indicators.serviceLevel', message: '不是本中心评价器的评价指标' }] });
    const switchedOff = await rate({ serviceId, level: 4, indicators: { efficiency: 4 } });
    expect(switchedOff.json().error.code).toBe('VALIDATION_FAILED');
    const accepted = await rate({ serviceId, level: 4, indicators: { attitude: 5, proficiency: 4, duration: 3 } });
    expect(accepted.statusCode, accepted.body).toBe(201);
    const row = await t.db.selectFrom('ratings').select(['indicators', 'level']).where('id', '=', accepted.json().id).executeTakeFirstOrThrow();
    expect(row).toEqual({ level: 4, indicators: { attitude: 5, proficiency: 4, duration: 3 } });
    // The rating given under the national indicators before the change stays as it was.
    const earlier = await t.db.selectFrom('ratings').select('indicators').where('channel', '=', 'window').orderBy('id').executeTakeFirstOrThrow();
    expect(earlier.indicators).toEqual({ efficiency: 5, serviceLevel: 4, attitude: 5 });
  });

  it('refuses a bad scheme and anyone but the centre administrator', async () => {
    const duplicate = await put({ indicators: [SEED_000[0], { ...SEED_000[1], key: 'attitude' }] });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.json().error.code).toBe('VALIDATION_FAILED');
    const noneOn = await put({ indicators: [{ ...SEED_000[0], enabled: false }] });
    expect(noneOn.json().error.code).toBe('VALIDATION_FAILED');
    const badKey = await put({ indicators: [{ ...SEED_000[0], key: '态度' }] });
    expect(badKey.json().error.code).toBe('VALIDATION_FAILED');
    expect((await put({ indicators: SEED_000 }, clerk)).statusCode).toBe(403);
    // Another centre keeps the national indicators.
    const other = await makeCentre(t.db);
    const otherAdmin = await loginCookie(t.app, (await makeUser(t.db, 'admin', { centreId: other.id })).username);
    const theirs = (await t.app.inject({ url: '/api/admin/ratings/indicators', headers: { cookie: otherAdmin } })).json();
    expect(theirs.indicators.map((i: { key: string }) => i.key)).toEqual(['efficiency', 'serviceLevel', 'attitude']);
  });
});
