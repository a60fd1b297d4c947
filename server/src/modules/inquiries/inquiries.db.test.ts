import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeWorld } from '../../test/factories.js';
import { currentCalendar } from '../calendar/service.js';
import { chinaDate } from '../../util/china-time.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
});
afterAll(() => t.destroy());

describe('咨询投诉', () => {
  it('a consultation is routed to the item’s department, answered, rated and published as FAQ', async () => {
    const applicant = await loginCookie(t.app, w.applicant.username);
    const reviewer = await loginCookie(t.app, w.reviewerA.username);
    const otherDepartment = await loginCookie(t.app, w.reviewerB.username);
    const admin = await loginCookie(t.app, w.admin.username);
    const asked = await t.app.inject({
      method: 'POST',
      url: '/api/inquiries',
      headers: { cookie: applicant },
      payload: { kind: 'consultation', itemId: w.itemA.id, subject: '个体户能否办理', content: '个体工商户可以申请吗？需要哪些材料？' },
    });
    expect(asked.statusCode).toBe(201);
    const calendar = await currentCalendar(t.db);
    expect(asked.json().replyDue).toBe(calendar.addWorkdays(chinaDate(), 3).due);
    const id = asked.json().id;
    const step = (cookie: string, name: string, body: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: `/api/inquiries/${id}/${name}`, headers: { cookie }, payload: body });

    expect((await step(otherDepartment, 'reply', { text: '不是我们的' })).statusCode).toBe(404);
    expect((await step(admin, 'publish', {})).statusCode).toBe(409);
    expect((await step(reviewer, 'reply', { text: '可以，需提供营业执照和经营场所证明。' })).statusCode).toBe(200);
    expect((await step(applicant, 'rate', { level: 5 })).statusCode).toBe(200);
    expect((await step(applicant, 'rate', { level: 1 })).json().error.code).toBe('CONFLICT');
    expect((await step(admin, 'publish', {})).statusCode).toBe(200);
    const faq = (await t.app.inject(`/api/catalog/items/${w.itemA.id}/faq`)).json().faq;
    expect(faq).toEqual([expect.objectContaining({ question: '个体户能否办理', answer: '可以，需提供营业执照和经营场所证明。' })]);
    const told = await t.db.selectFrom('notifications').select('kind').where('user_id', '=', w.applicant.id).where('kind', '=', 'inquiry_reply').execute();
    expect(told).toHaveLength(1);
  });

  it('a clerk logs a phone complaint; the caller’s phone is masked in lists', async () => {
    const clerk = await loginCookie(t.app, w.clerk.username);
    const logged = await t.app.inject({
      method: 'POST',
      url: '/api/inquiries',
      headers: { cookie: clerk },
      payload: { kind: 'complaint', departmentId: w.deptB.id, subject: '办理太慢', content: '上周提交至今没有消息', contact: { name: '王先生', phone: '13612345678' } },
    });
    expect(logged.statusCode).toBe(201);
    const reviewer = await loginCookie(t.app, w.reviewerB.username);
    const list = (await t.app.inject({ url: '/api/inquiries', headers: { cookie: reviewer } })).json().inquiries;
    expect(list[0]).toMatchObject({ kind: 'complaint', channel: 'phone', contactName: '王先生', contactPhone: '136****5678' });
    const bad = await t.app.inject({ method: 'POST', url: '/api/inquiries', headers: { cookie: clerk }, payload: { kind: 'complaint', subject: '无部门', content: '没有指定部门' } });
    expect(bad.json().error.details[0].field).toBe('body.itemId');
  });
});
