import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { migrate } from '../../db/migrate.js';
import { createTestDatabaseThrough, type TestDatabase } from '../../test/database.js';
import { makeWorld, reviewToDecision, toActorOf } from '../../test/factories.js';
import { chinaDate } from '../../util/china-time.js';
import { writeCheckpoint } from '../audit/checkpoints.js';
import { sealLedger } from '../audit/ledger.js';
import { localSigner } from '../audit/signer.js';
import { verifyAudit } from '../audit/verify.js';
import * as service from './service.js';

/** Before the migration the services made random (v4) ids, as the platform did until then. */
const ids = vi.hoisted(() => ({ legacy: true, next: [] as string[] }));
vi.mock('../../util/uuidv7.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../util/uuidv7.js')>();
  return { ...actual, uuidv7: (at: Date) => (ids.legacy ? (ids.next.shift() ?? crypto.randomUUID()) : actual.uuidv7(at)) };
});

const BEFORE = '202612050201_pgcrypto_sm3.sql';
const form = { name: '梅河口市好味道餐饮店', phone: '13800138000' };
const thisYear = Number(chinaDate().slice(0, 4));
/** The partition an id belongs in: the China year its first 48 bits name, when that year has one. */
function expectedPartition(id: string): string {
  const year = Number(chinaDate(new Date(parseInt(id.replaceAll('-', '').slice(0, 12), 16))).slice(0, 4));
  return year >= thisYear && year <= thisYear + 1 ? `cases_${year}` : 'cases_default';
}

let t: TestDatabase;
let dir: string;
beforeAll(async () => {
  t = await createTestDatabaseThrough(BEFORE);
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'onewindow-partition-audit-'));
});
afterAll(async () => {
  await t.destroy();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('migration 202612050301 on a database with cases', () => {
  it('keeps every case and its id, chains, numbers and references; new cases get UUIDv7 ids', async () => {
    const w = await makeWorld(t.db);
    const as = toActorOf;
    // A v4 id whose random first bits happen to fall in this year: it will live in this year's partition.
    const prefix = Date.now().toString(16).padStart(12, '0');
    const inThisYear = `${prefix.slice(0, 8)}-${prefix.slice(8)}-4${crypto.randomUUID().slice(15)}`;
    ids.next.push(inThisYear);
    const opened: string[] = [];
    for (let i = 0; i < 4; i++) opened.push((await service.submitApplication({ db: t.db, actor: as(w.applicant), itemId: w.itemA.id, formData: form })).caseId);
    expect(opened[0]).toBe(inThisYear);
    expect(opened.every((id) => id[14] === '4')).toBe(true);
    // One case with a whole timeline: submit, accept, claim, review, approve, issue.
    const full = opened[1]!;
    await service.acceptCase({ db: t.db, actor: as(w.clerk), caseId: full });
    await reviewToDecision(t.db, full, w.reviewerA);
    await service.approveCase({ db: t.db, actor: as(w.reviewerA), caseId: full, opinion: '准予许可' });
    await service.issueResult({ db: t.db, actor: as(w.clerk), caseId: full, delivery: { method: 'window' } });
    await service.acceptCase({ db: t.db, actor: as(w.clerk), caseId: opened[2]! });
    await sealLedger(t.db);
    await writeCheckpoint(t.db, { dir, signer: await localSigner(dir) });
    const before = await verifyAudit(t.db, { dir });
    expect(before).toMatchObject({ ok: true, cases: 4, events: 10, ledgerRows: 10, checkpoints: 1, problems: [] });
    const rowsBefore = await t.db.selectFrom('cases').select(['id', 'number', 'status', 'timeline_head', 'event_count']).orderBy('id').execute();

    expect(await migrate(t.url)).toContain('202612050301_cases_partitioned_by_year.sql');

    const rowsAfter = await t.db.selectFrom('cases').select(['id', 'number', 'status', 'timeline_head', 'event_count']).orderBy('id').execute();
    expect(rowsAfter).toEqual(rowsBefore);
    const placed = await sql<{ id: string; part: string }>`SELECT id, tableoid::regclass::text AS part FROM cases ORDER BY id`.execute(t.db);
    expect(placed.rows.map((r) => r.part)).toEqual(placed.rows.map((r) => expectedPartition(r.id)));
    expect(placed.rows.find((r) => r.id === inThisYear)!.part).toBe(`cases_${thisYear}`);
    expect(await t.db.selectFrom('case_numbers').select(['number', 'case_id']).orderBy('case_id').execute()).toEqual(
      rowsBefore.map((r) => ({ number: r.number, case_id: r.id })),
    );
    // The chains, the ledger and the signed checkpoint all still verify.
    expect(await verifyAudit(t.db, { dir })).toEqual(before);

    // Every foreign key to a case is there, on the partitioned table, and enforced.
    const keys = await sql<{ name: string }>`SELECT conname AS name FROM pg_constraint
      WHERE confrelid = 'cases'::regclass AND contype = 'f' AND conparentid = 0 ORDER BY 1`.execute(t.db);
    expect(keys.rows.map((k) => k.name)).toHaveLength(26);
    expect(keys.rows.map((k) => k.name)).toEqual(expect.arrayContaining(['case_events_case_id_fkey', 'idempotency_keys_case_id_fkey']));
    await expect(t.db.deleteFrom('cases').where('id', '=', full).execute()).rejects.toThrow(/foreign key/);
    await expect(
      t.db.insertInto('notifications').values({ user_id: w.applicant.id, case_id: crypto.randomUUID(), kind: 'submit', title: 'x', body: '' }).execute(),
    ).rejects.toThrow(/foreign key/);
    const indexes = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = 'cases'`.execute(t.db);
    // The primary key and the 18 other indexes; the unique number index became case_numbers' key.
    expect(indexes.rows[0]!.n).toBe(19);

    // From now on: UUIDv7 ids in this year's partition, chained and sealed like the old ones.
    ids.legacy = false;
    const { caseId } = await service.submitApplication({ db: t.db, actor: as(w.applicant), itemId: w.itemA.id, formData: form });
    expect(caseId[14]).toBe('7');
    expect(placedIn(await sql<{ part: string }>`SELECT tableoid::regclass::text AS part FROM cases WHERE id = ${caseId}`.execute(t.db))).toBe(`cases_${thisYear}`);
    await service.acceptCase({ db: t.db, actor: as(w.clerk), caseId: opened[3]! });
    await sealLedger(t.db);
    expect(await verifyAudit(t.db, { dir })).toMatchObject({ ok: true, cases: 5, events: 12, ledgerRows: 12, problems: [] });
  });
});

const placedIn = (result: { rows: { part: string }[] }) => result.rows[0]?.part;
