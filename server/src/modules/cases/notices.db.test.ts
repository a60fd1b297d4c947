import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeWorld } from '../../test/factories.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
});
afterAll(() => t.destroy());

describe('notices (文书)', () => {
  it('prints the 受理通知书 and 补正材料通知书 as PDFs with an embedded Chinese font', async () => {
    const applicant = await loginCookie(t.app, w.applicant.username);
    const clerk = await loginCookie(t.app, w.clerk.username);
    const stranger = await loginCookie(t.app, w.applicant2.username);
    const c = (
      await t.app.inject({
        method: 'POST',
        url: '/api/cases',
        headers: { cookie: applicant },
        payload: { itemId: w.itemA.id, formData: { name: '文书测试', phone: '13800138000' } },
      })
    ).json().case;

    const early = await t.app.inject({ url: `/api/cases/${c.id}/notices/acceptance`, headers: { cookie: applicant } });
    expect(early.statusCode).toBe(404);

    await t.app.inject({
      method: 'POST',
      url: `/api/cases/${c.id}/request-correction`,
      headers: { cookie: clerk },
      payload: { missing: ['营业执照副本复印件', '食品安全管理制度文本'] },
    });
    await t.app.inject({ method: 'POST', url: `/api/cases/${c.id}/resubmit`, headers: { cookie: applicant }, payload: {} });
    await t.app.inject({ method: 'POST', url: `/api/cases/${c.id}/accept`, headers: { cookie: clerk }, payload: {} });

    for (const [kind, title] of [['acceptance', '受理通知书'], ['correction', '补正材料通知书']] as const) {
      const pdf = await t.app.inject({ url: `/api/cases/${c.id}/notices/${kind}`, headers: { cookie: clerk } });
      expect(pdf.statusCode, kind).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      // Named as the applicant files it: the document and the case number, never acceptance.pdf.
      expect(pdf.headers['content-disposition']).toBe(`inline; filename="${c.number}.pdf"; filename*=UTF-8''${encodeURIComponent(`${title}-${c.number}.pdf`)}`);
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      // The CJK font is embedded (as a subset), so Chinese renders without system fonts.
      expect(pdf.rawPayload.toString('latin1')).toMatch(/\/FontFile|NotoSans/);
      expect(pdf.rawPayload.length).toBeGreaterThan(5000);
    }
    const notYet = await t.app.inject({ url: `/api/cases/${c.id}/notices/refusal`, headers: { cookie: clerk } });
    expect(notYet.statusCode).toBe(404);
    expect(notYet.json().error.message).toBe('这个办件还没有这份文书');
    expect((await t.app.inject({ url: `/api/cases/${c.id}/notices/acceptance`, headers: { cookie: stranger } })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/cases/${c.id}/notices/other`, headers: { cookie: clerk } })).statusCode).toBe(400);
  });
});
