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

/** antd puts a space between two CJK characters on buttons ("受 理"); match either way. */
export const button = (page: Page, text: string) =>
  page.getByRole('button', { name: new RegExp(`^\\s*${text.split('').join('\\s*')}\\s*$`) });

/** Fills the open dialog's fields by label and confirms it. */
export async function confirmDialog(page: Page, fields: Record<string, string> = {}): Promise<void> {
  const modal = page.getByRole('dialog');
  for (const [label, text] of Object.entries(fields)) await modal.getByLabel(label).fill(text);
  await modal.getByRole('button', { name: /确\s*定/ }).click();
  await modal.waitFor({ state: 'hidden' });
}

/** Opens a case from a list (optionally on a tab) and waits for its page. */
export async function openCase(page: Page, number: string, from?: { path: string; tab?: string }): Promise<void> {
  if (from) await page.goto(from.path);
  if (from?.tab) await page.getByRole('tab', { name: from.tab }).click();
  await page.getByTestId('case-row').filter({ hasText: number }).first().click();
  await page.getByTestId('case-number').filter({ hasText: number }).first().waitFor();
}

/** The applicant applies online for 食品经营许可（新办）; answers the application number. */
export async function applyForFoodLicence(page: Page, applicant: { name: string; phone: string; business: string; premises: string }): Promise<string> {
  await page.goto('/portal');
  await page.getByPlaceholder(/搜索事项/).fill('食品经营许可');
  await page.getByPlaceholder(/搜索事项/).press('Enter');
  await page.locator('.ant-card', { hasText: '食品经营许可（新办）' }).first().getByText('在线申请').click();
  await page.getByLabel('经营者名称').fill(applicant.business);
  await page.getByLabel('经营场所').fill(applicant.premises);
  await page.getByLabel('主体业态').click();
  await page.locator('.ant-select-item-option', { hasText: '餐饮服务经营者' }).click();
  await page.getByLabel('经营项目').fill('热食类食品制售');
  await page.getByLabel('联系人').fill(applicant.name);
  await page.getByLabel('联系电话').fill(applicant.phone);
  await button(page, '提交申请').click();
  return (await page.getByTestId('case-number').textContent())!.trim();
}
