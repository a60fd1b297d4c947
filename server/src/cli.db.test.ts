import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './test/database.js';
import { makeWorld } from './test/factories.js';

let t: TestDatabase;
let tmp: string;

beforeAll(async () => {
  t = await createTestDatabase();
  // A database with accounts in it: seed:demo must refuse it.
  await makeWorld(t.db);
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

// Each case starts the real entry point through tsx (a few seconds of CPU; far more on a busy machine).
// `audit verify` has its own exit-code test beside the chain (modules/audit/tamper.db.test.ts).
describe('every CLI command exits non-zero when it fails', { timeout: 240_000 }, () => {
  it('an unknown command exits 2, a usage error 2', async () => {
    expect((await cli(['no-such-command'])).code).toBe(2);
    expect((await cli(['seed:scale', '--cases', 'many'])).code).toBe(2);
  });

  it('seed:demo into a database that holds users exits 1', async () => {
    const result = await cli(['seed:demo']);
    expect(result.out).toContain('only written into an empty database');
    expect(result.code).toBe(1);
  });

  it('catalog:import of a broken file exits 1', async () => {
    const junk = path.join(tmp, 'junk.xlsx');
    await fs.writeFile(junk, 'not a workbook');
    expect((await cli(['catalog:import', junk])).code).toBe(1);
  });

  it('a database that does not answer exits 1', async () => {
    const result = await cli(['migrate'], { DATABASE_URL: 'postgres://nobody:x@127.0.0.1:1/none' });
    expect(result.code).toBe(1);
  });
});
