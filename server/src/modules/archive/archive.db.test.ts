import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookies, makeWorld, reviewToDecision } from '../../test/factories.js';
import { chinaDate } from '../../util/china-time.js';
import { sealSignerFor } from '../seals/keystore.js';
import { createSeal } from '../seals/service.js';
import { verifyArchives } from './service.js';
import { pngImage } from '../../test/files.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
let cookies: Record<'applicant' | 'clerk' | 'reviewer' | 'admin', string>;
// A whole PNG: uploads are checked beyond their first bytes.
const PNG = pngImage();

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
  // The archive keeps the notices as sealed by the department.
  await createSeal(t.db, sealSignerFor({ dataDir: t.dataDir }), { departmentId: w.deptA.id, actor: null });
  cookies = await loginCookies(t.app, {
    applicant: w.applicant,
    clerk: w.clerk,
    reviewer: w.reviewerA,
    admin: w.admin,
  });
});
afterAll(() => t.destroy());

/** One case from application to issuance, with one uploaded material. */
async function completedCase(): Promise<{ id: string; number: string }> {
  const c = (await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: cookies.applicant }, payload: { itemId: w.itemA.id, formData: { name: '归档测试', phone: '13800138000' } } })).json().case;
  const boundary = '----archive';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\n营业场所照片\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.png"\r\nContent-Type: image/png\r\n\r\n`),
    PNG,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const upload = await t.app.inject({ method: 'POST', url: `/api/cases/${c.id}/materials`, headers: { cookie: cookies.applicant, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
  expect(upload.statusCode, upload.body).toBe(201);
  await t.app.inject({ method: 'POST', url: `/api/cases/${c.id}/accept`, headers: { cookie: cookies.clerk }, payload: {} });
  await reviewToDecision(t.db, c.id, w.reviewerA);
  await t.app.inject({ method: 'POST', url: `/api/cases/${c.id}/approve`, headers: { cookie: cookies.reviewer }, payload: {} });
  const issued = await t.app.inject({ method: 'POST', url: `/api/cases/${c.id}/issue`, headers: { cookie: cookies.clerk }, payload: { delivery: { method: 'window' } } });
  expect(issued.statusCode, issued.body).toBe(200);
  return { id: c.id, number: c.number };
}

function cli(...args: string[]) {
  return spawnSync(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'server/src/cli.ts', ...args], {
    env: { ...process.env, DATABASE_URL: t.url, ONEWINDOW_DATA_DIR: t.dataDir, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });
}

describe('electronic archive (电子档案)', () => {
  it('archives a completed case with an SM3 manifest; archive verify exits non-zero on a deleted or altered file', async () => {
    const c = await completedCase();
    const row = await t.db.selectFrom('case_archives').selectAll().where('case_id', '=', c.id).executeTakeFirstOrThrow();
    expect(row.folder).toBe(path.join(chinaDate().slice(0, 4), c.number));
    expect(row.manifest.map((e) => e.path)).toEqual(['case.json', 'materials/01-营业场所照片.png', 'notices/acceptance.json', 'notices/acceptance.pdf', 'notices/approval.json', 'notices/approval.pdf', 'notices/delivery.json', 'notices/delivery.pdf', 'timeline.json']);
    // Item type 01 (行政许可) keeps 30 years unless the item says otherwise.
    expect(row.retention_years).toBe(30);
    expect(row.retain_until).toBe(`${Number(chinaDate().slice(0, 4)) + 30}${chinaDate().slice(4)}`);
    const folder = path.join(t.dataDir, 'archive', row.folder);
    expect(fs.readFileSync(path.join(folder, 'materials/01-营业场所照片.png')).equals(PNG)).toBe(true);
    const timeline = JSON.parse(fs.readFileSync(path.join(folder, 'timeline.json'), 'utf8'));
    expect(timeline.map((e: { action: string }) => e.action)).toEqual(['submit', 'accept', 'claim', 'complete_review', 'approve', 'issue']);

    const clean = cli('archive', 'verify');
    expect(clean.status, clean.stderr).toBe(0);
    expect(clean.stdout).toContain('ok: 1 packages, 9 files verified');

    fs.rmSync(path.join(folder, 'notices/acceptance.pdf'));
    const timelinePath = path.join(folder, 'timeline.json');
    fs.writeFileSync(timelinePath, fs.readFileSync(timelinePath, 'utf8').replace('"issue"', '"isSue"'));
    const broken = cli('archive', 'verify');
    expect(broken.status, broken.stdout + broken.stderr).toBe(1);
    expect(broken.stdout).toContain(`MISSING: case ${c.number}, ${row.folder}/notices/acceptance.pdf`);
    expect(broken.stdout).toContain(`ALTERED: case ${c.number}, ${row.folder}/timeline.json`);
    // Two runs of the real CLI (a TypeScript start each): slow on a busy machine, not a hang.
  }, 180_000);

  it('exports one tar per case, and lists packages past retention for a recorded decision', async () => {
    const c = await completedCase();
    const exported = await t.app.inject({ url: `/api/admin/archives/${c.id}/export`, headers: { cookie: cookies.admin } });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toBe('application/x-tar');
    const tar = exported.rawPayload;
    expect(tar.subarray(0, 100).toString('utf8').replace(/\0+$/, '')).toBe(`${c.number}/case.json`);
    expect(tar.subarray(257, 262).toString('ascii')).toBe('ustar');
    expect(tar.toString('utf8')).toContain(`${c.number}/manifest.json`);
    expect((await t.app.inject({ url: `/api/admin/archives/${c.id}/export`, headers: { cookie: cookies.clerk } })).statusCode).toBe(403);

    // Retention ran out (moved back in time for the test): listed, never removed by itself.
    await t.db.updateTable('case_archives').set({ retain_until: '2000-01-01' }).where('case_id', '=', c.id).execute();
    const due = (await t.app.inject({ url: '/api/admin/archives?due=true', headers: { cookie: cookies.admin } })).json().archives;
    expect(due.map((a: { caseNumber: string }) => a.caseNumber)).toEqual([c.number]);
    const decided = await t.app.inject({ method: 'POST', url: `/api/admin/archives/${c.id}/decision`, headers: { cookie: cookies.admin }, payload: { decision: 'destroy', reason: '经鉴定无继续保存价值，报档案馆批准销毁' } });
    expect(decided.statusCode, decided.body).toBe(204);
    expect((await t.app.inject({ url: '/api/admin/archives?due=true', headers: { cookie: cookies.admin } })).json().archives).toEqual([]);
    const audit = await t.db.selectFrom('audit_events').select(['action', 'actor_id']).where('target_id', '=', c.id).where('action', 'like', 'archive.%').orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'archive.create', actor_id: null },
      { action: 'archive.export', actor_id: w.admin.id },
      { action: 'archive.destroy', actor_id: w.admin.id },
    ]);
    // A destroyed package is no longer checked; the first test's broken package still is.
    const result = await verifyArchives(t.db, t.dataDir);
    expect(result.packages).toBe(1);
  });
});
