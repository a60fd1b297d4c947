import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../db/schema.js';
import { createTestApp, type TestApp } from '../test/app.js';
import { loginCookie, makeUser, makeWorld, toActorOf } from '../test/factories.js';
import * as cases from '../modules/cases/service.js';
import { ERROR_STATUS } from './errors.js';
import { guardedRoutes, MAX_INPUT_DEPTH } from './input-guard.js';

/**
 * The edge of the API, walked route by route from the app's own route table: whatever a module
 * declares, a NUL character, a 5,000-level body, a non-canonical id and a caller without the right
 * get the documented 4xx, never a 500 and never a validation answer before a 401/403.
 */
let t: TestApp;
let caseId: string;
/** Cookie per role; `anonymous` has none. Tried in this order until one passes a route's guards. */
const callers: Array<{ as: string; cookie?: string }> = [{ as: 'anonymous' }];
let adminCookie: string;
let applicantCookie: string;

type Route = { method: string; url: string };
let routes: Route[];

beforeAll(async () => {
  t = await createTestApp();
  const w = await makeWorld(t.db);
  ({ caseId } = await cases.submitApplication({ db: t.db, actor: toActorOf(w.applicant), itemId: w.itemA.id, formData: { name: '边界', phone: '13800138000' } }));
  adminCookie = await loginCookie(t.app, w.admin.username);
  applicantCookie = await loginCookie(t.app, w.applicant.username);
  const people: Array<[string, { username: string }]> = [
    ['admin', w.admin],
    ['applicant', w.applicant],
    ['clerk', w.clerk],
    ['reviewer', w.reviewerA],
    ['supervisor', w.supervisor],
    ['department_head', w.headA],
    ['government_head', w.governmentHead],
  ];
  const others: Role[] = ['agent', 'inspector', 'intermediary', 'trading_agency', 'trading_officer', 'expert'];
  for (const role of others) people.push([role, await makeUser(t.db, role, { centreId: w.centre.id })]);
  for (const [as, user] of people) callers.push({ as, cookie: await loginCookie(t.app, user.username) });
  // HEAD mirrors GET and OPTIONS answers CORS; every other method of every route is walked.
  routes = guardedRoutes(t.app).filter((r) => !['HEAD', 'OPTIONS'].includes(r.method));
}, 120_000);
afterAll(() => t.destroy());

/** A route's URL with each path parameter (and a trailing wildcard) set to `value`. */
const fill = (url: string, value: string) => url.replace(/:\w+/g, value).replace(/\*$/, value);

async function send(route: Route, caller: { cookie?: string }, url: string, body?: string) {
  return t.app.inject({
    method: route.method as 'GET',
    url,
    headers: { ...(caller.cookie ? { cookie: caller.cookie } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: body } : {}),
  });
}

function expectErrorShape(response: { statusCode: number; body: string }, where: string) {
  const body = JSON.parse(response.body);
  expect(body, where).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
  expect(ERROR_STATUS[body.error.code as keyof typeof ERROR_STATUS], where).toBe(response.statusCode);
  return body.error as { code: string; message: string; details?: Array<{ field: string; message: string }> };
}

/** Who first passed each route's guards: later walks start with them (a walk is hundreds of routes). */
const passerOf = new Map<string, (typeof callers)[number]>();

/**
 * Sends the request as each caller in turn until one is let past the route's guards (401/403 are
 * the guards' answers), checking that no answer is a 5xx or out of shape; undefined if none is.
 */
async function asFirstAllowed(route: Route, url: string, body?: string) {
  const key = `${route.method} ${route.url}`;
  const known = passerOf.get(key);
  for (const caller of known ? [known, ...callers.filter((c) => c !== known)] : callers) {
    const response = await send(route, caller, url, body);
    const where = `${route.method} ${url.slice(0, 160)} as ${caller.as} → ${response.statusCode} ${response.body.slice(0, 200)}`;
    expect(response.statusCode, where).toBeLessThan(500);
    const error = expectErrorShape(response, where);
    if (response.statusCode === 401 || response.statusCode === 403) continue;
    passerOf.set(key, caller);
    return { caller, error, where };
  }
  return undefined;
}

/** Runs `task` over `items`, a few at a time (the walk is hundreds of routes). */
async function eachConcurrently<T>(items: T[], task: (item: T) => Promise<void>, width = 6): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await task(items[next++]!);
  }));
}

