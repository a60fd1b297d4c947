import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { TEST_PASSWORD, makeCentre, makeUser } from '../../test/factories.js';
import { MIN_ACCESS_LOG_DAYS, sweepAccessLog } from './access-log.js';
import { RECOVERY_CODE_COUNT } from './two-factor.js';

let t: TestApp;
let centre: Awaited<ReturnType<typeof makeCentre>>;
beforeAll(async () => {
  t = await createTestApp();
  centre = await makeCentre(t.db);
});
afterAll(() => t.destroy());

type Injected = Awaited<ReturnType<TestApp['app']['inject']>>;
const cookieOf = (response: Injected) => `ow_session=${response.cookies.find((c) => c.name === 'ow_session')!.value}`;
// Each request from its own address: the per-address limits have their own tests.
let address = 0;
const post = (url: string, payload: object, cookie?: string) =>
  t.app.inject({ method: 'POST', url, payload, headers: cookie ? { cookie } : {}, remoteAddress: `10.2.${address >> 8}.${address++ & 255}` });
const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
const login = (username: string, password = TEST_PASSWORD) => post('/api/auth/login', { username, password });

async function enrol(cookie: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  const setup = await post('/api/me/security/totp/setup', {}, cookie);
  expect(setup.statusCode).toBe(200);
  const { secret, otpauthUrl, qrDataUrl } = setup.json();
  expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
  expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
  const enabled = await post('/api/me/security/totp/enable', { code: await generate({ secret }) }, cookie);
  expect(enabled.statusCode).toBe(200);
  return { secret, recoveryCodes: enabled.json().recoveryCodes };
}

describe('staff two-factor (TOTP) and recovery codes', () => {
  it('once enrolled, the password alone opens no session; a TOTP code or a recovery code does, each once', async () => {
    const clerk = await makeUser(t.db, 'clerk', { centreId: centre.id });
    const { secret, recoveryCodes } = await enrol(cookieOf(await login(clerk.username)));
    expect(recoveryCodes).toHaveLength(RECOVERY_CODE_COUNT);

    const first = await login(clerk.username);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ secondFactorRequired: true, challenge: expect.any(String) });
    expect(first.cookies.find((c) => c.name === 'ow_session')).toBeUndefined();
    const { challenge } = first.json();
    expect((await post('/api/auth/login/second-factor', { challenge, code: '000000' })).statusCode).toBe(401);
    // A code a step ahead (the app's clock a little fast) is accepted.
    const code = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    const second = await post('/api/auth/login/second-factor', { challenge, code });
    expect(second.statusCode).toBe(200);
    expect(second.json().user.username).toBe(clerk.username);
    // The same code again, even with a new challenge, is refused.
    const replay = await post('/api/auth/login/second-factor', { challenge: (await login(clerk.username)).json().challenge, code });
    expect(replay.statusCode).toBe(401);

    const withRecovery = await post('/api/auth/login/second-factor', { challenge: (await login(clerk.username)).json().challenge, code: recoveryCodes[0]!.toLowerCase() });
    expect(withRecovery.statusCode).toBe(200);
    const reused = await post('/api/auth/login/second-factor', { challenge: (await login(clerk.username)).json().challenge, code: recoveryCodes[0]! });
    expect(reused.statusCode).toBe(401);
    expect((await get('/api/me/security', cookieOf(withRecovery))).json()).toMatchObject({ twoFactorEnabled: true, recoveryCodesLeft: RECOVERY_CODE_COUNT - 1 });
  });

  it('“2FA required for staff”: an unenrolled clerk reaches only enrolment until enrolled; applicants are not held', async () => {
    const admin = await makeUser(t.db, 'admin', { centreId: centre.id });
    const adminCookie = cookieOf(await login(admin.username));
    expect((await t.app.inject({ method: 'PUT', url: '/api/admin/settings/security', payload: { staffTwoFactorRequired: true }, headers: { cookie: adminCookie } })).statusCode).toBe(200);
    try {
      const clerk = await makeUser(t.db, 'clerk', { centreId: centre.id });
      const held = await login(clerk.username);
      expect(held.json().mustEnrolTwoFactor).toBe(true);
      const cookie = cookieOf(held);
      const refused = await get('/api/cases', cookie);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.message).toContain('双因素');
      expect((await get('/api/auth/me', cookie)).json().mustEnrolTwoFactor).toBe(true);
      await enrol(cookie);
      expect((await get('/api/cases', cookie)).statusCode).toBe(200);
      // Disabling is refused while the centre requires it.
      expect((await post('/api/me/security/totp/disable', { code: '123456' }, cookie)).statusCode).toBe(403);
      const applicant = await makeUser(t.db, 'applicant');
      expect((await login(applicant.username)).json().mustEnrolTwoFactor).toBe(false);
    } finally {
      await t.app.inject({ method: 'PUT', url: '/api/admin/settings/security', payload: { staffTwoFactorRequired: false }, headers: { cookie: adminCookie } });
    }
  });
});

