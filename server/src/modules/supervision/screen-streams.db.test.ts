import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeCentre, makeWorld } from '../../test/factories.js';

/**
 * The hall screens' live lines over HTTP: 3 streams in all, 1 kept for keyed screens, 2 anonymous
 * per address, anonymous ones ending after 5 s. An admitted stream's `inject` stays pending until
 * the server ends it; a refused one answers at once.
 */
const LIFETIME_MS = 5_000;
let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
let admin: string;

beforeAll(async () => {
  t = await createTestApp({ screenStreams: { ...loadConfig({}).screenStreams, total: 3, reservedForKeyed: 1, perAddress: 2, anonymousLifetimeMs: LIFETIME_MS } });
  w = await makeWorld(t.db);
  admin = await loginCookie(t.app, w.admin.username);
});
afterAll(() => t.destroy());

const stream = (remoteAddress: string, key?: string) =>
  t.app.inject({ url: `/api/public/screen/${w.centre.id}/events${key ? `?key=${encodeURIComponent(key)}` : ''}`, remoteAddress });
/** Whether the answer is still open after a moment (the stream was admitted) or what it answered. */
const within = <T>(promise: Promise<T>, ms = 500) => Promise.race([promise, new Promise<'open'>((r) => setTimeout(() => r('open'), ms))]);
const keys = async () => (await t.app.inject({ url: '/api/admin/screen-keys', headers: { cookie: admin } })).json().keys;

describe('big-screen streams', () => {
  it('limit anonymous streams per address and to the public share, keep a keyed screen connected, and end anonymous ones after their lifetime', async () => {
    const opened = Date.now();
    const a1 = stream('203.0.113.1');
    const a2 = stream('203.0.113.1');
    expect(await within(a1)).toBe('open');
    expect(await within(a2)).toBe('open');

    const third = await stream('203.0.113.1');
    expect(third.statusCode).toBe(429);
    expect(third.headers['retry-after']).toBe('30');
    expect(third.json()).toEqual({ error: { code: 'RATE_LIMITED', message: '同一地址最多同时打开 2 个大屏实时连接' } });
    // Another address finds the public share (3 − 1 reserved) taken.
    const other = await stream('203.0.113.2');
    expect(other.statusCode).toBe(503);
    expect(other.json().error.code).toBe('UNAVAILABLE');

    // The administrator issues a key for a hall screen: shown once, only its hash is kept.
    const applicant = await loginCookie(t.app, w.applicant.username);
    expect((await t.app.inject({ method: 'POST', url: '/api/admin/screen-keys', headers: { cookie: applicant }, payload: { name: '一楼大厅' } })).statusCode).toBe(403);
    const created = await t.app.inject({ method: 'POST', url: '/api/admin/screen-keys', headers: { cookie: admin }, payload: { name: '一楼大厅东侧' } });
    expect(created.statusCode).toBe(201);
    const { id, key, url } = created.json();
    expect(url).toBe(`${loadConfig({}).publicUrl}/screen/${w.centre.id}?key=${key}`);
    const stored = await t.db.selectFrom('screen_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.key_hash.toString('hex')).not.toContain(Buffer.from(key).toString('hex'));
    expect(stored.last_connected_at).toBeNull();

    // With its key the screen gets the reserved line although the public share is full.
    const keyed = stream('198.51.100.7', key);
    expect(await within(keyed)).toBe('open');
    expect(await keys()).toEqual([expect.objectContaining({ id, name: '一楼大厅东侧', openStreams: 1, revokedAt: null, lastConnectedAt: expect.any(String) })]);
    // A key that is not this centre's, or not a key, is refused, not served as anonymous.
    const elsewhere = await makeCentre(t.db, '220582');
    const foreign = await t.app.inject({ url: `/api/public/screen/${elsewhere.id}/events?key=${key}`, remoteAddress: '198.51.100.8' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.code).toBe('FORBIDDEN');
    expect((await stream('198.51.100.8', 'x'.repeat(43))).statusCode).toBe(403);

    // Revoking the key cuts its line at once.
    expect((await t.app.inject({ method: 'DELETE', url: `/api/admin/screen-keys/${id}`, headers: { cookie: admin } })).statusCode).toBe(204);
    const cut = await keyed;
    expect(cut.statusCode).toBe(200);
    expect(cut.body).toContain('event: ready');
    expect(await keys()).toEqual([expect.objectContaining({ id, openStreams: 0, revokedAt: expect.any(String) })]);
    expect((await stream('198.51.100.7', key)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/admin/screen-keys/${id}`, headers: { cookie: admin } })).statusCode).toBe(404);
    const audit = await t.db.selectFrom('audit_events').select(['action', 'actor_id']).where('target_type', '=', 'screen_key').where('target_id', '=', String(id)).orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'screen_key.create', actor_id: w.admin.id },
      { action: 'screen_key.revoke', actor_id: w.admin.id },
    ]);

    // The anonymous lines end by themselves; the address may then open new ones.
    const [first, second] = await Promise.all([a1, a2]);
    expect(Date.now() - opened).toBeGreaterThanOrEqual(LIFETIME_MS - 100);
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(first.body).toContain('retry: 2000');
    const again = stream('203.0.113.1');
    expect(await within(again)).toBe('open');
    await t.app.close();
    expect((await again).statusCode).toBe(200);
  }, 60_000);
});
