import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeCentre, makeDepartment, makeItem, makeUser } from '../../test/factories.js';
import { IDP_ACCOUNTS } from './idp-accounts.js';

let t: TestApp;
const PASSWORD = 'Onewindow@2026';
beforeAll(async () => {
  t = await createTestApp({ demoPassword: PASSWORD });
  await makeCentre(t.db);
});
afterAll(() => t.destroy());

const account = (login: string) => IDP_ACCOUNTS.find((a) => a.login === login)!;
const pathOf = (location: string) => {
  const url = new URL(location, 'http://localhost:3000');
  return url.pathname + url.search;
};
const auditCount = (action: string) =>
  t.db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', action)
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));

/** The browser's round trip: platform → provider's page → sign in → callback. Answers the callback's answer. */
async function throughProvider(login: string, kind: 'natural' | 'legal', options: { password?: string; returnTo?: string } = {}) {
  const start = await t.app.inject({ method: 'GET', url: `/api/auth/oidc/login?kind=${kind}&returnTo=${encodeURIComponent(options.returnTo ?? '/portal')}` });
  expect(start.statusCode).toBe(302);
  const authorize = new URL(start.headers.location as string);
  expect(authorize.pathname).toBe('/idp/authorize');
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  const page = await t.app.inject({ method: 'GET', url: pathOf(authorize.toString()) });
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('统一身份认证平台');
  const form = new URLSearchParams(authorize.searchParams);
  form.set('login', login);
  form.set('password', options.password ?? PASSWORD);
  const signedIn = await t.app.inject({
    method: 'POST',
    url: '/idp/authorize',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: form.toString(),
  });
  if (signedIn.statusCode !== 303) return { signIn: signedIn, callback: undefined, cookie: undefined };
  const callback = await t.app.inject({ method: 'GET', url: pathOf(signedIn.headers.location as string) });
  const session = callback.cookies.find((c) => c.name === 'ow_session');
  return { signIn: signedIn, callback, cookie: session ? `ow_session=${session.value}` : undefined };
}

const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });

