import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeUser, makeWorld, toActorOf } from '../../test/factories.js';
import { signIn } from '../discipline/attendance.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]).toString('base64');

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
});
afterAll(() => t.destroy());

describe('五公开 board', () => {
  it('shows the published items with basis, limits and fees, and the staff signed in now with photo, number and duties', async () => {
    const windowId = (await t.db.insertInto('windows').values({ centre_id: w.centre.id, number: '07', name: '综合受理窗口' }).returning('id').executeTakeFirstOrThrow()).id;
    const clerk = await makeUser(t.db, 'clerk', { centreId: w.centre.id });
    await t.db.updateTable('users').set({ window_id: windowId, display_name: '孙丽' }).where('id', '=', clerk.id).execute();
    await t.db
      .updateTable('service_items')
      .set({ legal_basis: JSON.stringify([{ law: '《中华人民共和国食品安全法》', articles: '第三十五条' }]), fees: JSON.stringify({ free: false, items: [{ name: '工本费', standard: '10元/本', basis: '吉价费〔2020〕1号' }] }) })
      .where('id', '=', w.itemA.id)
      .execute();
    const admin = await loginCookie(t.app, w.admin.username);
    const saved = await t.app.inject({ method: 'PUT', url: `/api/admin/staff/${clerk.id}/profile`, headers: { cookie: admin }, payload: { staffNumber: 'MH-0107', duties: '综合受理、一次性告知', photo: JPEG } });
    expect(saved.statusCode).toBe(200);
    // Not on duty until signed in at the window.
    expect((await t.app.inject({ method: 'GET', url: `/api/public/boards/${w.centre.id}` })).json().onDuty).toEqual([]);
    await signIn(t.db, { ...toActorOf(clerk), windowId });

    const board = (await t.app.inject({ method: 'GET', url: `/api/public/boards/${w.centre.id}` })).json();
    expect(board.onDuty).toEqual([{ name: '孙丽', staffNumber: 'MH-0107', window: '07 综合受理窗口', duties: '综合受理、一次性告知', photoPath: `/api/public/staff/${clerk.id}/photo` }]);
    expect(board.items.find((i: { id: number }) => i.id === w.itemA.id)).toMatchObject({
      basis: '《中华人民共和国食品安全法》 第三十五条',
      fees: '工本费：10元/本',
      feeBasis: '吉价费〔2020〕1号',
      promisedLimit: '5 个工作日',
    });
    expect(board.items.map((i: { id: number }) => i.id)).toEqual(expect.arrayContaining([w.itemA.id, w.itemB.id]));
    expect(JSON.stringify(board)).not.toContain(clerk.phone!);
    const photo = await t.app.inject({ method: 'GET', url: `/api/public/staff/${clerk.id}/photo` });
    expect(photo.headers['content-type']).toBe('image/jpeg');
  });

  it('only the administrator edits what the board shows', async () => {
    const cookie = await loginCookie(t.app, w.clerk.username);
    expect((await t.app.inject({ method: 'PUT', url: `/api/admin/staff/${w.clerk.id}/profile`, headers: { cookie }, payload: { staffNumber: 'X', duties: '' } })).statusCode).toBe(403);
  });
});