describe('every route, from the route table', () => {
  it('refuses a NUL character in a path, query or body with VALIDATION_FAILED, after 401/403 and never with a 5xx', async () => {
    expect(routes.length).toBeGreaterThan(300);
    const reached: string[] = [];
    const validatedBeforeLogin: string[] = [];
    await eachConcurrently(routes, async (route) => {
      const hasBody = !['GET', 'DELETE'].includes(route.method);
      const url = `${fill(route.url, 'a%00b')}?probe=a%00b`;
      const body = hasBody ? JSON.stringify({ probe: 'a\u0000b', nested: [{ deeper: '\u0000' }] }) : undefined;
      const allowed = await asFirstAllowed(route, url, body);
      if (!allowed) return;
      expect(allowed.error.code, allowed.where).toBe('VALIDATION_FAILED');
      expect(allowed.error.message, allowed.where).toContain('U+0000');
      reached.push(`${route.method} ${route.url}`);
      // An anonymous caller turned away for the NUL must not be a caller the route would have
      // asked to log in: that order would let anyone probe a protected body's rules.
      // (An event stream answering 200 would never end: those are left to their own tests.)
      if (allowed.caller.as === 'anonymous' && !route.url.endsWith('/events')) {
        const clean = await send(route, allowed.caller, fill(route.url, '1'), hasBody ? '{}' : undefined);
        if (clean.statusCode === 401) validatedBeforeLogin.push(`${route.method} ${route.url}`);
      }
    });
    // The identity provider's userinfo takes an OAuth bearer token (RFC 6750), not a session: it
    // has no body whose rules a NUL probe could reveal, and it answers OAuth's own error format.
    expect(validatedBeforeLogin.filter((r) => r !== 'GET /idp/userinfo')).toEqual([]);
    // Every route lets some role through to the guard (none is left untested behind a role we lack).
    expect(routes.filter((r) => !reached.includes(`${r.method} ${r.url}`)).map((r) => `${r.method} ${r.url}`)).toEqual([]);
  }, 600_000);

  it(`refuses a body nested ${MAX_INPUT_DEPTH + 1} levels and more (5,000 here) on every route that takes one`, async () => {
    let deep = '"x"';
    for (let i = 0; i < 5000; i++) deep = `{"a":${deep}}`;
    const writes = routes.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method));
    expect(writes.length).toBeGreaterThan(150);
    await eachConcurrently(writes, async (route) => {
      const allowed = await asFirstAllowed(route, fill(route.url, '1'), deep);
      if (!allowed) throw new Error(`no caller passes ${route.method} ${route.url}`);
      expect(allowed.error.code, allowed.where).toBe('VALIDATION_FAILED');
      expect(allowed.error.message, allowed.where).toContain(`嵌套层级不得超过 ${MAX_INPUT_DEPTH} 层`);
    });
  }, 600_000);

  // How an id is written in a path (http/params.ts), as the OpenAPI document publishes it.
  const DECIMAL_PATTERN = '^(0|[1-9][0-9]{0,15})$';

  it('reads an integer path parameter only as plain decimal within int4: 0x2, +2, 2.0, 002, 1e3, 2147483648 are refused', async () => {
    const document = (await t.app.inject('/api/openapi.json')).json() as {
      paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string; schema?: { pattern?: string } }> }>>;
    };
    const numeric: Array<{ method: string; path: string; names: string[] }> = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const names = (operation.parameters ?? []).filter((p) => p.in === 'path' && p.schema?.pattern === DECIMAL_PATTERN).map((p) => p.name);
        if (names.length) numeric.push({ method: method.toUpperCase(), path, names });
      }
    }
    expect(numeric.length).toBeGreaterThan(80);
    await eachConcurrently(numeric, async ({ method, path, names }) => {
      // Sessions are numbered by a bigint: there 2147483648 is a well-formed id (of no session).
      const bads = ['0x2', '+2', '2.0', '002', '1e3', '-1', '0', ...(path === '/api/me/security/sessions/{id}' ? [] : ['2147483648'])];
      for (const bad of bads) {
        const url = path.replace(/\{(\w+)\}/g, (_, name: string) => (names.includes(name) ? encodeURIComponent(bad) : '1'));
        const route = { method, url: path.replace(/\{(\w+)\}/g, ':$1') };
        const allowed = await asFirstAllowed(route, url, ['GET', 'DELETE'].includes(method) ? undefined : '{}');
        if (!allowed) throw new Error(`no caller passes ${method} ${path}`);
        expect(allowed.error.code, allowed.where).toBe('VALIDATION_FAILED');
        expect(allowed.error.details?.some((d) => d.field.startsWith('params.')), allowed.where).toBe(true);
      }
    });
  }, 600_000);
});

