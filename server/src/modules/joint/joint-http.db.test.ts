import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeCentre, makeUser } from '../../test/factories.js';
import { JOINT_FORM, makeBundle, makeMember } from '../../test/joint-factories.js';
import { multipartBody } from '../../test/multipart.js';
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

  it('a material several members need is uploaded once and reaches every child case that needs it', async () => {
    const centre = await makeCentre(t.db);
    const [market, tax] = [await makeMember(t.db, centre), await makeMember(t.db, centre)];
    const material = (name: string) => ({ name, requirement: 'required', form: 'copy', copies: 1, source: '申请人自备' });
    // Both need the lease (the shared one); only market regulation needs the articles.
    await t.db.updateTable('service_items').set({ materials: JSON.stringify([material('经营场所证明'), material('公司章程')]) }).where('id', '=', market.item.id).execute();
    await t.db.updateTable('service_items').set({ materials: JSON.stringify([material('经营场所证明')]) }).where('id', '=', tax.item.id).execute();
    const shared = (await makeBundle(t.db, centre.id, [market.item.id, tax.item.id])).id;
    const owner = await makeUser(t.db, 'applicant', { kind: 'legal' });
    const windowClerk = await makeUser(t.db, 'clerk', { centreId: centre.id });
    const cookies = { owner: await loginCookie(t.app, owner.username), clerk: await loginCookie(t.app, windowClerk.username), tax: await loginCookie(t.app, tax.reviewer.username) };
    const upload = (cookie: string, id: string, name: string, content: Buffer) => {
      const body = multipartBody({ name, filename: `${name}.pdf`, content });
      return t.app.inject({ method: 'POST', url: `/api/joint-applications/${id}/materials`, headers: { ...body.headers, cookie }, payload: body.payload });
    };
    const lease = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3000, 0x41), Buffer.from('\n%%EOF\n')]);
    const articles = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1000, 0x42), Buffer.from('\n%%EOF\n')]);

    const created = await t.app.inject({ method: 'POST', url: '/api/joint-applications', headers: { cookie: cookies.owner }, payload: { bundleId: shared, formData: JOINT_FORM } });
    const id = created.json().application.id as string;
    expect(created.json().application.materials.map((m: { name: string; itemNames: string[] }) => [m.name, m.itemNames.length])).toEqual([['经营场所证明', 2], ['公司章程', 1]]);
    expect((await upload(cookies.owner, id, '经营场所证明', lease)).statusCode).toBe(201);
    expect((await upload(cookies.owner, id, '公司章程', articles)).statusCode).toBe(201);
    const unlisted = await upload(cookies.owner, id, '户口簿', lease);
    expect(unlisted.statusCode).toBe(400);
    expect(unlisted.json().error.details[0].field).toBe('body.name');
    // Not a PDF, JPEG, PNG or OFD by its content.
    expect((await upload(cookies.owner, id, '公司章程', Buffer.from('plain text'))).json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');

    const accepted = await t.app.inject({ method: 'POST', url: `/api/joint-applications/${id}/accept`, headers: { cookie: cookies.clerk }, payload: {} });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const detail = accepted.json().application;
    expect(detail.uploads.map((u: { name: string; caseCount: number }) => [u.name, u.caseCount])).toEqual([['经营场所证明', 2], ['公司章程', 1]]);
    const childOf = (departmentId: number) => t.db.selectFrom('cases').select(['id', 'number']).where('joint_application_id', '=', id).where('department_id', '=', departmentId).executeTakeFirstOrThrow();
    const marketCase = await childOf(market.department.id);
    const taxCase = await childOf(tax.department.id);
    const namesOn = async (caseId: string) =>
      (await t.db.selectFrom('case_materials').select('name').where('case_id', '=', caseId).orderBy('name').execute()).map((m) => m.name);
    expect(await namesOn(marketCase.id)).toEqual(['公司章程', '经营场所证明'].sort());
    expect(await namesOn(taxCase.id)).toEqual(['经营场所证明']);

    // The tax department reads the shared file as its own case's material, byte for byte.
    const listed = await t.app.inject({ method: 'GET', url: `/api/cases/${taxCase.id}/materials`, headers: { cookie: cookies.tax } });
    expect(listed.json().materials).toHaveLength(1);
    const file = await t.app.inject({ method: 'GET', url: `/api/cases/${taxCase.id}/materials/${listed.json().materials[0].id}/file`, headers: { cookie: cookies.tax } });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(lease)).toBe(true);

    // After acceptance nothing more is taken, until a department asks for a correction.
    expect((await upload(cookies.owner, id, '经营场所证明', lease)).json().error.code).toBe('INVALID_STATE');
    const taxReviewer = await loginCookie(t.app, tax.reviewer.username);
    expect((await t.app.inject({ method: 'POST', url: `/api/cases/${taxCase.id}/claim`, headers: { cookie: taxReviewer }, payload: {} })).statusCode).toBe(200);
    await t.db.updateTable('service_items').set({ correction_stop_allowed: true }).where('id', '=', tax.item.id).execute();
    const asked = await t.app.inject({ method: 'POST', url: `/api/cases/${taxCase.id}/joint-correction`, headers: { cookie: taxReviewer }, payload: { missing: ['经营场所证明（须加盖产权单位公章）'] } });
    expect(asked.statusCode, asked.body).toBe(200);
    expect((await upload(cookies.clerk, id, '经营场所证明', lease)).json().error.code).toBe('INVALID_STATE');
    const corrected = await upload(cookies.owner, id, '经营场所证明', Buffer.concat([Buffer.from('%PDF-1.7\n% stamped\n'), Buffer.alloc(3000, 0x41), Buffer.from('\n%%EOF\n')]));
    expect(corrected.statusCode, corrected.body).toBe(201);
    // Every undecided department that uses the material gets the corrected copy at once.
    expect(corrected.json().attachedTo.sort()).toEqual([marketCase.number, taxCase.number].sort());
    expect(await namesOn(taxCase.id)).toEqual(['经营场所证明', '经营场所证明']);
    const events = (await t.app.inject({ method: 'GET', url: `/api/joint-applications/${id}`, headers: { cookie: cookies.owner } })).json().application.events;
    expect(events.filter((e: { action: string }) => e.action === 'upload_material')).toHaveLength(3);
  });
});

