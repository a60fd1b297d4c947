import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './test/database.js';
import { makeWorld, toActorOf } from './test/factories.js';
import * as cases from './modules/cases/service.js';

let t: TestDatabase;
let caseId: string;
let tmp: string;

beforeAll(async () => {
  t = await createTestDatabase();
  const w = await makeWorld(t.db);
  ({ caseId } = await cases.submitApplication({ db: t.db, actor: toActorOf(w.applicant), itemId: w.itemA.id, formData: { name: '店', phone: '13800138000' } }));
  await cases.acceptCase({ db: t.db, actor: toActorOf(w.clerk), caseId });
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'onewindow-cli-'));
});
afterAll(async () => {
  await t.destroy();
  await fs.rm(tmp, { recursive: true, force: true });
});

/** Runs `npm run cli -- …` as an operator would (tsx, the real entry point) and returns its exit code. */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', ...args], {
      env: { ...process.env, DATABASE_URL: t.url, ONEWINDOW_DATA_DIR: tmp, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('every CLI command exits non-zero when it fails', () => {
  it('audit verify: 0 on an intact chain, 1 on a broken one', async () => {
    const intact = await cli(['audit', 'verify']);
    expect(intact.out).toContain('ok: 1 cases');
    expect(intact.code).toBe(0);
    await t.db.updateTable('case_events').set({ note: '改过' }).where('case_id', '=', caseId).where('seq', '=', 2).execute();
    const broken = await cli(['audit', 'verify']);
    expect(broken.out).toContain('BROKEN');
    expect(broken.code).toBe(1);
  });

  it('an unknown command exits 2, a usage error 2, help 0', { timeout: 120_000 }, async () => {
    expect((await cli(['no-such-command'])).code).toBe(2);
    expect((await cli(['seed:scale', '--cases', 'many'])).code).toBe(2);
    expect((await cli(['--help'])).code).toBe(0);
  });

  it('seed:demo into a database that holds users exits 1', async () => {
    const result = await cli(['seed:demo']);
    expect(result.out).toContain('only written into an empty database');
    expect(result.code).toBe(1);
  });

  it('catalog:import of a missing or broken file exits 1', async () => {
    expect((await cli(['catalog:import', path.join(tmp, 'missing.xlsx')])).code).toBe(1);
    const junk = path.join(tmp, 'junk.xlsx');
    await fs.writeFile(junk, 'not a workbook');
    expect((await cli(['catalog:import', junk])).code).toBe(1);
  });

  it('a database that does not answer exits 1', async () => {
    const result = await cli(['migrate'], { DATABASE_URL: 'postgres://nobody:x@127.0.0.1:1/none' });
    expect(result.code).toBe(1);
  });
});