describe('password change, sessions, access log', () => {
  it('the policy and the last five passwords are enforced, and every other session ends', async () => {
    const reviewer = await makeUser(t.db, 'supervisor');
    const here = cookieOf(await login(reviewer.username));
    const elsewhere = cookieOf(await login(reviewer.username));
    const change = (currentPassword: string, newPassword: string) => post('/api/me/security/password', { currentPassword, newPassword }, here);
    expect((await change('wrong-password', 'Abcdefgh-2026x')).json().error.details[0].field).toBe('body.currentPassword');
    for (const weak of ['Short-1', 'alllowercaseletters', `${reviewer.username}-X9`, TEST_PASSWORD]) {
      const response = await change(TEST_PASSWORD, weak);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details[0].field).toBe('body.newPassword');
    }
    const sessions = (await get('/api/me/security/sessions', here)).json().sessions;
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);

    const changed = await change(TEST_PASSWORD, 'Harbour-Light-2026');
    expect(changed.json()).toEqual({ endedSessions: 1 });
    expect((await get('/api/auth/me', elsewhere)).statusCode).toBe(401);
    expect((await get('/api/auth/me', here)).statusCode).toBe(200);

    // Five changes later the first is allowed again, not before.
    const passwords = ['Harbour-Light-2026', 'Second-Pass-2026', 'Third-Pass-2026', 'Fourth-Pass-2026', 'Fifth-Pass-2026'];
    for (let i = 1; i < passwords.length; i++) expect((await change(passwords[i - 1]!, passwords[i]!)).statusCode).toBe(200);
    const back = await change('Fifth-Pass-2026', 'Harbour-Light-2026');
    expect(back.json().error.message).toContain('最近 5 次');
    expect((await change('Fifth-Pass-2026', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('a session is listed and ended by its owner only', async () => {
    const a = await makeUser(t.db, 'supervisor');
    const b = await makeUser(t.db, 'supervisor');
    const aHere = cookieOf(await login(a.username));
    const aThere = cookieOf(await login(a.username));
    const bCookie = cookieOf(await login(b.username));
    const other = (await get('/api/me/security/sessions', aHere)).json().sessions.find((s: { current: boolean }) => !s.current);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/me/security/sessions/${other.id}`, headers: { cookie: bCookie } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/me/security/sessions/${other.id}`, headers: { cookie: aHere } })).statusCode).toBe(200);
    expect((await get('/api/auth/me', aThere)).statusCode).toBe(401);
  });

  it('access records: who, which route, the answer; swept only after six months', async () => {
    const user = await makeUser(t.db, 'supervisor');
    const cookie = cookieOf(await login(user.username));
    await get('/api/me/security?secret=13800138000', cookie);
    await t.app.flushAccessLog();
    const rows = await t.db.selectFrom('access_log').select(['route', 'status', 'method']).where('user_id', '=', user.id).execute();
    expect(rows).toEqual([{ route: '/api/me/security', status: 200, method: 'GET' }]);
    await t.db.insertInto('access_log').values([
      { at: new Date(Date.now() - (MIN_ACCESS_LOG_DAYS - 1) * 86_400_000), user_id: user.id, method: 'GET', route: '/old', status: 200, ip: null, ms: 1 },
      { at: new Date(Date.now() - (MIN_ACCESS_LOG_DAYS + 1) * 86_400_000), user_id: user.id, method: 'GET', route: '/older', status: 200, ip: null, ms: 1 },
    ]).execute();
    // Asked for 30 days, the sweep still keeps six months.
    expect(await sweepAccessLog(t.db, 30)).toBe(1);
    const left = await t.db.selectFrom('access_log').select('route').where('user_id', '=', user.id).orderBy('route').execute();
    expect(left.map((r) => r.route)).toEqual(['/api/me/security', '/old']);
  });
});
