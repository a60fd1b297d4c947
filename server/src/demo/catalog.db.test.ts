import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findApplicableItem } from '../modules/catalog/repo.js';
import { createTestDatabase, type TestDatabase } from '../test/database.js';
import { isValidCreditCode } from '../util/identity.js';
import { DEMO_ITEM_COUNT } from './catalog.js';
import { seedDemo } from './seed.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db, 'Demo-Password-1');
});
afterAll(() => t.destroy());

describe('demo catalogue', () => {
  it('holds at least 200 published items across at least 25 departments, each with version 1', async () => {
    const departments = await t.db.selectFrom('departments').select(['name', 'credit_code']).execute();
    expect(departments.length).toBeGreaterThanOrEqual(25);
    expect(departments.every((d) => isValidCreditCode(d.credit_code))).toBe(true);
    expect(departments.map((d) => d.name)).toEqual(expect.arrayContaining(['梅河口市市场监督管理局', '梅河口市住房和城乡建设局']));
    const items = await t.db.selectFrom('service_items').select(['status', 'current_version_id', 'department_id', 'legal_basis', 'materials']).execute();
    expect(items.length).toBe(DEMO_ITEM_COUNT);
    expect(items.length).toBeGreaterThanOrEqual(200);
    expect(new Set(items.map((i) => i.department_id)).size).toBeGreaterThanOrEqual(25);
    expect(items.filter((i) => i.current_version_id === null)).toEqual([]);
    expect(items.filter((i) => i.legal_basis.length === 0)).toEqual([]);
    const versions = await t.db.selectFrom('service_item_versions').select('version_no').execute();
    expect(versions.length).toBe(items.length);
  });

  it('keeps 食品经营许可（新办） with its application form, applicable under its current version', async () => {
    const row = await t.db.selectFrom('service_items').select('id').where('name', '=', '食品经营许可（新办）').executeTakeFirstOrThrow();
    const item = await findApplicableItem(t.db, row.id);
    expect(item).toMatchObject({ department_name: '梅河口市市场监督管理局', status: 'published', promised_limit_days: 5, promised_limit_unit: 'workday', legal_limit_days: 20 });
    expect(item!.form_fields.map((f) => f.key)).toEqual(['operatorName', 'premises', 'businessType', 'scope', 'contactName', 'contactPhone']);
    expect(item!.version_id).toEqual(expect.any(Number));
  });
});
