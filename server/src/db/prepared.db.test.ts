import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import { makeCentre } from '../test/factories.js';
import { createDatabase, type Database, type Executor } from './database.js';
import { fixedQuery, runPrepared, shapedQuery } from './prepared.js';

let t: TestDatabase;
/** One connection, so the statements it has prepared can be listed. */
let one: Database;
beforeAll(async () => {
  t = await createTestDatabase();
  one = createDatabase(t.url, 1).db;
});
afterAll(async () => {
  await one.destroy();
  await t.destroy();
});

/** On both of `one`'s connections: the named statements' own (keyed) and the transactions' (plain; see RoutedPool). */
const keyedNames = fixedQuery('test_names', (db: Executor, prefix: string) => db.selectFrom(sql<{ name: string }>`pg_prepared_statements`.as('p')).select('name').where('name', 'like', prefix));
const preparedNames = async () => {
  const plain = (await sql<{ name: string }>`SELECT name FROM pg_prepared_statements`.execute(one)).rows;
  return [...plain, ...(await keyedNames(one, 'ow_test\\_%'))].map((r) => r.name).filter((n) => !n.startsWith('ow_test_names_'));
};

describe('named statements', () => {
  it('a fixed query answers for each call’s own arguments, as one named statement', async () => {
    const centreName = fixedQuery('test_centre', (db: Executor, id: number) => db.selectFrom('centres').select('name').where('id', '=', id));
    const a = await makeCentre(t.db);
    const b = await makeCentre(t.db);
    expect(await centreName(one, a.id)).toEqual([{ name: a.name }]);
    expect(await centreName(one, b.id)).toEqual([{ name: b.name }]);
    expect(await centreName(one, -1)).toEqual([]);
    // Inside a transaction too.
    expect(await one.transaction().execute((trx) => centreName(trx, b.id))).toEqual([{ name: b.name }]);
    // Prepared once on each connection: the named statements' own, and the transaction's.
    expect((await preparedNames()).filter((n) => n.startsWith('ow_test_centre_'))).toHaveLength(2);
  });

  it('refuses a builder whose argument shapes the query instead of filling a parameter', async () => {
    const shaped = fixedQuery('test_shaped', (db: Executor, all: boolean) => (all ? db.selectFrom('regions').select('code') : db.selectFrom('regions').select('code').limit(1)));
    await expect(shaped(one, true)).rejects.toThrow(/shaped the query/);
  });

  it('a shaped query keeps one named statement per set of names and fills each from its own call', async () => {
    const a = await makeCentre(t.db);
    const b = await makeCentre(t.db);
    const centres = shapedQuery('test_centres', (db: Executor, p: { id: number; name?: string }) => {
      const query = db.selectFrom('centres').select(['id', 'name']).where('id', '=', p.id);
      return 'name' in p ? query.where('name', '=', p.name!) : query;
    });
    expect(await centres(one, { id: a.id })).toEqual([{ id: a.id, name: a.name }]);
    expect(await centres(one, { id: b.id })).toEqual([{ id: b.id, name: b.name }]);
    expect(await centres(one, { id: b.id, name: b.name })).toEqual([{ id: b.id, name: b.name }]);
    expect(await centres(one, { id: b.id, name: a.name })).toEqual([]);
    expect((await preparedNames()).filter((n) => n.startsWith('ow_test_centres_'))).toHaveLength(2);
    // A value that chooses the query's shape is refused, as in a fixed query.
    const byValue = shapedQuery('test_by_value', (db: Executor, p: { all: boolean }) => (p.all ? db.selectFrom('regions').select('code') : db.selectFrom('regions').select('code').limit(1)));
    await expect(byValue(one, { all: true })).rejects.toThrow(/shaped the query/);
  });

  it('a marked query runs named; an unmarked one stays unnamed', async () => {
    await runPrepared(one, 'test_marked', one.selectFrom('centres').select('id').where('id', '=', 1));
    await one.selectFrom('departments').select('id').where('id', '=', 1).execute();
    const names = await preparedNames();
    expect(names.filter((n) => n.startsWith('ow_test_marked_'))).toHaveLength(1);
    expect(names.every((n) => n.startsWith('ow_'))).toBe(true);
  });

  it('after a migration changes a table a cached statement reads, one call fails and the next parses anew', async () => {
    await sql`CREATE TABLE prepared_probe (id int PRIMARY KEY)`.execute(one);
    await sql`INSERT INTO prepared_probe VALUES (1)`.execute(one);
    const all = () => runPrepared(one, 'test_probe', { compile: () => sql<Record<string, unknown>>`SELECT * FROM prepared_probe`.compile(one) });
    expect(await all()).toEqual([{ id: 1 }]);
    await sql`ALTER TABLE prepared_probe ADD COLUMN note text DEFAULT 'x'`.execute(t.db);
    // PostgreSQL refuses the statement prepared before the change, once …
    await expect(all()).rejects.toThrow(/cached plan must not change result type/);
    // … and the statement runs under a fresh name from then on.
    expect(await all()).toEqual([{ id: 1, note: 'x' }]);
  });
});

describe('generic plans for named statements', () => {
  const mode = fixedQuery('test_plan_mode', (db: Executor, id: number) => db.selectNoFrom(sql<string>`current_setting('plan_cache_mode') || ${id}::text`.as('mode')));
  const plainMode = async (db: Executor) => (await sql<{ mode: string }>`SELECT current_setting('plan_cache_mode') AS mode`.execute(db)).rows[0]!.mode;

  it('a named statement on its own plans generically; unnamed statements and transactions keep the planner’s choice', async () => {
    // The generic plan is what prunes a partitioned table to one partition without planning each execution.
    expect(await mode(one, 1)).toEqual([{ mode: 'force_generic_plan1' }]);
    // status = $1 must keep matching the partial indexes: custom plans stay possible there.
    expect(await plainMode(one)).toBe('auto');
    expect(await one.transaction().execute(async (trx) => [(await mode(trx, 2))[0]!.mode, await plainMode(trx)])).toEqual(['auto2', 'auto']);
  });
});
