import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../db/database.js';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { makeWorld, toActorOf } from '../../test/factories.js';
import { chinaDate } from '../../util/china-time.js';
import { setClock } from '../../util/clock.js';
import { withResidentCheck } from '../../util/identity.js';
import { uuidv7, uuidv7Instant } from '../../util/uuidv7.js';
import { ensureCaseYearPartitions } from './partitions.js';
import * as service from './service.js';

let t: TestDatabase;
let w: Awaited<ReturnType<typeof makeWorld>>;
const form = { name: '梅河口市好味道餐饮店', phone: '13800138000' };
/** The China year of an instant. */
const chinaYear = (at: Date) => Number(chinaDate(at).slice(0, 4));
const thisYear = chinaYear(new Date());

beforeAll(async () => {
  t = await createTestDatabase();
  w = await makeWorld(t.db);
});
afterAll(() => t.destroy());
afterEach(() => setClock(null));

const partitions = async (db: Database = t.db) =>
  (
    await sql<{ name: string; bound: string; options: string[] | null; reltuples: number }>`
      SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound, c.reloptions AS options, c.reltuples
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'cases'::regclass ORDER BY 1`.execute(db)
  ).rows;
const partitionOf = async (caseId: string, db: Database = t.db) =>
  (await sql<{ part: string }>`SELECT tableoid::regclass::text AS part FROM cases WHERE id = ${caseId}`.execute(db)).rows[0]?.part;
/** A row of an existing case under another id and number, written straight into cases. */
const copyCase = (db: Database, fromId: string, id: string, number: string) =>
  sql`INSERT INTO cases SELECT (jsonb_populate_record(c, jsonb_build_object('id', ${id}::uuid, 'number', ${number}::text))).*
        FROM cases c WHERE c.id = ${fromId}`.execute(db);