describe('统一身份认证 (OpenID Connect, local provider)', () => {
  it('opens an account on the first 个人 login and finds the same one on the next', async () => {
    const first = await throughProvider('wangxiuying', 'natural');
    expect(first.callback!.statusCode).toBe(302);
    expect(first.callback!.headers.location).toBe('/portal');
    const body = (await me(first.cookie!)).json();
    expect(body.user).toMatchObject({ displayName: '王秀英', role: 'applicant', applicantKind: 'natural', actingPerson: null });
    const second = await throughProvider('wangxiuying', 'natural');
    expect((await me(second.cookie!)).json().user.id).toBe(body.user.id);
    const rows = await t.db.selectFrom('users').select(['id', 'phone']).where('identity_number', '=', account('wangxiuying').person.idNumber).execute();
    expect(rows).toEqual([{ id: body.user.id, phone: account('wangxiuying').person.phone }]);
    const links = await t.db.selectFrom('user_identities').select(['subject', 'user_id']).where('user_id', '=', body.user.id).execute();
    expect(links).toEqual([{ subject: 'wangxiuying', user_id: body.user.id }]);
  });

  it('links an existing applicant by ID number instead of opening a second account, and keeps the password login', async () => {
    const existing = await makeUser(t.db, 'applicant');
    await t.db.updateTable('users').set({ identity_number: account('zhangwei').person.idNumber, phone: '13900000000' }).where('id', '=', existing.id).execute();
    const created = await auditCount('sso.account_created');
    const { cookie } = await throughProvider('zhangwei', 'natural');
    expect((await me(cookie!)).json().user.id).toBe(existing.id);
    expect(await auditCount('sso.account_created')).toBe(created);
    // The provider's verified phone replaces the one on file.
    const row = await t.db.selectFrom('users').select(['phone', 'display_name']).where('id', '=', existing.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ phone: account('zhangwei').person.phone, display_name: '张伟' });
    await expect(loginCookie(t.app, existing.username)).resolves.toMatch(/^ow_session=/);
  });

  it('refuses a wrong password on the provider page, a replayed callback, and a 个人 account on the 法人 button', async () => {
    const wrong = await throughProvider('zhangwei', 'natural', { password: 'not-the-password' });
    expect(wrong.signIn.statusCode).toBe(401);
    expect(wrong.signIn.body).toContain('账号或密码错误');

    const start = await t.app.inject({ method: 'GET', url: '/api/auth/oidc/login?kind=natural' });
    const authorize = new URL(start.headers.location as string);
    const form = new URLSearchParams(authorize.searchParams);
    form.set('login', 'zhangwei');
    form.set('password', PASSWORD);
    const signedIn = await t.app.inject({ method: 'POST', url: '/idp/authorize', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
    const callbackPath = pathOf(signedIn.headers.location as string);
    expect((await t.app.inject({ method: 'GET', url: callbackPath })).headers.location).toBe('/');
    const replay = await t.app.inject({ method: 'GET', url: callbackPath });
    expect(replay.cookies.find((c) => c.name === 'ow_session')).toBeUndefined();
    expect(decodeURIComponent(replay.headers.location as string)).toBe('/login?ssoError=登录已超时或链接无效，请重新点击“统一身份认证登录”');

    const mismatch = await throughProvider('zhangwei', 'legal');
    expect(mismatch.cookie).toBeUndefined();
    expect(decodeURIComponent(mismatch.callback!.headers.location as string)).toBe('/login?ssoError=您使用了个人账号登录，请选择“个人登录”');
  });

  it('never sends the browser to another site after login', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/auth/oidc/login?returnTo=${encodeURIComponent('//evil.example/')}` });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('the provider demands PKCE S256 and checks the verifier at the token endpoint', async () => {
    const start = await t.app.inject({ method: 'GET', url: '/api/auth/oidc/login' });
    const authorize = new URL(start.headers.location as string);
    const withoutPkce = new URLSearchParams(authorize.searchParams);
    withoutPkce.delete('code_challenge');
    const refused = await t.app.inject({ method: 'GET', url: `/idp/authorize?${withoutPkce}` });
    expect(refused.statusCode).toBe(302);
    expect(new URL(refused.headers.location as string).searchParams.get('error')).toBe('invalid_request');

    // A code taken with a verifier that does not match its challenge is refused, and spent.
    const verifier = crypto.randomBytes(32).toString('base64url');
    const form = new URLSearchParams(authorize.searchParams);
    form.set('code_challenge', crypto.createHash('sha256').update(verifier).digest('base64url'));
    form.set('login', 'zhangwei');
    form.set('password', PASSWORD);
    const signedIn = await t.app.inject({ method: 'POST', url: '/idp/authorize', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
    const code = new URL(signedIn.headers.location as string).searchParams.get('code')!;
    const discovery = (await t.app.inject({ method: 'GET', url: '/idp/.well-known/openid-configuration' })).json();
    expect(discovery).toMatchObject({ issuer: 'http://localhost:3000/idp', code_challenge_methods_supported: ['S256'] });
    // The client secret is the platform's own; without it the provider answers invalid_client.
    const noClient = await t.app.inject({
      method: 'POST',
      url: '/idp/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: authorize.searchParams.get('redirect_uri')!, code_verifier: 'x'.repeat(43) }).toString(),
    });
    expect(noClient.statusCode).toBe(401);
    expect(noClient.json()).toMatchObject({ error: 'invalid_client' });
  });
});

describe('企业：法定代表人与经办人', () => {
  it('a 经办人 added by the 法定代表人 files for the enterprise, is named on the case, and loses access the moment they are removed', async () => {
    const centre = await makeCentre(t.db);
    const department = await makeDepartment(t.db, centre);
    const forEnterprises = await makeItem(t.db, department.id);
    const individualsOnly = await makeItem(t.db, department.id);
    await t.db.updateTable('service_items').set({ target: 'natural', name: '个人所得税综合所得年度汇算（测试）' }).where('id', '=', individualsOnly.id).execute();

    // 法定代表人 first: the enterprise and the representative come from the provider's record.
    const rep = await throughProvider('xinda_chen', 'legal', { returnTo: '/portal/enterprise' });
    expect(rep.callback!.headers.location).toBe('/portal/enterprise');
    const repMe = (await me(rep.cookie!)).json().user;
    expect(repMe).toMatchObject({ displayName: '梅河口市鑫达食品有限公司', applicantKind: 'legal', actingPerson: { name: '陈建国', role: 'legal_rep' } });

    // Not yet a 经办人: refused with a reason a person can act on.
    const early = await throughProvider('xinda_liu', 'legal');
    expect(early.cookie).toBeUndefined();
    expect(decodeURIComponent(early.callback!.headers.location as string)).toContain('您不是梅河口市鑫达食品有限公司的经办人');

    const added = await t.app.inject({
      method: 'POST',
      url: '/api/enterprise/handlers',
      headers: { cookie: rep.cookie! },
      payload: { name: '刘晓燕', idNumber: account('xinda_liu').person.idNumber, phone: account('xinda_liu').person.phone },
    });
    expect(added.statusCode).toBe(201);
    const profile = added.json().enterprise;
    expect(profile.creditCode).toBe(account('xinda_chen').enterprise!.creditCode);
    expect(profile.members.map((m: { name: string; role: string }) => [m.name, m.role])).toEqual([
      ['陈建国', 'legal_rep'],
      ['刘晓燕', 'handler'],
    ]);
    expect(profile.members[1].idNumberMasked).toBe(`${account('xinda_liu').person.idNumber.slice(0, 6)}********${account('xinda_liu').person.idNumber.slice(-4)}`);
    expect(await auditCount('enterprise.handler.add')).toBe(1);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/enterprise/handlers',
      headers: { cookie: rep.cookie! },
      payload: { name: '刘晓燕', idNumber: account('xinda_liu').person.idNumber, phone: account('xinda_liu').person.phone },
    });
    expect(again.json().error.code).toBe('CONFLICT');

    const handler = await throughProvider('xinda_liu', 'legal');
    expect((await me(handler.cookie!)).json().user.actingPerson).toMatchObject({ name: '刘晓燕', role: 'handler' });
    // A 经办人 does not manage the enterprise's people.
    const notAllowed = await t.app.inject({
      method: 'POST',
      url: '/api/enterprise/handlers',
      headers: { cookie: handler.cookie! },
      payload: { name: '孙丽', idNumber: account('xinda_sun').person.idNumber, phone: account('xinda_sun').person.phone },
    });
    expect(notAllowed.statusCode).toBe(403);

    // 服务对象: an item for individuals only is neither offered nor accepted.
    const search = await t.app.inject({ method: 'GET', url: `/api/catalog/items?pageSize=100`, headers: { cookie: handler.cookie! } });
    const offered = search.json().items.map((i: { id: number }) => i.id);
    expect(offered).toContain(forEnterprises.id);
    expect(offered).not.toContain(individualsOnly.id);
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { cookie: handler.cookie! },
      payload: { itemId: individualsOnly.id, formData: { name: '鑫达', phone: '13504352468' } },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toBe('该事项仅面向个人办理，企业（法人）账户不能申请');

    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { cookie: handler.cookie! },
      payload: { itemId: forEnterprises.id, formData: { name: '鑫达', phone: '13504352468' } },
    });
    expect(filed.statusCode).toBe(201);
    const filedCase = filed.json().case;
    expect(filedCase.applicant).toMatchObject({ name: '梅河口市鑫达食品有限公司', filedByName: '刘晓燕', identityNumber: profile.creditCode });
    // Answered from what the submission wrote, it says what reading the case back says.
    expect((await t.app.inject({ url: `/api/cases/${filedCase.id}`, headers: { cookie: handler.cookie! } })).json().case).toEqual(filedCase);

    // Removed: the next request of the 经办人's open session is already refused.
    const handlerMember = profile.members.find((m: { role: string }) => m.role === 'handler');
    const removed = await t.app.inject({ method: 'DELETE', url: `/api/enterprise/handlers/${handlerMember.id}`, headers: { cookie: rep.cookie! } });
    expect(removed.statusCode).toBe(200);
    expect(removed.json().sessionsEnded).toBe(1);
    expect(removed.json().enterprise.removed.map((r: { name: string; removedByName: string }) => [r.name, r.removedByName])).toEqual([['刘晓燕', '陈建国']]);
    expect((await me(handler.cookie!)).statusCode).toBe(401);
    expect((await throughProvider('xinda_liu', 'legal')).cookie).toBeUndefined();
    expect(await auditCount('enterprise.handler.remove')).toBe(1);
    // The case still names who filed it; the representative sees it.
    const still = await t.app.inject({ method: 'GET', url: `/api/cases/${filedCase.id}`, headers: { cookie: rep.cookie! } });
    expect(still.json().case.applicant.filedByName).toBe('刘晓燕');
    // The 法定代表人 cannot be removed from here.
    const repMember = removed.json().enterprise.members.find((m: { role: string }) => m.role === 'legal_rep');
    expect((await t.app.inject({ method: 'DELETE', url: `/api/enterprise/handlers/${repMember.id}`, headers: { cookie: rep.cookie! } })).statusCode).toBe(403);
  });

  it('a password login of an enterprise account acts as its 法定代表人 on record', async () => {
    const enterprise = await makeUser(t.db, 'applicant', { kind: 'legal' });
    const rep = await makeUser(t.db, 'applicant');
    await t.db.insertInto('enterprise_members').values({ enterprise_id: enterprise.id, person_id: rep.id, role: 'legal_rep', added_by: null }).execute();
    const cookie = await loginCookie(t.app, enterprise.username);
    expect((await me(cookie)).json().user.actingPerson).toEqual({ id: rep.id, name: rep.display_name, role: 'legal_rep' });
    const profile = (await t.app.inject({ method: 'GET', url: '/api/enterprise', headers: { cookie } })).json().enterprise;
    expect(profile).toMatchObject({ creditCode: enterprise.identity_number, canManage: true });
    // A natural person has no enterprise page.
    const person = await loginCookie(t.app, rep.username);
    expect((await t.app.inject({ method: 'GET', url: '/api/enterprise', headers: { cookie: person } })).statusCode).toBe(403);
  });
});