describe('requests the parsers refuse', () => {
  it('a multipart request without a boundary (or with a broken one) is MALFORMED_REQUEST', async () => {
    for (const [url, cookie] of [
      [`/api/cases/${caseId}/materials`, applicantCookie],
      ['/api/admin/items/import', adminCookie],
    ] as const) {
      for (const contentType of ['multipart/form-data', `multipart/form-data; boundary=${'b'.repeat(300)}`]) {
        const response = await t.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': contentType }, payload: '--x\r\n\r\n' });
        expect(response.statusCode, `${url} ${contentType}`).toBe(400);
        expect(response.json().error.code).toBe('MALFORMED_REQUEST');
      }
      const cut = await t.app.inject({
        method: 'POST',
        url,
        headers: { cookie, 'content-type': 'multipart/form-data; boundary=XYZ' },
        // (The material's name goes first, as the upload route requires; then a file the body cuts off.)
        payload: '--XYZ\r\nContent-Disposition: form-data; name="name"\r\n\r\n营业执照\r\n--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4',
      });
      expect(cut.statusCode, `${url} cut short`).toBe(400);
      expect(cut.json().error.code).toBe('MALFORMED_REQUEST');
    }
  });

  it("Fastify's and Node's own refusals come in the documented shape", async () => {
    const inject = async (options: InjectOptions) => {
      const response = await t.app.inject(options);
      return { status: response.statusCode, error: expectErrorShape(response, JSON.stringify(options).slice(0, 120)) };
    };
    expect(await inject({ url: '/api/catalog/items/%E0%A4' })).toMatchObject({ status: 400, error: { code: 'MALFORMED_REQUEST' } });
    expect(await inject({ url: `/api/catalog/items/${'1'.repeat(200)}` })).toMatchObject({ status: 414, error: { code: 'URI_TOO_LONG' } });
    const json = { method: 'POST' as const, url: '/api/auth/login', headers: { 'content-type': 'application/json' } };
    expect(await inject({ ...json, payload: '{"username":' })).toMatchObject({ status: 400, error: { code: 'MALFORMED_REQUEST' } });
    expect(await inject({ ...json, payload: JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024) }) })).toMatchObject({ status: 413, error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(await inject({ ...json, headers: { 'content-type': 'application/xml' }, payload: '<a/>' })).toMatchObject({ status: 415, error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });

    // What Node's HTTP parser refuses never reaches inject: over a real socket.
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const raw = (text: string) =>
      new Promise<{ status: number; error: { code: string; message: string } }>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
        let out = '';
        socket.setEncoding('utf8');
        socket.on('data', (d) => (out += d));
        socket.on('error', () => {});
        socket.on('close', () => {
          const [head, body] = [out.slice(0, out.indexOf('\r\n\r\n')), out.slice(out.indexOf('\r\n\r\n') + 4)];
          const status = Number(head.split(' ')[1]);
          try {
            resolve({ status, error: expectErrorShape({ statusCode: status, body }, text.slice(0, 60)) });
          } catch (error) {
            reject(error);
          }
        });
      });
    expect(await raw('GARBAGE\r\n\r\n')).toMatchObject({ status: 400, error: { code: 'MALFORMED_REQUEST' } });
    expect(await raw(`GET /api/catalog/items?q=${'a'.repeat(40_000)} HTTP/1.1\r\nHost: x\r\n\r\n`)).toMatchObject({ status: 414, error: { code: 'URI_TOO_LONG' } });
    expect(await raw(`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`)).toMatchObject({ status: 431, error: { code: 'HEADERS_TOO_LARGE' } });
    expect(await raw('GET /api/catalog/items/%E0%A4 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatchObject({ status: 400, error: { code: 'MALFORMED_REQUEST' } });
  });
});

describe('concurrent writers', () => {
  it('8 saves of one calendar year at once all succeed, one after another, leaving exactly the last one', async () => {
    const year = 2099;
    const saves = Array.from({ length: 8 }, (_, i) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/admin/calendar/years/${year}`,
        headers: { cookie: adminCookie },
        payload: { source: `国办发明电〔2098〕第 ${i + 1} 号`, holidays: [{ name: '元旦', from: `${year}-01-01`, to: `${year}-01-0${1 + (i % 3)}`, makeupWorkdays: [] }] },
      }),
    );
    const responses = await Promise.all(saves);
    expect(responses.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    const stored = await t.db.selectFrom('calendar_years').select('source').where('year', '=', year).where('region_code', '=', '').execute();
    expect(stored).toHaveLength(1);
    // The days stored are those of the notice that was stored, not a mix of two writers.
    const last = Number(/第 (\d) 号/.exec(stored[0]!.source)![1]) - 1;
    const days = await t.db.selectFrom('calendar_days').select('date').where('region_code', '=', '').where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`).orderBy('date').execute();
    expect(days.map((d) => d.date)).toEqual(Array.from({ length: 1 + (last % 3) }, (_, d) => `${year}-01-0${d + 1}`));
    const audited = await t.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'calendar.schedule').where('target_id', '=', String(year)).executeTakeFirstOrThrow();
    expect(Number(audited.n)).toBe(8);
  });
});
