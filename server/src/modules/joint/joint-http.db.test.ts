import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeCentre, makeUser } from '../../test/factories.js';
import { JOINT_FORM, makeBundle, makeMember } from '../../test/joint-factories.js';
import { withCreditCheck } from '../../util/identity.js';

let t: TestApp;
let bundleId: number;
let applicant: Awaited<ReturnType<typeof makeUser>>;
let agent: Awaited<ReturnType<typeof makeUser>>;
let clerk: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  t = await createTestApp();
  const centre = await makeCentre(t.db);
  const members = [await makeMember(t.db, centre), await makeMember(t.db, centre)];
  bundleId = (await makeBundle(t.db, centre.id, members.map((m) => m.item.id))).id;
  applicant = await makeUser(t.db, 'applicant', { kind: 'legal' });
  agent = await makeUser(t.db, 'agent', { centreId: centre.id });
  clerk = await makeUser(t.db, 'clerk', { centreId: centre.id });
});
afterAll(() => t.destroy());

describe('joint approval over HTTP', () => {
  it('bundles are public; an application answers its detail; the agent page’s lists answer', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/api/bundles' });
    expect(list.statusCode).toBe(200);
    const one = await t.app.inject({ method: 'GET', url: `/api/bundles/${bundleId}` });
    expect(one.statusCode).toBe(200);
    expect(one.json().bundle.members).toHaveLength(2);
    const cookie = await loginCookie(t.app, applicant.username);
    const created = await t.app.inject({ method: 'POST', url: '/api/joint-applications', headers: { cookie }, payload: { bundleId, formData: JOINT_FORM } });
    expect(created.statusCode).toBe(201);
    expect(created.json().application.formData.contactPhone).toBe('135****1234');
    const mine = await t.app.inject({ method: 'GET', url: '/api/joint-applications', headers: { cookie } });
    expect(mine.json().applications).toHaveLength(1);
    const agentCookie = await loginCookie(t.app, agent.username);
    for (const url of ['/api/agency/authorisations', '/api/agency/steps', '/api/joint-applications', '/api/projects']) {
      const response = await t.app.inject({ method: 'GET', url, headers: { cookie: agentCookie } });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
    }
    const refused = await t.app.inject({ method: 'POST', url: '/api/joint-applications', headers: { cookie: agentCookie }, payload: { bundleId, formData: {}, applicantId: applicant.id } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');
  });

  it('the window registers a walk-in applicant’s one form and accepts it once', async () => {
    const cookie = await loginCookie(t.app, clerk.username);
    const walkIn = (identityNumber: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/hall/joint-walk-in',
        headers: { cookie },
        payload: { applicant: { kind: 'legal', name: '梅河口市云岭科技有限公司', identityNumber, phone: '13504351234' }, bundleId, formData: JOINT_FORM, acceptNow: true },
      });
    const response = await walkIn(withCreditCheck('91220581MA0ABCDE1'));
    expect(response.statusCode, response.body).toBe(201);
    const application = response.json().application;
    expect(application.status).toBe('accepted');
    expect(application.channel).toBe('window');
    expect(application.children).toHaveLength(2);
    // A wrong check character is refused before anything is written.
    const wrong = await walkIn('91220581MA0ABCDE10');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].field).toBe('body.applicant.identityNumber');
  });
});
