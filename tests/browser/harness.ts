import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import net, { type AddressInfo } from 'node:net';
import { chromium, type APIRequestContext, type Browser, type Locator, type Page } from 'playwright-core';
import { buildApp } from '../../server/src/app.js';
import type { Database } from '../../server/src/db/database.js';
import { loadConfig } from '../../server/src/config.js';
import { seedDemo } from '../../server/src/demo/seed.js';
import { createTestDatabase } from '../../server/src/test/database.js';
import { pdfWith } from '../../server/src/test/files.js';

export const DEMO_PASSWORD = 'Browser-Test-1';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Platform {
  baseUrl: string;
  browser: Browser;
  /** The platform's database, for moving time (e.g. a deadline into the past) where waiting is not an option. */
  db?: Database;
  close(): Promise<void>;
}

/** The whole platform as `npm start` runs it (built web app, demo city), on a port of its own. */
export async function startPlatform(): Promise<Platform> {
  const database = await createTestDatabase();
  // Uploads, seal keys and archives go to a folder of this run's own, never the checkout's ./data.
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'onewindow-browser-'));
  // The port is chosen first so the public address (QR codes, the identity provider's issuer and
  // redirect address) is the one the browser uses.
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = { ...loadConfig({}), databaseUrl: database.url, dataDir, publicUrl: baseUrl, demoPassword: DEMO_PASSWORD };
  await seedDemo(database.db, DEMO_PASSWORD, config);
  const app = await buildApp({ db: database.db, config });
  await app.listen({ port, host: '127.0.0.1' });
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
    db: database.db,
    async close() {
      await browser.close();
      await app.close();
      await database.destroy();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A phone as the citizen journeys are also run on (iPhone 12–15 class: 390 × 844 CSS pixels). */
export const PHONE = { width: 390, height: 844 } as const;

export interface ContextOptions {
  /** Screen size; the desktop default (1280 × 720) when left out. */
  viewport?: { width: number; height: number };
  /** Lets a test inject a script (axe-core) past the app's Content-Security-Policy. */
  bypassCSP?: boolean;
}

const contextOptions = (platform: Platform, options: ContextOptions) => ({
  baseURL: platform.baseUrl,
  locale: 'zh-CN',
  ...(options.viewport ? { viewport: options.viewport, isMobile: true, hasTouch: true } : {}),
  ...(options.bypassCSP ? { bypassCSP: true } : {}),
});

/** A fresh browser context (own cookies) logged in as a demo account, through the login page. */
export async function loginAs(platform: Platform, username: string, options: ContextOptions = {}): Promise<Page> {
  const context = await platform.browser.newContext(contextOptions(platform, options));
  const page = await context.newPage();
  await page.goto('/login');
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

/** antd puts a space between two CJK characters on buttons ("受 理"); match either way. */
export const button = (page: Page | Locator, text: string) =>
  page.getByRole('button', { name: new RegExp(`^\\s*${text.split('').join('\\s*')}\\s*$`) });

/**
 * Opens an antd select and picks the option with this text, then waits for its list to close: on
 * a busy machine the list was still open when the test clicked the next button, and covered it.
 * A click that landed while the list was moving picked nothing, so the option is clicked again.
 */
export async function chooseOption(page: Page, opener: Locator, option: string): Promise<void> {
  await opener.click();
  const list = page.locator('.ant-select-dropdown:visible');
  for (let attempt = 1; ; attempt++) {
    await list.locator('.ant-select-item-option', { hasText: option }).first().click();
    try {
      await list.waitFor({ state: 'hidden', timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

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

/** A small, well-formed PDF: what the journeys upload for a listed material. */
export const MATERIAL_PDF = { name: '材料.pdf', mimeType: 'application/pdf', buffer: pdfWith() };

/**
 * On the online application page: uploads a PDF for every required listed material that nothing
 * else stands in for (a licence, a commitment), as the
 * applicant does row by row, and waits until each row shows its file.
 */
export async function uploadRequiredMaterials(page: Page): Promise<void> {
  // The list renders with the form; an item that lists no required material has no rows.
  await page.getByRole('button', { name: /提交申请/ }).waitFor();
  const rows = page.locator('[data-testid^="apply-material-"][data-required="true"]');
  for (const row of await rows.all()) {
    await row.locator('input[type=file]').setInputFiles(MATERIAL_PDF);
    await row.getByText('已上传：').waitFor();
  }
}

/** At the clerk's case page: marks every required listed material 合格 (the check before 受理). */
export async function verifyRequiredMaterials(page: Page): Promise<void> {
  const rows = page.locator('[data-testid^="checklist-"][data-required="true"]');
  await rows.first().waitFor();
  for (const row of await rows.all()) {
    await row.getByRole('button', { name: /^合\s*格$/ }).click();
    await row.getByText('核验合格').waitFor();
  }
}

type ListedMaterial = { id: string; requirement: string; governmentHeld?: boolean };

/**
 * Applies through the API as the online hall does: a PDF staged for each required listed material
 * first, then the application with their ids.
 */
export async function applyViaApi(citizen: APIRequestContext, itemId: number, formData: Record<string, unknown>): Promise<{ id: string; number: string }> {
  const { item } = (await (await citizen.get(`/api/catalog/items/${itemId}`)).json()) as { item: { materials: ListedMaterial[] } };
  const materials: string[] = [];
  for (const m of item.materials.filter((x) => x.requirement === 'required' && !x.governmentHeld)) {
    const response = await citizen.post(`/api/catalog/items/${itemId}/uploads`, { multipart: { materialId: m.id, file: MATERIAL_PDF } });
    if (!response.ok()) throw new Error(`upload ${m.id}: ${response.status()} ${await response.text()}`);
    materials.push(((await response.json()) as { id: string }).id);
  }
  return (await postOk<{ case: { id: string; number: string } }>(citizen, '/api/cases', { itemId, formData, materials })).case;
}

/** The clerk checks every required listed material as 合格 and accepts, through the API. */
export async function acceptViaApi(clerk: APIRequestContext, caseId: string): Promise<void> {
  const response = await clerk.get(`/api/cases/${caseId}/checklist`);
  if (!response.ok()) throw new Error(`checklist: ${response.status()} ${await response.text()}`);
  const { materials } = (await response.json()) as { materials: ListedMaterial[] };
  for (const m of materials.filter((x) => x.requirement === 'required' && !x.governmentHeld)) {
    await postOk(clerk, `/api/cases/${caseId}/checklist/${m.id}/verify`, { verdict: 'accepted' });
  }
  await postOk(clerk, `/api/cases/${caseId}/accept`);
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
  await uploadRequiredMaterials(page);
  await button(page, '提交申请').click();
  return (await page.getByTestId('case-number').textContent())!.trim();
}

/**
 * A page of a demo account logged in through the API (no login page): for tests that visit many
 * pages as many roles and are not about logging in. `username` null gives a visitor's page.
 */
export async function pageAs(platform: Platform, username: string | null, options: ContextOptions = {}): Promise<Page> {
  const context = await platform.browser.newContext(contextOptions(platform, options));
  if (username) {
    const response = await context.request.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
    if (!response.ok()) throw new Error(`login ${username}: ${response.status()} ${await response.text()}`);
  }
  return context.newPage();
}

/** An API client logged in as a demo account, for setting up what the UI is not being tested on. */
export async function apiAs(platform: Platform, username: string): Promise<APIRequestContext> {
  const context = await platform.browser.newContext({ baseURL: platform.baseUrl });
  const response = await context.request.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
  if (!response.ok()) throw new Error(`login ${username}: ${response.status()} ${await response.text()}`);
  return context.request;
}

const apiSessions = new WeakMap<Platform, Map<string, Promise<APIRequestContext>>>();
/** Like `apiAs`, but one session per account and platform, kept until the platform closes (logins cost a password hash). */
export function sharedApi(platform: Platform, username: string): Promise<APIRequestContext> {
  const sessions = apiSessions.get(platform) ?? new Map<string, Promise<APIRequestContext>>();
  apiSessions.set(platform, sessions);
  if (!sessions.has(username)) sessions.set(username, apiAs(platform, username));
  return sessions.get(username)!;
}

/** POSTs and fails loudly on anything but success, with the API's error in the message. */
export async function postOk<T = unknown>(api: APIRequestContext, url: string, data: unknown = {}): Promise<T> {
  const response = await api.post(url, { data });
  if (!response.ok()) throw new Error(`POST ${url}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * An online 食品经营许可（新办） taken to 已办结 through the API (accepted by clerk1, approved by
 * reviewer1, picked up at the window), for journeys that start after the case.
 */
export async function completedFoodLicence(platform: Platform, applicant: string, business: string): Promise<{ id: string; number: string }> {
  const [citizen, clerk, reviewer] = await Promise.all([sharedApi(platform, applicant), sharedApi(platform, 'clerk1'), sharedApi(platform, 'reviewer1')]);
  const { items } = (await (await citizen.get(`/api/catalog/items?q=${encodeURIComponent('食品经营许可')}`)).json()) as { items: { id: number; name: string }[] };
  const item = items.find((i) => i.name === '食品经营许可（新办）')!;
  const formData = { operatorName: business, premises: '梅河口市建设街 6 号', businessType: '餐饮服务经营者', scope: '热食类食品制售', contactName: '张伟', contactPhone: '13843512345' };
  const created = await applyViaApi(citizen, item.id, formData);
  await acceptViaApi(clerk, created.id);
  await postOk(reviewer, `/api/cases/${created.id}/claim`);
  await postOk(reviewer, `/api/cases/${created.id}/complete-review`, { opinion: '材料齐全，符合条件' });
  await postOk(reviewer, `/api/cases/${created.id}/approve`);
  await postOk(clerk, `/api/cases/${created.id}/issue`, { delivery: { method: 'window' } });
  return created;
}

/** The clerk registers a walk-in applicant for 食品经营许可（新办）, accepted on the spot. */
export async function registerWalkIn(clerk: Page, person: { name: string; idNumber: string; phone: string; business: string; premises: string }): Promise<void> {
  await clerk.goto('/hall/walk-in');
  await clerk.getByLabel('姓名 / 单位名称').fill(person.name);
  await clerk.getByLabel('身份证号 / 统一社会信用代码').fill(person.idNumber);
  await clerk.getByLabel('手机号').fill(person.phone);
  await clerk.getByLabel('办理事项').click();
  await clerk.getByLabel('办理事项').fill('食品经营许可（新办）');
  await clerk.locator('.ant-select-item-option', { hasText: '食品经营许可（新办）' }).first().click();
  await clerk.getByLabel('经营者名称').fill(person.business);
  await clerk.getByLabel('经营场所').fill(person.premises);
  await clerk.getByLabel('主体业态').click();
  await clerk.locator('.ant-select-item-option', { hasText: '食品销售经营者' }).click();
  await clerk.getByLabel('经营项目').fill('预包装食品销售');
  await clerk.getByLabel('联系人').fill(person.name);
  await clerk.getByLabel('联系电话').fill(person.phone);
  await checkWalkInMaterials(clerk);
  await button(clerk, '登记').click();
}

/** On the walk-in form: every material on the item's list seen and in order, ticked, so the case is accepted on the spot. */
export async function checkWalkInMaterials(clerk: Page): Promise<void> {
  const checklist = clerk.locator('.ant-form-item', { has: clerk.getByText('材料核验', { exact: true }) }).locator('input[type=checkbox]');
  await checklist.first().waitFor();
  for (const box of await checklist.all()) await box.check();
}

/**
 * Moves the focus with the Tab key alone until it reaches the element, as a keyboard-only user
 * does; fails if the element cannot be reached within `limit` presses (a focus trap, an element
 * left out of the tab order).
 */
export async function tabTo(page: Page, target: Locator, limit = 80): Promise<void> {
  await target.waitFor();
  const handle = await target.elementHandle();
  for (let i = 0; i < limit; i++) {
    if (await handle!.evaluate((el) => el === document.activeElement || el.contains(document.activeElement))) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`not reachable with the Tab key in ${limit} presses: ${target.toString()}`);
}

/** A loopback port nobody listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
