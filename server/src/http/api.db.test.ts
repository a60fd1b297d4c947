import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app.js';
import { loginCookie, makeWorld, TEST_PASSWORD } from '../test/factories.js';
import { FIELD_LABELS } from './field-labels.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
});
afterAll(() => t.destroy());

const expectError = (response: { statusCode: number; json(): unknown }, status: number, code: string) => {
  expect(response.statusCode).toBe(status);
  const body = response.json() as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/); // never a stack trace
};

describe('API conventions', () => {
  it('health answers ok once the database answers', async () => {
    const response = await t.app.inject('/api/health');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('serves OpenAPI JSON and the docs page', async () => {
    const spec = await t.app.inject('/api/openapi.json');
    expect(spec.statusCode).toBe(200);
    const paths = Object.keys(spec.json().paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/auth/login', '/api/cases', '/api/cases/{id}/accept', '/api/progress']));
    const docs = await t.app.inject('/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });

  it('malformed JSON gets MALFORMED_REQUEST, not a stack trace', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "x", ',
    });
    expectError(response, 400, 'MALFORMED_REQUEST');
  });

  it('validation errors name the field, in Chinese for the person and by path for the program', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'someone' } });
    expectError(response, 400, 'VALIDATION_FAILED');
    expect(response.json().error).toEqual({ code: 'VALIDATION_FAILED', message: '密码：请填写', details: [{ field: 'body.password', label: '密码', message: '请填写' }] });

    const nested = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x'.repeat(200), password: 5 } });
    const { message, details } = nested.json().error;
    expect(message).not.toMatch(/body\.|[A-Za-z]{3,}/);
    expect(details.map((d: { label: string }) => d.label).sort()).toEqual(['密码', '用户名']);
  });

  it('every field a client can send has a Chinese name for its errors', async () => {
    const spec = (await t.app.inject('/api/openapi.json')).json() as {
      paths: Record<string, Record<string, { parameters?: { name: string }[]; requestBody?: { content: Record<string, { schema: unknown }> } }>>;
      components?: { schemas?: Record<string, unknown> };
    };
    const names = new Set<string>();
    const walk = (schema: unknown): void => {
      if (!schema || typeof schema !== 'object') return;
      const s = schema as Record<string, unknown>;
      if (typeof s.$ref === 'string') return walk(spec.components?.schemas?.[s.$ref.split('/').pop()!]);
      for (const [key, value] of Object.entries((s.properties as Record<string, unknown>) ?? {})) {
        names.add(key);
        walk(value);
      }
      for (const key of ['items', 'additionalProperties']) walk(s[key]);
      for (const key of ['anyOf', 'oneOf', 'allOf']) for (const part of (s[key] as unknown[]) ?? []) walk(part);
    };
    for (const operations of Object.values(spec.paths)) {
      for (const operation of Object.values(operations)) {
        for (const parameter of operation.parameters ?? []) names.add(parameter.name);
        for (const body of Object.values(operation.requestBody?.content ?? {})) walk(body.schema);
      }
    }
    expect(names.size).toBeGreaterThan(200);
    expect([...names].filter((name) => !FIELD_LABELS[name])).toEqual([]);
  });

  it('unknown API paths answer NOT_FOUND in the same shape', async () => {
    const response = await t.app.inject('/api/nothing-here');
    expectError(response, 404, 'NOT_FOUND');
    expect(response.json().error.message).toBe('没有这个接口：GET /api/nothing-here');
  });

  it('sends security headers', async () => {
    const response = await t.app.inject('/api/health');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

describe('authentication', () => {
  it('logs in with a HttpOnly SameSite cookie of at least 128 random bits, and out again', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: w.clerk.username, password: TEST_PASSWORD },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().user).toMatchObject({ username: w.clerk.username, role: 'clerk', centreId: w.centre.id });
    const cookie = response.cookies.find((c) => c.name === 'ow_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(Buffer.from(cookie.value, 'base64url').length).toBeGreaterThanOrEqual(16);

    const header = { cookie: `ow_session=${cookie.value}` };
    const me = await t.app.inject({ url: '/api/auth/me', headers: header });
    expect(me.json().user.username).toBe(w.clerk.username);
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: header });
    expectError(await t.app.inject({ url: '/api/auth/me', headers: header }), 401, 'UNAUTHENTICATED');
  });

  it('a wrong password and an unknown user answer the same 401', async () => {
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: w.admin.username, password: 'nope' } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody-here', password: 'nope' } });
    expectError(wrong, 401, 'INVALID_CREDENTIALS');
    expectError(unknown, 401, 'INVALID_CREDENTIALS');
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
  });

  it('throttles a username after repeated failures, even with the right password', async () => {
    const username = w.supervisor.username;
    for (let i = 0; i < 5; i++) {
      await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: `wrong-${i}` } });
    }
    const locked = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: TEST_PASSWORD } });
    expectError(locked, 429, 'RATE_LIMITED');
  });

  it('an idle session expires', async () => {
    const cookie = await loginCookie(t.app, w.reviewerB.username);
    await t.db.updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 31 * 60_000) }).execute();
    expectError(await t.app.inject({ url: '/api/auth/me', headers: { cookie } }), 401, 'UNAUTHENTICATED');
  });
});

