import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoProject } from '../../server/src/demo/joint.js';
import { completedFoodLicence, pageAs, PHONE, startPlatform, type Platform } from './harness.js';

/**
 * Every page of every role through axe-core (WCAG 2.1 A and AA rules; GB/T 37668-2019 asks the
 * same of web content), one browser, one logged-in context per account, moving between pages
 * inside the app (no reload) so the whole round stays short. No page may have a serious or
 * critical violation, nor show a person internal text. With A11Y_REPORT=<file> the count per
 * page is written there (docs/accessibility.md is made from it).
 */
const AXE_SOURCE = await fs.readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Words that must never reach a person: internal names, JS leftovers, the centre twice. */
const INTERNAL_TEXT = /\b(system|undefined|null|NaN|true|false)\b|\[object Object\]|\b(body|query|params)\.[a-zA-Z]+|政务服务中心政务服务中心/;

/** Latin letters a person may meet: names of formats and standards, the product's name. */
const ALLOWED_ENGLISH = /^(onewindow|PDF|Excel|xlsx|TOTP|OFD|JPEG|PNG|WCAG|GB|Chrome|Edge|Firefox|Safari|Linux|Windows)$/;

let platform: Platform;
let ids: Record<string, string | number>;

beforeAll(async () => {
  platform = await startPlatform();
  const db = platform.db!;
  // The demo key project (npm start adds it after seeding) and one case through every step, so
  // the project, joint and case pages of each role have something to show.
  await seedDemoProject(db);
  const done = await completedFoodLicence(platform, 'applicant1', '梅河口市无障碍餐饮店');
  const one = async <T,>(query: string) => ((await sql.raw<{ id: T }>(query).execute(db)).rows[0]?.id ?? '') as T;
  ids = {
    caseId: done.id,
    itemId: await one<number>(`SELECT id FROM service_items WHERE name = '食品经营许可（新办）' AND status = 'published'`),
    centreId: await one<number>(`SELECT id FROM centres WHERE kind = 'centre' ORDER BY id LIMIT 1`),
    windowId: await one<number>(`SELECT id FROM windows ORDER BY id LIMIT 1`),
    townCentreId: await one<number>(`SELECT id FROM centres WHERE kind <> 'centre' ORDER BY id LIMIT 1`),
    bundleId: await one<number>(`SELECT id FROM bundles ORDER BY id LIMIT 1`),
    jointId: await one<string>(`SELECT id FROM joint_applications ORDER BY id LIMIT 1`),
    projectId: await one<number>(`SELECT id FROM projects ORDER BY id LIMIT 1`),
    tradingProjectId: await one<string>(`SELECT id FROM trading_projects ORDER BY id LIMIT 1`),
    agencyId: await one<number>(`SELECT id FROM intermediaries WHERE status = 'approved' ORDER BY id LIMIT 1`),
  };
}, 240_000);
afterAll(() => platform?.close());

interface PageResult {
  account: string;
  path: string;
  counts: Record<'critical' | 'serious' | 'moderate' | 'minor', number>;
  serious: string[];
  internalText: string | null;
  overflow: number | null;
  ms: number;
  english: string[];
}
const results: PageResult[] = [];

/** Waits until the page has drawn its data: no spinner, no skeleton, nothing loading. */
async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-skeleton-active, .ant-table-placeholder .ant-spin'), undefined, { timeout: 15_000 }).catch(() => {});
  // Two frames more: a list that arrived with the last response draws in the next frame.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

