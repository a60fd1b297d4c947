import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { createTestApp, type TestApp } from '../test/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ loginRateLimit: 5 });
});
afterAll(() => t.destroy());

describe('rate limits', () => {
  it('one address cannot hammer the login route, whatever usernames it tries', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) {
      const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `guess${i}`, password: 'x' } });
      codes.push(response.statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const limited = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'guess', password: 'x' } });
    expect(limited.json().error.code).toBe('RATE_LIMITED');
  });

  it('the public progress lookup is limited too, so query codes cannot be guessed', async () => {
    // The default configuration, not a test override: 30 a minute unless ONEWINDOW_PROGRESS_RATE_LIMIT says otherwise.
    expect(loadConfig({}).progressRateLimit).toBe(30);
    const codes = new Set<number>();
    for (let i = 0; i < 35; i++) codes.add((await t.app.inject(`/api/progress?number=220581-20260101-00001&code=AAAA${i}`)).statusCode);
    expect([...codes].sort()).toEqual([404, 429]);
  });

  it('the progress limit is configurable (ONEWINDOW_PROGRESS_RATE_LIMIT), and still applies when raised', async () => {
    expect(loadConfig({ ONEWINDOW_PROGRESS_RATE_LIMIT: '3' }).progressRateLimit).toBe(3);
    const raised = await createTestApp({ progressRateLimit: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await raised.app.inject(`/api/progress?number=220581-20260101-00001&code=BBBB${i}`)).statusCode);
      expect(codes).toEqual([404, 404, 404, 429, 429]);
    } finally {
      await raised.destroy();
    }
  });
});
