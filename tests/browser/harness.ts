import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { seedDemo } from '../../server/src/demo/seed.js';
import { createTestDatabase } from '../../server/src/test/database.js';

export const DEMO_PASSWORD = 'Browser-Test-1';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Platform {
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

/** The whole platform as `npm start` runs it (built web app, demo city), on a port of its own. */
export async function startPlatform(): Promise<Platform> {
  const database = await createTestDatabase();
  await seedDemo(database.db, DEMO_PASSWORD);
  const config = { ...loadConfig({}), databaseUrl: database.url };
  const app = await buildApp({ db: database.db, config });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Chromium's own network calls are refused on this machine's closed network; keep it quiet.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  return {
    baseUrl,
    browser,
    async close() {
      await browser.close();
      await app.close();
      await database.destroy();
    },
  };
}

/** A fresh browser context (own cookies) logged in as a demo account. */
export async function loginAs(platform: Platform, username: string): Promise<Page> {
  const context = await platform.browser.newContext({ baseURL: platform.baseUrl, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto('/login');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}