async function audit(page: Page, account: string, path: string, first: boolean, phone = false): Promise<void> {
  if (first) {
    await page.goto(path);
    await page.addScriptTag({ content: AXE_SOURCE });
  } else {
    // Inside the single-page app: no reload, axe stays loaded, the session's data stays cached.
    await page.evaluate((to) => {
      window.history.pushState({}, '', to);
      window.dispatchEvent(new PopStateEvent('popstate'));
    }, path);
    // The router renders the new page in a transition: wait until the frame says it shows it.
    await page.waitForFunction((to) => document.getElementById('main')?.dataset.path === to, new URL(path, 'http://x').pathname, { timeout: 15_000 });
  }
  const started = Date.now();
  await settle(page);
  const outcome = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const { violations } = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return {
      violations: violations.map((v) => ({ id: v.id, impact: v.impact ?? 'minor', nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) })),
      text: document.body.innerText,
      width: document.documentElement.scrollWidth,
    };
  }, WCAG_TAGS);
  const counts = { critical: 0, serious: 0, moderate: 0, minor: 0 };
  for (const v of outcome.violations) counts[v.impact as keyof typeof counts] += v.nodes;
  const internal = INTERNAL_TEXT.exec(outcome.text);
  results.push({
    account,
    path,
    counts,
    serious: outcome.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} ×${v.nodes} ${v.targets.join(' ')}`),
    internalText: internal ? outcome.text.slice(Math.max(0, internal.index - 30), internal.index + 30) : null,
    overflow: phone && outcome.width > PHONE.width ? outcome.width : null,
    ms: Date.now() - started,
    // Addresses, application numbers and query codes are not words; what is left must be Chinese.
    english: [...new Set(outcome.text.replace(/(https?:\/\/|\/)[\w/.:?=&%-]+|\b[A-Z0-9]{6,}\b/g, ' ').match(/[A-Za-z][A-Za-z ]{2,}[A-Za-z]/g) ?? [])].filter((w) => !ALLOWED_ENGLISH.test(w)),
  });
}

async function visit(account: string | null, paths: string[], phone = false): Promise<void> {
  const page = await pageAs(platform, account, { bypassCSP: true, ...(phone ? { viewport: PHONE } : {}) });
  let first = true;
  for (const path of paths) {
    await audit(page, `${account ?? '公众'}${phone ? '（手机）' : ''}`, path, first, phone);
    first = false;
  }
  await page.context().close();
}

const failures = (pick: (r: PageResult) => unknown) => results.filter((r) => pick(r)).map((r) => ({ page: `${r.account} ${r.path}`, problem: pick(r) }));

/** The pages of each account (or of the public, `null`); `phone` runs them on a 390 px phone too. */
function pages(): { account: string | null; paths: string[]; phone?: boolean }[] {
  const { caseId, itemId, bundleId, centreId, agencyId, tradingProjectId, projectId, jointId, townCentreId } = ids;
  return [
    { account: null, paths: ['/', '/guide', `/guide/${itemId}`, '/progress', '/verify', '/ratings', '/login', '/register', `/exposure/${centreId}`, '/trading', '/intermediary', `/intermediary/agencies/${agencyId}`, '/no-such-page'], phone: true },
    { account: 'applicant1', paths: ['/', '/portal', `/portal/apply/${itemId}`, '/portal/cases', `/portal/cases/${caseId}`, '/portal/licences', '/portal/appointments', '/visits', '/portal/ratings', '/portal/bundles', `/portal/bundles/${bundleId}`, '/portal/joint', '/portal/agency', '/portal/intermediary', '/inquiries', '/me/security', `/guide/${itemId}`], phone: true },
    { account: 'enterprise1', paths: ['/portal', '/portal/projects', `/portal/projects/${projectId}/stages/1`, `/portal/joint/${jointId}`, '/trading/bidder'], phone: true },
    { account: 'bidder1', paths: ['/trading/bidder', `/trading/bidder/${tradingProjectId}`] },
    { account: 'tenderer1', paths: ['/trading/projects', `/trading/projects/${tradingProjectId}`] },
    { account: 'clerk1', paths: ['/hall', '/hall/walk-in', '/hall/joint', '/hall/joint/new', `/hall/joint/${jointId}`, '/hall/queue', '/hall/duty', `/hall/cases/${caseId}`, '/visits', '/inquiries'] },
    { account: 'reviewer1', paths: ['/review', `/review/cases/${caseId}`, '/inquiries'] },
    { account: 'head1', paths: ['/head', `/head/cases/${caseId}`] },
    { account: 'supervisor', paths: ['/supervise', '/supervise/projects', '/supervise/rectifications', `/supervise/cases/${caseId}`, `/supervise/joint/${jointId}`, '/supervise/intermediary', '/trading/centre', '/ratings'] },
    { account: 'admin', paths: ['/admin', '/admin/catalog', `/admin/catalog/${itemId}`, '/admin/catalog/import', '/admin/catalog/stats', '/admin/calendar'] },
    { account: 'admin', paths: ['/admin/staff', '/admin/network', `/admin/network/${townCentreId}`, '/admin/feed', '/admin/licence-types', '/admin/seals'] },
    { account: 'admin', paths: ['/admin/rectifications', '/admin/hall', '/admin/discipline', '/admin/assessment', '/admin/intermediary', `/admin/cases/${caseId}`] },
    { account: 'villageagent1', paths: ['/village', '/guide'] },
    { account: 'agent1', paths: ['/agent', '/agent/bundles', `/agent/bundles/${bundleId}`, `/agent/joint/${jointId}`, `/agent/projects/${projectId}/stages/1`] },
    { account: 'officer1', paths: ['/trading/projects', `/trading/projects/${tradingProjectId}`, '/trading/centre'] },
    { account: 'tbagency1', paths: ['/trading/projects'] },
    { account: 'expert1', paths: ['/trading/expert'] },
    { account: 'agency1', paths: ['/intermediary/desk'] },
    { account: 'inspector1', paths: ['/inspect'] },
  ];
}
const GROUPS = 19;
/** Accounts of the people the centre serves: what they see must be all Chinese. */
const CITIZENS = new Set(['公众', 'applicant1', 'enterprise1', 'bidder1', 'tenderer1']);

describe('every page, every role: axe-core and plain words', () => {
  // The hall's full-screen pages have no site frame (no in-app moves): each loads on its own.
  it('the hall screens', async () => {
    const { centreId, windowId } = ids;
    for (const path of [`/board/${centreId}`, `/board/${centreId}/touch`, `/kiosk/queue/${centreId}`, `/kiosk/${windowId}`]) await visit(null, [path]);
  });

  // One test per account and screen size, each in its own logged-in context.
  for (let index = 0; index < GROUPS; index++) {
    it(`pages of account group ${index + 1}`, async () => {
      const group = pages()[index]!;
      await visit(group.account, group.paths);
      if (group.phone) await visit(group.account, group.paths, true);
    });
  }

  it('no serious or critical violation, no internal or English text, nothing wider than a phone', async () => {
    if (process.env.A11Y_REPORT) await fs.writeFile(process.env.A11Y_REPORT, JSON.stringify(results, null, 1));
    // Every page was visited: the groups above, each once more on the phone where asked, and the 4 hall screens.
    expect(pages()).toHaveLength(GROUPS);
    expect(results.length).toBe(4 + pages().reduce((n, g) => n + g.paths.length * (g.phone ? 2 : 1), 0));
    expect(failures((r) => (r.serious.length ? r.serious : null))).toEqual([]);
    expect(failures((r) => r.internalText)).toEqual([]);
    expect(failures((r) => r.overflow)).toEqual([]);
    expect(failures((r) => (CITIZENS.has(r.account.replace('（手机）', '')) && r.english.length ? r.english : null))).toEqual([]);
  });
});
