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

  it('a forged X-Forwarded-For does not make one client many (no proxy trusted unless configured)', async () => {
    expect(loadConfig({}).trustProxy).toEqual([]);
    const limited = await createTestApp({ progressRateLimit: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const response = await limited.app.inject({
          url: `/api/progress?number=220581-20260101-00001&code=CCCC${i}`,
          headers: { 'x-forwarded-for': `203.0.113.${i + 1}` },
        });
        codes.push(response.statusCode);
      }
      expect(codes).toEqual([404, 404, 404, 429, 429]);
    } finally {
      await limited.destroy();
    }
  });

  it('behind a configured proxy (ONEWINDOW_TRUST_PROXY) each forwarded client has its own limit', async () => {
    expect(loadConfig({ ONEWINDOW_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
    expect(() => loadConfig({ ONEWINDOW_TRUST_PROXY: 'true' })).toThrow(/ONEWINDOW_TRUST_PROXY/);
    expect(() => loadConfig({ ONEWINDOW_TRUST_PROXY: '10.0.0.0/33' })).toThrow(/ONEWINDOW_TRUST_PROXY/);
    const proxied = await createTestApp({ progressRateLimit: 2, trustProxy: ['127.0.0.1'] });
    try {
      const lookup = (client: string, i: number) =>
        proxied.app.inject({ url: `/api/progress?number=220581-20260101-00001&code=DDDD${i}`, headers: { 'x-forwarded-for': client } });
      const codes: number[] = [];
      for (let i = 0; i < 3; i++) codes.push((await lookup('203.0.113.7', i)).statusCode);
      for (let i = 0; i < 2; i++) codes.push((await lookup('203.0.113.8', i)).statusCode);
      expect(codes).toEqual([404, 404, 429, 404, 404]);
      // A request not coming from the trusted proxy is judged by its own address, header or not.
      const direct = await proxied.app.inject({
        url: '/api/progress?number=220581-20260101-00001&code=EEEE1',
        remoteAddress: '198.51.100.9',
        headers: { 'x-forwarded-for': '203.0.113.99' },
      });
      expect(direct.statusCode).toBe(404);
      const again = await proxied.app.inject({
        url: '/api/progress?number=220581-20260101-00001&code=EEEE2',
        remoteAddress: '198.51.100.9',
        headers: { 'x-forwarded-for': '203.0.113.100' },
      });
      const third = await proxied.app.inject({
        url: '/api/progress?number=220581-20260101-00001&code=EEEE3',
        remoteAddress: '198.51.100.9',
        headers: { 'x-forwarded-for': '203.0.113.101' },
      });
      expect([again.statusCode, third.statusCode]).toEqual([404, 429]);
    } finally {
      await proxied.destroy();
    }
  });
});
