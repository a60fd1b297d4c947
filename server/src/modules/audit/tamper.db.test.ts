import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { makeWorld, reviewToDecision, toActorOf } from '../../test/factories.js';
import { verifyTimelines } from '../cases/audit.js';
import { caseDigest, eventHash } from '../cases/chain.js';
import * as cases from '../cases/service.js';
import { CHECKPOINT_FILE, readCheckpoints, writeCheckpoint } from './checkpoints.js';
import { ledgerHash, sealLedger, verifyLedger } from './ledger.js';
import { localSigner, type AuditSigner } from './signer.js';
import { verifyAudit } from './verify.js';

let t: TestDatabase;
let dir: string;
let signer: AuditSigner;
let approved: string;
let denied: string;
let fresh: string;
let w: Awaited<ReturnType<typeof makeWorld>>;

// Every test tampers, so each gets a fresh database and audit folder.
beforeEach(async () => {
  t = await createTestDatabase();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'onewindow-audit-'));
  signer = await localSigner(dir);
  w = await makeWorld(t.db);
  const db = t.db;
  const submit = async (name: string) =>
    (await cases.submitApplication({ db, actor: toActorOf(w.applicant), itemId: w.itemA.id, formData: { name, phone: '13800138000' } })).caseId;
  approved = await submit('甲店');
  denied = await submit('乙店');
  fresh = await submit('丙店');
  for (const caseId of [approved, denied]) {
    await cases.acceptCase({ db, actor: toActorOf(w.clerk), caseId });
    await reviewToDecision(db, caseId, w.reviewerA);
  }
  await cases.approveCase({ db, actor: toActorOf(w.reviewerA), caseId: approved, opinion: '符合条件，准予许可' });
  await cases.issueResult({ db, actor: toActorOf(w.clerk), caseId: approved, delivery: { method: 'window' } });
  await cases.denyCase({ db, actor: toActorOf(w.reviewerA), caseId: denied, reason: '经营场所不符合要求' });
  await writeCheckpoint(db, { dir, signer });
});
afterEach(async () => {
  await t.destroy();
  await fs.rm(dir, { recursive: true, force: true });
});

/** What a careful insider does after an edit: recomputes the case's chain and head so it verifies on its own. */
async function rechainCase(caseId: string): Promise<void> {
  const row = await t.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
  const events = await t.db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();
  let prev: Buffer | null = null;
  for (const [i, event] of events.entries()) {
    const digest = i === events.length - 1 ? caseDigest(row) : event.case_digest;
    const hash = eventHash(prev, { ...event, case_digest: digest });
    await t.db.updateTable('case_events').set({ prev_hash: prev, hash, case_digest: digest }).where('id', '=', event.id).execute();
    prev = hash;
  }
  await t.db.updateTable('cases').set({ timeline_head: prev, event_count: events.length }).where('id', '=', caseId).execute();
}

/** …and, knowing the ledger, rewrites it too: event hashes copied, rows of vanished events dropped, links recomputed. */
async function relinkLedger(): Promise<void> {
  await sql`DELETE FROM audit_ledger l WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.id = l.event_id)`.execute(t.db);
  await sql`UPDATE audit_ledger l SET event_hash = e.hash FROM case_events e WHERE e.id = l.event_id`.execute(t.db);
  const rows = await t.db.selectFrom('audit_ledger').selectAll().orderBy('position').execute();
  await t.db.deleteFrom('audit_ledger').execute();
  let prev: Buffer | null = null;
  for (const [i, row] of rows.entries()) {
    const renumbered = { ...row, position: i + 1 };
    prev = ledgerHash(prev, renumbered);
    await t.db.insertInto('audit_ledger').values({ ...renumbered, chain_hash: prev }).execute();
  }
}

async function deleteCase(caseId: string): Promise<void> {
  await t.db.deleteFrom('notifications').where('case_id', '=', caseId).execute();
  await t.db.deleteFrom('idempotency_keys').where('case_id', '=', caseId).execute();
  await t.db.deleteFrom('case_events').where('case_id', '=', caseId).execute();
  await t.db.deleteFrom('cases').where('id', '=', caseId).execute();
}