describe('cases partitioned by China year on its UUIDv7 ids', () => {
  it("a new database's year partitions are not analysed while empty: a case is found through its primary key from the first one on", async () => {
    // ANALYZE of an empty partition made the planner trust its size of a page or two: each
    // connection's foreign-key checks against cases kept a sequential scan of the whole year.
    const fresh = await createTestDatabase();
    try {
      expect((await partitions(fresh.db)).map((r) => [r.name, r.reltuples])).toEqual([
        [`cases_${thisYear}`, -1],
        [`cases_${thisYear + 1}`, -1],
        ['cases_default', -1],
      ]);
      // The plan a foreign-key check keeps: generic, for any id.
      const plan = await fresh.db.transaction().execute(async (trx) => {
        await sql`SET LOCAL plan_cache_mode = force_generic_plan`.execute(trx);
        await sql`PREPARE case_key_check(uuid) AS SELECT 1 FROM cases x WHERE id = $1 FOR KEY SHARE OF x`.execute(trx);
        const explained = await sql<{ 'QUERY PLAN': string }>`EXPLAIN EXECUTE case_key_check(${sql.lit(uuidv7(new Date()))})`.execute(trx);
        await sql`DEALLOCATE case_key_check`.execute(trx);
        return explained.rows.map((r) => r['QUERY PLAN']).join('\n');
      });
      expect(plan).toContain(`Index Scan using cases_${thisYear}_pkey`);
      expect(plan).not.toContain('Seq Scan');
    } finally {
      await fresh.destroy();
    }
  });

  it("the daily job makes next year's partition, and making it twice is harmless", async () => {
    const next = `cases_${thisYear + 1}`;
    // The migration made it already: take it away (it is empty in a fresh database) and let the job make it.
    await sql`ALTER TABLE cases DETACH PARTITION ${sql.id(next)}`.execute(t.db);
    await sql`DROP TABLE ${sql.id(next)}`.execute(t.db);
    expect((await partitions()).map((p) => p.name)).not.toContain(next);
    expect(await ensureCaseYearPartitions(t.db)).toBe(1);
    expect(await ensureCaseYearPartitions(t.db)).toBe(0);
    const names = (await partitions()).map((p) => p.name);
    expect(names).toContain(next);
    expect(names.filter((n) => n === next)).toHaveLength(1);
  });

  it('every partition, and one the job makes later, is vacuumed after 2,000 rows changed or added, whatever its size', async () => {
    const next = `cases_${thisYear + 1}`;
    await sql`ALTER TABLE cases DETACH PARTITION ${sql.id(next)}`.execute(t.db);
    await sql`DROP TABLE ${sql.id(next)}`.execute(t.db);
    expect(await ensureCaseYearPartitions(t.db)).toBe(1);
    const rows = await partitions();
    expect(rows.map((r) => r.name)).toEqual([`cases_${thisYear}`, next, 'cases_default']);
    for (const row of rows) {
      expect(row.options, row.name).toEqual(
        expect.arrayContaining([
          'autovacuum_vacuum_threshold=2000',
          'autovacuum_vacuum_scale_factor=0',
          'autovacuum_vacuum_insert_threshold=2000',
          'autovacuum_vacuum_insert_scale_factor=0',
        ]),
      );
    }
  });

  it('is a range-partitioned table with a partition for this year and next and a default', async () => {
    const { rows } = await sql<{ strategy: string; key: string }>`
      SELECT p.partstrat AS strategy, a.attname AS key FROM pg_partitioned_table p
        JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
       WHERE p.partrelid = 'cases'::regclass`.execute(t.db);
    expect(rows).toEqual([{ strategy: 'r', key: 'id' }]);
    const parts = await partitions();
    expect(parts.map((p) => p.name)).toEqual([`cases_${thisYear}`, `cases_${thisYear + 1}`, 'cases_default']);
    expect(parts.at(-1)!.bound).toBe('DEFAULT');
    // Each year starts at the UUIDv7 prefix of 1 January 00:00 China time.
    const prefix = (year: number) => uuidv7(new Date(`${year}-01-01T00:00:00+08:00`)).slice(0, 13);
    expect(parts[0]!.bound).toBe(`FOR VALUES FROM ('${prefix(thisYear)}-0000-0000-000000000000') TO ('${prefix(thisYear + 1)}-0000-0000-000000000000')`);
  });

  it("a new case's id is a UUIDv7 of its submission instant and lands in this year's partition", async () => {
    const { caseId } = await service.submitApplication({ db: t.db, actor: toActorOf(w.applicant), itemId: w.itemA.id, formData: form });
    expect(caseId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab]/);
    const row = await t.db.selectFrom('cases').select(['number', 'submitted_at']).where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(uuidv7Instant(caseId)).toEqual(row.submitted_at);
    expect(row.number.split('-')[1]).toBe(chinaDate(row.submitted_at).replaceAll('-', ''));
    expect(await partitionOf(caseId)).toBe(`cases_${chinaYear(row.submitted_at)}`);
  });

  it("at New Year's midnight China time the id's year, the number's date and the partition agree", async () => {
    const year = thisYear + 1;
    // A few milliseconds before midnight: each submission lands on one side or the other, and
    // whichever it is, the id, submitted_at, the number and the partition say the same.
    setClock(new Date(Date.parse(`${year}-01-01T00:00:00+08:00`) - 5));
    // A pool made after the clock moved, so SQL's clock_now() agrees with the services' (util/clock.ts).
    const { db } = createDatabase(t.url, 2);
    try {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        ids.push((await service.submitApplication({ db, actor: toActorOf(w.applicant), itemId: w.itemA.id, formData: form })).caseId);
      }
      const person = { kind: 'natural' as const, name: '赵六', identityNumber: withResidentCheck('22058119800101123'), phone: '13912340000' };
      ids.push((await service.registerWalkIn({ db, actor: toActorOf(w.clerk), applicant: person, itemId: w.itemA.id, formData: form, checklist: [], acceptNow: false })).caseId);
      for (const id of ids) {
        const row = await db.selectFrom('cases').select(['number', 'submitted_at']).where('id', '=', id).executeTakeFirstOrThrow();
        const event = await db.selectFrom('case_events').select('at').where('case_id', '=', id).where('seq', '=', 1).executeTakeFirstOrThrow();
        const instant = uuidv7Instant(id)!;
        expect([row.submitted_at, event.at]).toEqual([instant, instant]);
        expect(row.number.split('-')[1]).toBe(chinaDate(instant).replaceAll('-', ''));
        expect([year - 1, year]).toContain(chinaYear(instant));
        expect(await partitionOf(id, db)).toBe(`cases_${chinaYear(instant)}`);
      }
    } finally {
      await db.destroy();
    }
  });

  it('a lookup by id reads one partition, planned for its value or prepared for any', async () => {
    const { caseId } = await service.submitApplication({ db: t.db, actor: toActorOf(w.applicant), itemId: w.itemA.id, formData: form });
    const scanned = (plan: unknown) => [...JSON.stringify(plan).matchAll(/"Relation Name":"([^"]+)"/g)].map((m) => m[1]);
    const custom = await sql<{ 'QUERY PLAN': unknown }>`EXPLAIN (FORMAT JSON) SELECT * FROM cases WHERE id = ${caseId}`.execute(t.db);
    expect(scanned(custom.rows[0]!['QUERY PLAN'])).toEqual([`cases_${thisYear}`]);
    // A generic plan (as a named statement gets after five runs) prunes when it starts.
    const generic = await t.db.connection().execute(async (conn) => {
      await sql`SET plan_cache_mode = force_generic_plan`.execute(conn);
      await sql`PREPARE by_id (uuid) AS SELECT * FROM cases WHERE id = $1`.execute(conn);
      const plan = await sql<{ 'QUERY PLAN': unknown }>`EXPLAIN (ANALYZE, FORMAT JSON, TIMING OFF, SUMMARY OFF) EXECUTE by_id(${sql.lit(caseId)})`.execute(conn);
      await sql`DEALLOCATE by_id; RESET plan_cache_mode`.execute(conn);
      return plan.rows[0]!['QUERY PLAN'];
    });
    expect(scanned(generic)).toEqual([`cases_${thisYear}`]);
    expect(JSON.stringify(generic)).toMatch(/"Subplans Removed":\d+/);
  });

  it('refuses the same application number twice, even in two different years', async () => {
    const { caseId } = await service.submitApplication({ db: t.db, actor: toActorOf(w.applicant), itemId: w.itemA.id, formData: form });
    // Past years get their partitions as seed:scale makes them for the history it writes.
    await ensureCaseYearPartitions(t.db, 2021);
    const [in2021, in2024] = [uuidv7(new Date('2021-06-01T10:00:00+08:00')), uuidv7(new Date('2024-06-01T10:00:00+08:00'))];
    await copyCase(t.db, caseId, in2021, '220581-20210601-99999');
    expect(await partitionOf(in2021)).toBe('cases_2021');
    await expect(copyCase(t.db, caseId, in2024, '220581-20210601-99999')).rejects.toThrow(/case_numbers_pkey/);
    expect(await partitionOf(in2024)).toBeUndefined();
    // Renumbering follows too: onto a taken number is refused, onto a free one frees the old.
    const taken = (await t.db.selectFrom('cases').select('number').where('id', '=', caseId).executeTakeFirstOrThrow()).number;
    await expect(t.db.updateTable('cases').set({ number: taken }).where('id', '=', in2021).execute()).rejects.toThrow(/case_numbers_pkey/);
    await t.db.updateTable('cases').set({ number: '220581-20210601-99998' }).where('id', '=', in2021).execute();
    await copyCase(t.db, caseId, in2024, '220581-20210601-99999');
    const numbers = await t.db.selectFrom('case_numbers').select(['number', 'case_id']).where('number', 'like', '220581-20210601-%').orderBy('number').execute();
    expect(numbers).toEqual([
      { number: '220581-20210601-99998', case_id: in2021 },
      { number: '220581-20210601-99999', case_id: in2024 },
    ]);
    // A deleted case (only tests delete one) frees its number.
    await t.db.deleteFrom('cases').where('id', '=', in2024).execute();
    await copyCase(t.db, caseId, uuidv7(new Date('2025-06-01T10:00:00+08:00')), '220581-20210601-99999');
  });

  it("moves the rows the default partition caught for a year into that year's new partition, references intact", async () => {
    const { caseId } = await service.submitApplication({ db: t.db, actor: toActorOf(w.applicant), itemId: w.itemA.id, formData: form });
    // An id of 2019, before the first partition: a v7 one and an old random (v4) one whose first bits fall in 2019.
    const v7 = uuidv7(new Date('2019-03-01T09:00:00+08:00'));
    const v4 = `${uuidv7(new Date('2019-07-01T09:00:00+08:00')).slice(0, 14)}4${uuidv7(new Date(0)).slice(15)}`;
    await copyCase(t.db, caseId, v7, '220581-20190301-00001');
    await copyCase(t.db, caseId, v4, '220581-20190701-00001');
    for (const id of [v7, v4]) {
      expect(await partitionOf(id)).toBe('cases_default');
      await t.db.insertInto('notifications').values({ user_id: w.applicant.id, case_id: id, kind: 'submit', title: '2019', body: '' }).execute();
    }
    expect(await ensureCaseYearPartitions(t.db, 2019)).toBeGreaterThan(0);
    expect(await partitionOf(v7)).toBe('cases_2019');
    expect(await partitionOf(v4)).toBe('cases_2019');
    // The foreign keys still hold them: a referenced case cannot go, a reference to no case cannot come.
    await expect(t.db.deleteFrom('cases').where('id', '=', v7).execute()).rejects.toThrow(/foreign key/);
    await expect(
      t.db.insertInto('notifications').values({ user_id: w.applicant.id, case_id: uuidv7(new Date('2019-05-01T00:00:00+08:00')), kind: 'submit', title: 'x', body: '' }).execute(),
    ).rejects.toThrow(/foreign key/);
    // Their numbers stayed claimed.
    await expect(copyCase(t.db, caseId, uuidv7(new Date('2025-01-01T00:00:00+08:00')), '220581-20190301-00001')).rejects.toThrow(/case_numbers_pkey/);
  });
});
