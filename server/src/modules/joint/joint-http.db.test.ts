import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeCentre, makeUser } from '../../test/factories.js';
import { JOINT_FORM, makeBundle, makeMember } from '../../test/joint-factories.js';

let t: TestApp;
let bundleId: number;
let applicant: Awaited<ReturnType<typeof makeUser>>;
let agent: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  t = await createTestApp();
  const centre = await makeCentre(t.db);
  const members = [await makeMember(t.db, centre), await makeMember(t.db, centre)];
  bundleId = (await makeBundle(t.db, centre.id, members.map((m) => m.item.id))).id;
  applicant = await makeUser(t.db, 'applicant', { kind: 'legal' });
  agent = await makeUser(t.db, 'agent', { centreId: centre.id });
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
});