describe('tamper evidence: case chains, the global ledger and signed checkpoints', () => {
  it('an untouched history verifies, sealed and checkpointed', async () => {
    const report = await verifyAudit(t.db, { dir });
    // approved: submit, accept, claim, review, approve, issue; denied: five; fresh: one.
    expect(report).toMatchObject({ ok: true, cases: 3, events: 12, ledgerRows: 12, pending: 0, checkpoints: 1, problems: [] });
  });

  it('an edited timeline row with its case chain recomputed: the ledger still holds the old hash', async () => {
    await t.db.updateTable('case_events').set({ note: '同意' }).where('case_id', '=', denied).where('seq', '=', 5).execute();
    await rechainCase(denied);
    expect((await verifyTimelines(t.db)).firstBreak).toBeNull();
    const report = await verifyAudit(t.db, { dir });
    expect(report.ok).toBe(false);
    expect(report.ledgerBreak).toMatchObject({ caseId: denied, problem: 'event_altered' });
  });

  it('…and the ledger recomputed as well: the signed checkpoint no longer matches', async () => {
    await t.db.updateTable('case_events').set({ note: '同意' }).where('case_id', '=', denied).where('seq', '=', 5).execute();
    await rechainCase(denied);
    await relinkLedger();
    expect((await verifyLedger(t.db)).firstBreak).toBeNull();
    const report = await verifyAudit(t.db, { dir });
    expect(report.ok).toBe(false);
    expect(report.checkpointBreak).toMatchObject({ line: 1, problem: 'ledger_rewritten' });
  });

  it('the last rows cut while the head and counter are fixed', async () => {
    await t.db.deleteFrom('case_events').where('case_id', '=', approved).where('seq', '>=', 5).execute();
    await t.db.updateTable('cases').set({ status: 'accepted', decided_at: null, decided_by: null, decision_reason: null, completed_at: null }).where('id', '=', approved).execute();
    await rechainCase(approved);
    expect((await verifyTimelines(t.db)).firstBreak).toBeNull();
    const report = await verifyAudit(t.db, { dir });
    expect(report.ok).toBe(false);
    expect(report.ledgerBreak?.caseId).toBe(approved);
    // With the ledger cut and relinked too, the checkpoint names more rows than are left.
    await relinkLedger();
    const again = await verifyAudit(t.db, { dir });
    expect(again.ledgerBreak).toBeNull();
    expect(again.checkpointBreak).toMatchObject({ line: 1, problem: 'ledger_truncated' });
  });

  it('a whole case deleted', async () => {
    await deleteCase(fresh);
    expect((await verifyTimelines(t.db)).firstBreak).toBeNull();
    const report = await verifyAudit(t.db, { dir });
    expect(report.ok).toBe(false);
    expect(report.ledgerBreak).toMatchObject({ caseId: fresh, problem: 'event_missing' });
    await relinkLedger();
    expect((await verifyAudit(t.db, { dir })).checkpointBreak?.problem).toMatch(/ledger_(rewritten|truncated)/);
  });

  it('decision_reason edited on the case row', async () => {
    await t.db.updateTable('cases').set({ decision_reason: '符合条件' }).where('id', '=', denied).execute();
    const report = await verifyAudit(t.db, { dir });
    expect(report.ok).toBe(false);
    expect(report.timelineBreak).toMatchObject({ caseId: denied, seq: 5, problem: 'case_altered' });
  });

  it('form_data edited on the case row', async () => {
    await sql`UPDATE cases SET form_data = jsonb_set(form_data, '{name}', '"丁店"') WHERE id = ${approved}`.execute(t.db);
    expect((await verifyAudit(t.db, { dir })).timelineBreak).toMatchObject({ caseId: approved, problem: 'case_altered' });
  });

  it('a decision flipped with the last row’s digest and the chain recomputed: the ledger finds it', async () => {
    await t.db.updateTable('cases').set({ status: 'approved', decision_reason: '准予许可' }).where('id', '=', denied).execute();
    await rechainCase(denied);
    expect((await verifyTimelines(t.db)).firstBreak).toBeNull();
    expect((await verifyAudit(t.db, { dir })).ledgerBreak).toMatchObject({ caseId: denied, problem: 'event_altered' });
  });

  it('a forged or removed checkpoint line', async () => {
    // A second checkpoint after one more step.
    await cases.acceptCase({ db: t.db, actor: toActorOf(w.clerk), caseId: fresh });
    expect(await writeCheckpoint(t.db, { dir, signer })).toMatchObject({ position: 13 });
    expect(await writeCheckpoint(t.db, { dir, signer })).toBeNull();
    const lines = await readCheckpoints(dir);
    expect(lines).toHaveLength(2);
    const file = path.join(dir, CHECKPOINT_FILE);
    // A head changed by hand no longer carries the key's signature.
    await fs.writeFile(file, [lines[0], { ...lines[1]!, head: lines[0]!.head }].map((c) => JSON.stringify(c)).join('\n') + '\n');
    expect((await verifyAudit(t.db, { dir })).checkpointBreak).toMatchObject({ line: 2, problem: 'bad_signature' });
    // The first line removed: the second names a predecessor that is gone.
    await fs.writeFile(file, JSON.stringify(lines[1]) + '\n');
    expect((await verifyAudit(t.db, { dir })).checkpointBreak).toMatchObject({ line: 1, problem: 'chain_broken' });
  });

  it('rows written since the last seal are pending, then sealed in order', async () => {
    await cases.acceptCase({ db: t.db, actor: toActorOf(w.clerk), caseId: fresh });
    expect(await verifyAudit(t.db, { dir })).toMatchObject({ ok: true, ledgerRows: 12, pending: 1 });
    expect(await sealLedger(t.db)).toBe(1);
    expect(await verifyAudit(t.db, { dir })).toMatchObject({ ok: true, ledgerRows: 13, pending: 0 });
  });

  it('`npm run cli -- audit verify` exits 0 on an intact history and 1 on a broken one', async () => {
    const run = () =>
      promisify(execFile)('node_modules/.bin/tsx', ['server/src/cli.ts', 'audit', 'verify'], {
        env: { ...process.env, DATABASE_URL: t.url, ONEWINDOW_AUDIT_DIR: dir },
      }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
      );
    const intact = await run();
    expect(intact.code).toBe(0);
    expect(intact.stdout).toContain('ok: 3 cases, 12 timeline rows, 12 ledger rows (0 not yet sealed), 1 signed checkpoints');
    await deleteCase(fresh);
    const broken = await run();
    expect(broken.stdout).toContain('FAILED');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('event_missing');
  }, 60_000);
});
