import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { makeCentre, makeUser, TEST_PASSWORD } from '../../test/factories.js';
import { MAX_FAILURES } from './service.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await makeCentre(t.db);
});
afterAll(() => t.destroy());

const login = (username: string, password: string, i: number) =>
  // A different address per request: only the per-username count may stop them.
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: `10.0.${i >> 8}.${i & 255}` });

describe('login lockout under concurrency', () => {
  it('100 parallel wrong guesses for one account: exactly the limit is checked, the rest refused', async () => {
    const user = await makeUser(t.db, 'supervisor');
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => login(user.username, `Wrong-guess-${i}`, i)));
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 401)).toHaveLength(MAX_FAILURES);
    expect(codes.filter((c) => c === 429)).toHaveLength(100 - MAX_FAILURES);
    // The right password is refused too while the account is paused.
    expect((await login(user.username, TEST_PASSWORD, 200)).statusCode).toBe(429);
  });

  it('the issue’s probe: 39 wrong and the right one last, at once, never checks more than the limit', async () => {
    const user = await makeUser(t.db, 'supervisor');
    const passwords = [...Array.from({ length: 39 }, (_, i) => `Wrong-guess-${i}`), TEST_PASSWORD];
    const codes = (await Promise.all(passwords.map((p, i) => login(user.username, p, i)))).map((a) => a.statusCode);
    const checked = codes.filter((c) => c === 401 || c === 200).length;
    expect(checked).toBeLessThanOrEqual(MAX_FAILURES + 1);
    expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(MAX_FAILURES);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(40 - MAX_FAILURES - 1);
  });

  it('a success clears the count, so the owner is not paused by their own earlier typos', async () => {
    const user = await makeUser(t.db, 'supervisor');
    for (let i = 0; i < MAX_FAILURES - 1; i++) expect((await login(user.username, 'typo-typo-1', i)).statusCode).toBe(401);
    expect((await login(user.username, TEST_PASSWORD, 9)).statusCode).toBe(200);
    for (let i = 0; i < MAX_FAILURES - 1; i++) expect((await login(user.username, 'typo-typo-1', i)).statusCode).toBe(401);
    expect((await login(user.username, TEST_PASSWORD, 9)).statusCode).toBe(200);
  });
});