describe('the first case over HTTP, with scope checks', () => {
  it('walks apply → accept → approve → issue, and the public progress page follows', async () => {
    const applicant = await loginCookie(t.app, w.applicant.username);
    const clerk = await loginCookie(t.app, w.clerk.username);
    const reviewer = await loginCookie(t.app, w.reviewerA.username);
    const otherReviewer = await loginCookie(t.app, w.reviewerB.username);
    const otherApplicant = await loginCookie(t.app, w.applicant2.username);

    const created = await t.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { cookie: applicant },
      payload: { itemId: w.itemA.id, formData: { name: '鑫达食品', phone: '13912345678' } },
    });
    expect(created.statusCode).toBe(201);
    const c = created.json().case;
    expect(c).toMatchObject({ status: 'submitted', statusLabel: '待受理', queryCode: expect.any(String) });
    expect(c.formData.phone).toBe('139****5678');
    expect(c.applicant.identityNumber).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    // The new case is answered from what its submission wrote: exactly what reading it back says.
    expect((await t.app.inject({ url: `/api/cases/${c.id}`, headers: { cookie: applicant } })).json().case).toEqual(c);

    // Other people's cases do not exist for them.
    expectError(await t.app.inject({ url: `/api/cases/${c.id}`, headers: { cookie: otherApplicant } }), 404, 'NOT_FOUND');
    expectError(await t.app.inject({ url: `/api/cases/${c.id}`, headers: { cookie: otherReviewer } }), 404, 'NOT_FOUND');
    expect((await t.app.inject({ url: '/api/cases', headers: { cookie: otherApplicant } })).json().cases).toEqual([]);
    expectError(await t.app.inject({ url: `/api/cases/${c.id}` }), 401, 'UNAUTHENTICATED');
    expectError(await t.app.inject({ url: '/api/cases/not-a-uuid', headers: { cookie: clerk } }), 400, 'VALIDATION_FAILED');

    // An applicant cannot accept; a clerk cannot submit.
    expectError(await t.app.inject({ method: 'POST', url: `/api/cases/${c.id}/accept`, headers: { cookie: applicant }, payload: {} }), 403, 'FORBIDDEN');
    expectError(
      await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: clerk }, payload: { itemId: w.itemA.id, formData: {} } }),
      403,
      'FORBIDDEN',
    );

    const queue = await t.app.inject({ url: '/api/cases?status=submitted', headers: { cookie: clerk } });
    expect(queue.json().cases.map((x: { id: string }) => x.id)).toContain(c.id);

    const accepted = await t.app.inject({ method: 'POST', url: `/api/cases/${c.id}/accept`, headers: { cookie: clerk }, payload: {} });
    expect(accepted.json().case).toMatchObject({ status: 'accepted', queryCode: null, workdaysLeft: expect.any(Number) });
    expect(accepted.json().case.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    expectError(
      await t.app.inject({ method: 'POST', url: `/api/cases/${c.id}/approve`, headers: { cookie: otherReviewer }, payload: {} }),
      404,
      'NOT_FOUND',
    );
    const unclaimed = await t.app.inject({ url: '/api/cases?queue=unclaimed', headers: { cookie: reviewer } });
    expect(unclaimed.json().cases.map((x: { id: string }) => x.id)).toContain(c.id);
    expect((await t.app.inject({ method: 'POST', url: `/api/cases/${c.id}/claim`, headers: { cookie: reviewer }, payload: {} })).statusCode).toBe(200);
    const reviewed = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${c.id}/complete-review`,
      headers: { cookie: reviewer },
      payload: { opinion: '材料齐全' },
    });
    expect(reviewed.json().case).toMatchObject({ reviewStep: 'decision', assigneeName: w.reviewerA.display_name });
    const approved = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${c.id}/approve`,
      headers: { cookie: reviewer },
      payload: { opinion: '符合条件，准予许可' },
    });
    expect(approved.json().case.status).toBe('approved');
    expectError(
      await t.app.inject({ method: 'POST', url: `/api/cases/${c.id}/approve`, headers: { cookie: reviewer }, payload: {} }),
      409,
      'INVALID_STATE',
    );
    const issued = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${c.id}/issue`,
      headers: { cookie: clerk },
      payload: { delivery: { method: 'window' } },
    });
    expect(issued.json().case.status).toBe('completed');
    expect(issued.json().case.timeline.map((e: { action: string }) => e.action)).toEqual([
      'submit',
      'accept',
      'claim',
      'complete_review',
      'approve',
      'issue',
    ]);

    const progress = await t.app.inject({ url: `/api/progress?number=${c.number}&code=${c.queryCode.toLowerCase()}` });
    expect(progress.statusCode).toBe(200);
    const body = progress.json().progress;
    expect(body).toMatchObject({ number: c.number, status: 'completed', statusLabel: '已办结' });
    expect(body.steps.map((s: { action: string }) => s.action)).toEqual(['submit', 'accept', 'claim', 'complete_review', 'approve', 'issue']);
    const text = JSON.stringify(progress.json());
    for (const secret of ['张三', '13912345678', '139****5678', w.applicant.identity_number!, w.clerk.display_name, '符合条件']) {
      expect(text).not.toContain(secret);
    }
  });

  it('progress answers the same 404 for a wrong code and an unknown number', async () => {
    const applicant = await loginCookie(t.app, w.applicant.username);
    const c = (
      await t.app.inject({
        method: 'POST',
        url: '/api/cases',
        headers: { cookie: applicant },
        payload: { itemId: w.itemB.id, formData: { name: '某某', phone: '13912345678' } },
      })
    ).json().case;
    const wrongCode = await t.app.inject({ url: `/api/progress?number=${c.number}&code=AAAAAAAA` });
    const unknown = await t.app.inject({ url: `/api/progress?number=999999-20260101-00001&code=${c.queryCode}` });
    expectError(wrongCode, 404, 'NOT_FOUND');
    expectError(unknown, 404, 'NOT_FOUND');
    expect(wrongCode.body).toBe(unknown.body);
    expectError(await t.app.inject({ url: `/api/progress?number=${c.number}` }), 400, 'VALIDATION_FAILED');
  });
});

describe('personal data', () => {
  it('is masked everywhere and shown in full only with a reason, which is audited', async () => {
    const applicant = await loginCookie(t.app, w.applicant.username);
    const clerk = await loginCookie(t.app, w.clerk.username);
    const otherDepartment = await loginCookie(t.app, w.reviewerB.username);
    const c = (
      await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: applicant }, payload: { itemId: w.itemA.id, formData: { name: '全量查看', phone: '13912345678' } } })
    ).json().case;
    const list = await t.app.inject({ url: '/api/cases', headers: { cookie: clerk } });
    expect(list.body).not.toContain('13912345678');
    expect(list.body).not.toContain(w.applicant.identity_number!);

    const noReason = await t.app.inject({ url: `/api/cases/${c.id}/personal-data`, headers: { cookie: clerk } });
    expect(noReason.statusCode).toBe(400);
    const full = await t.app.inject({ url: `/api/cases/${c.id}/personal-data?reason=${encodeURIComponent('核对申请人身份')}`, headers: { cookie: clerk } });
    expect(full.json()).toMatchObject({ identityNumber: w.applicant.identity_number, phone: w.applicant.phone, formData: { phone: '13912345678' } });
    const audit = await t.db.selectFrom('audit_events').selectAll().where('action', '=', 'personal_data.view').execute();
    expect(audit).toEqual([expect.objectContaining({ actor_id: w.clerk.id, target_id: c.id, detail: { reason: '核对申请人身份' } })]);
    expect((await t.app.inject({ url: `/api/cases/${c.id}/personal-data?reason=curious`, headers: { cookie: otherDepartment } })).statusCode).toBe(404);
  });
});
