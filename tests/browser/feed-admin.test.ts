import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { seedDemo } from '../../server/src/demo/seed.js';
import { startFeedDispatcher } from '../../server/src/modules/feed/dispatcher.js';
import { FEED_HEADERS, verifyFeedSignature } from '../../server/src/modules/feed/signature.js';
import { createTestDatabase, type TestDatabase } from '../../server/src/test/database.js';
import { applyForFoodLicence, button, DEMO_PASSWORD, loginAs, type Platform } from './harness.js';

/** The province's receiver: failing until told otherwise, recording what arrives. */
const received: { eventId: string; body: string; timestamp?: string; signature?: string }[] = [];
let answer = 500;
const receiver = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    if (answer === 200) {
      const h = (name: string) => request.headers[name] as string | undefined;
      received.push({ eventId: h(FEED_HEADERS.eventId)!, body: Buffer.concat(chunks).toString(), timestamp: h(FEED_HEADERS.timestamp), signature: h(FEED_HEADERS.signature) });
    }
    response.writeHead(answer).end();
  });
});

let platform: Platform;
let database: TestDatabase;
let stopFeed: () => Promise<void>;
let hookUrl: string;

// The platform as npm start runs it, plus the push dispatcher with a quick retry schedule.
beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/events`;
  database = await createTestDatabase();
  await seedDemo(database.db, DEMO_PASSWORD);
  const app = await buildApp({ db: database.db, config: { ...loadConfig({}), databaseUrl: database.url } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  stopFeed = startFeedDispatcher(database.db, () => {}, 200, { retry: { baseDelayMs: 100, maxDelayMs: 200, maxAttempts: 2 } });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  platform = {
    baseUrl: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    browser,
    async close() {
      await browser.close();
      await stopFeed();
      await app.close();
      await database.destroy();
    },
  };
});
afterAll(async () => {
  await platform?.close();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

describe('e-supervision feed, as the administrator sets it up', () => {
  it('registers the province, sees a failing receiver paused with its error, resumes it, issues a pull token', async () => {
    const citizen = await loginAs(platform, 'applicant1');
    await applyForFoodLicence(citizen, { name: '张伟', phone: '13943567890', business: '梅河口市老街面馆', premises: '梅河口市老街 12 号' });

    const admin = await loginAs(platform, 'admin');
    await admin.getByRole('menuitem', { name: '数据对接' }).click();
    await admin.getByRole('button', { name: /登记订阅方/ }).click();
    await admin.getByLabel('名称').fill('吉林省电子监察系统');
    await admin.getByLabel(/推送地址/).fill(hookUrl);
    await admin.getByText('推送全部历史记录').click();
    await button(admin, '保存').click();
    const secret = (await admin.getByTestId('shown-once').textContent())!.replace(/\s/g, '');
    expect(secret.length).toBeGreaterThanOrEqual(40);
    await admin.getByRole('dialog').getByRole('button', { name: /知道了|OK|确\s*定/ }).click();

    // Two failed attempts: paused, with the receiver's answer on the page.
    await expect.poll(() => admin.locator('body').innerText(), { timeout: 15_000 }).toContain('推送失败，已暂停');
    await expect.poll(() => admin.locator('body').innerText()).toContain('HTTP 500');

    answer = 200;
    await button(admin, '恢复推送').click();
    await expect.poll(() => received.length, { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => admin.locator('.ant-tag', { hasText: '正常' }).count(), { timeout: 15_000 }).toBe(1);
    const first = received[0]!;
    expect(verifyFeedSignature({ secret, timestamp: first.timestamp, body: first.body, signature: first.signature })).toBe(true);
    expect(JSON.parse(first.body)).toMatchObject({ action: 'submit', itemName: '食品经营许可（新办）', regionCode: '220581' });
    expect(received.map((r) => r.body).join()).not.toContain('13943567890');

    await button(admin, '签发令牌').click();
    await admin.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定|OK/ }).click();
    const token = (await admin.getByTestId('shown-once').textContent())!.replace(/\s/g, '');
    const pulled = await fetch(`${platform.baseUrl}/api/feed/case-events`, { headers: { authorization: `Bearer ${token}` } });
    expect(pulled.status).toBe(200);
    expect(((await pulled.json()) as { events: unknown[] }).events).toHaveLength(received.length);
  });
});
