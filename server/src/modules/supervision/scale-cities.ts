import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { withCreditCheck, withResidentCheck } from '../../util/identity.js';
import { hashPassword } from '../auth/password.js';

/** A city of the generated province: its service centre and the 6-digit region it serves. */
export interface ScaleCity {
  centreId: number;
  regionCode: string;
}

/** Ten synthetic prefectures (2290 … 2299 in 吉林) of 99 county-level cities each, plus city 1. */
export const MAX_SCALE_CITIES = 991;

const APPLICANTS = 3000;
const REVIEWERS_PER_DEPARTMENT = 3;
const MIN_WINDOWS = 12;
/** Rows per multi-row INSERT of users: eight parameters each stays far below PostgreSQL's 65,535. */
const USERS_PER_INSERT = 1000;

/**
 * The province `seed:scale --cities N` writes into: the given centre is city 1 and cities 2 … N
 * are made here, each a county-level region, a centre, a copy of city 1's departments and a copy
 * of their published items (what cases reference and supervision reads, not the guide texts).
 * Each step is one statement for all cities, so a hundred take seconds (3.5 s with their staff on
 * the 2-core machine), not a round trip per row. The cities' codes and credit codes follow from
 * their ordinals, so a second run (a month added) finds the ones it made and writes only what is
 * missing.
 * @returns the cities in ordinal order, city 1 first
 */
export async function ensureCities(db: Database, first: ScaleCity, count: number): Promise<ScaleCity[]> {
  if (count <= 1) return [first];
  if (count > MAX_SCALE_CITIES) throw new Error(`at most ${MAX_SCALE_CITIES} cities`);
  const province = first.regionCode.slice(0, 2);
  const firstName = (await db.selectFrom('regions').select('name').where('code', '=', first.regionCode).executeTakeFirstOrThrow()).name;
  const taken = new Map(
    (
      await db
        .selectFrom('regions')
        .select(['code', 'name'])
        .where('code', 'like', `${province}9%`)
        .where(sql<boolean>`length(code) = 6`)
        .execute()
    ).map((r) => [r.code, r.name]),
  );

  // Prefecture 99 first, counties 01 … 99 in each: codes no real 吉林 region uses. A code already
  // held by a region of another name (an imported one) is passed over, not taken.
  const cities: { ordinal: number; code: string; name: string; prefecture: string }[] = [];
  for (let j = 0; cities.length < count - 1; j++) {
    if (j >= MAX_SCALE_CITIES - 1) throw new Error(`no free region codes for ${count} cities in province ${province}`);
    const prefecture = `${province}${99 - Math.floor(j / 99)}00`;
    const code = `${prefecture.slice(0, 4)}${String(1 + (j % 99)).padStart(2, '0')}`;
    const name = `示例市${String(cities.length + 2).padStart(3, '0')}`;
    if (code === first.regionCode || (taken.has(code) && taken.get(code) !== name)) continue;
    cities.push({ ordinal: cities.length + 2, code, name, prefecture });
  }
  const prefectures = [...new Set(cities.map((c) => c.prefecture))];

  await sql`INSERT INTO regions (code, name, parent_code, level) VALUES (${`${province}0000`}, '示例省', NULL, 'province') ON CONFLICT (code) DO NOTHING`.execute(db);
  // Prefectures before their counties: the parent trigger checks a county's code against its parent row.
  await sql`
    INSERT INTO regions (code, name, parent_code, level)
    SELECT x.code, '示例地区' || substr(x.code, 3, 2), ${`${province}0000`}, 'city' FROM unnest(${prefectures}::text[]) AS x(code)
    ON CONFLICT (code) DO NOTHING`.execute(db);
  const json = JSON.stringify(cities);
  await sql`
    INSERT INTO regions (code, name, parent_code, level)
    SELECT x.code, x.name, x.prefecture, 'county' FROM jsonb_to_recordset(${json}::jsonb) AS x(code text, name text, prefecture text)
    ON CONFLICT (code) DO NOTHING`.execute(db);
  // Centres have no unique key: a city has its centre when a 'centre' stands in its region.
  await sql`
    INSERT INTO centres (name, region_code, address, phone, hours)
    SELECT x.name || '政务服务中心', x.code, x.name || '人民大街 1 号', f.phone, f.hours
      FROM jsonb_to_recordset(${json}::jsonb) AS x(ordinal int, code text, name text)
      JOIN centres f ON f.id = ${first.centreId}
     WHERE NOT EXISTS (SELECT 1 FROM centres c WHERE c.region_code = x.code AND c.kind = 'centre')
     ORDER BY x.ordinal`.execute(db);
  const centres = await sql<{ id: number; region_code: string }>`
    SELECT DISTINCT ON (region_code) id, region_code FROM centres
     WHERE kind = 'centre' AND region_code = ANY(${cities.map((c) => c.code)}::text[])
     ORDER BY region_code, id`.execute(db);
  const centreOf = new Map(centres.rows.map((c) => [c.region_code, c.id]));

  // A copy's credit code is its original's with the city's region in it (and its check character
  // recomputed), so it is unique, valid, and the same on every run.
  const sources = await db.selectFrom('departments').select(['id', 'credit_code']).where('centre_id', '=', first.centreId).orderBy('id').execute();
  const copies = JSON.stringify(
    cities.flatMap((city) =>
      sources.map((s) => ({
        source: s.id,
        credit: withCreditCheck(`${s.credit_code.slice(0, 2)}${city.code}${s.credit_code.slice(8, 17)}`),
        region: city.code,
        centre: centreOf.get(city.code)!,
        city_name: city.name,
      })),
    ),
  );
  await sql`
    INSERT INTO departments (name, credit_code, region_code, centre_id, phone)
    SELECT CASE WHEN strpos(s.name, ${firstName}) > 0 THEN replace(s.name, ${firstName}, x.city_name) ELSE x.city_name || s.name END,
           x.credit, x.region, x.centre, s.phone
      FROM jsonb_to_recordset(${copies}::jsonb) AS x(source int, credit char(18), region text, centre int, city_name text)
      JOIN departments s ON s.id = x.source
     ORDER BY x.centre, x.source
    ON CONFLICT (credit_code) DO NOTHING`.execute(db);
  // 实施编码 carry the department's credit code and the region: the copy's carry the city's. Only the
  // columns cases copy or statistics read (kind for 承诺件, the limits) and the item's identity.
  await sql`
    INSERT INTO service_items (code, name, department_id, kind, status, item_type, basic_code, handling_kind, implementing_body,
                               implementing_level, legal_limit_days, legal_limit_unit, legal_limit_text, promised_limit_days,
                               promised_limit_unit, promised_limit_text, channels, target)
    SELECT CASE WHEN starts_with(s.code, src.credit_code::text)
                THEN d.credit_code::text || replace(substr(s.code, 19), ${`-${first.regionCode}-`}, '-' || d.region_code || '-')
                ELSE s.code || '-' || d.region_code END,
           s.name, d.id, s.kind, s.status, s.item_type, s.basic_code, s.handling_kind,
           CASE WHEN s.implementing_body = src.name THEN d.name ELSE s.implementing_body END,
           s.implementing_level, s.legal_limit_days, s.legal_limit_unit, s.legal_limit_text, s.promised_limit_days,
           s.promised_limit_unit, s.promised_limit_text, s.channels, s.target
      FROM jsonb_to_recordset(${copies}::jsonb) AS x(source int, credit char(18))
      JOIN departments src ON src.id = x.source
      JOIN departments d ON d.credit_code = x.credit
      JOIN service_items s ON s.department_id = src.id AND s.status = 'published'
     ORDER BY d.id, s.id
    ON CONFLICT (code) DO NOTHING`.execute(db);
  return [first, ...cities.map((c) => ({ centreId: centreOf.get(c.code)!, regionCode: c.code }))];
}

/**
 * Windows with a clerk each in every city's centre, reviewers in every department that has
 * items, and applicants (of city 1) to own the cases. One statement per kind for all cities.
 */
export async function ensureStaff(db: Database, cities: ScaleCity[], departments: { id: number; centreId: number }[]): Promise<void> {
  const passwordHash = await hashPassword(crypto.randomBytes(24).toString('base64'));
  const regionOf = new Map(cities.map((c) => [c.centreId, c.regionCode]));
  const windows = await db.selectFrom('windows').select(['id', 'centre_id', 'number']).where('centre_id', 'in', [...regionOf.keys()]).execute();
  const missing = cities.flatMap((city) => {
    const have = windows.filter((w) => w.centre_id === city.centreId).length;
    return Array.from({ length: Math.max(0, MIN_WINDOWS - have) }, (_, i) => ({
      centre_id: city.centreId,
      number: `S${String(have + i + 1).padStart(2, '0')}`,
      name: '综合受理窗口',
    }));
  });
  if (missing.length) {
    // An S-number already taken (a centre numbering its own windows so) comes back from the update.
    const made = await db
      .insertInto('windows')
      .values(missing)
      .onConflict((oc) => oc.columns(['centre_id', 'number']).doUpdateSet({ name: '综合受理窗口' }))
      .returning(['id', 'centre_id', 'number'])
      .execute();
    const known = new Set(windows.map((w) => w.id));
    windows.push(...made.filter((w) => !known.has(w.id)));
  }
  const staffed = new Set(
    (await db.selectFrom('users').select('window_id').where('role', '=', 'clerk').where('window_id', 'is not', null).execute()).map((u) => u.window_id),
  );
  const staff = (username: string, centreId: number) => ({ username, password_hash: passwordHash, region_code: regionOf.get(centreId)!, centre_id: centreId });
  const clerks = windows
    .filter((w) => !staffed.has(w.id))
    .map((w) => ({ ...staff(`scale_clerk_${w.id}`, w.centre_id), display_name: `窗口${w.number}`, role: 'clerk' as const, window_id: w.id }));
  const reviewers = departments.flatMap((department) =>
    Array.from({ length: REVIEWERS_PER_DEPARTMENT }, (_, i) => ({
      ...staff(`scale_reviewer_${department.id}_${i}`, department.centreId),
      display_name: `审批员${department.id}-${i + 1}`,
      role: 'reviewer' as const,
      department_id: department.id,
    })),
  );

  const home = cities[0]!.regionCode;
  const applicants = Array.from({ length: APPLICANTS }, (_, i) => {
    const legal = i % 5 === 0;
    const serial = String(i).padStart(7, '0');
    // A plausible birth date and sequence, distinct for every i below 13,440.
    const born = `19${60 + (i % 40)}${String(1 + (Math.floor(i / 40) % 12)).padStart(2, '0')}${String(1 + (Math.floor(i / 480) % 28)).padStart(2, '0')}`;
    return {
      username: `scale_applicant_${i}`,
      password_hash: passwordHash,
      display_name: legal ? `梅河口市示例企业${i}有限公司` : `申请人${i}`,
      role: 'applicant' as const,
      applicant_kind: legal ? ('legal' as const) : ('natural' as const),
      identity_number: legal ? withCreditCheck(`91${home}MA${serial}`) : withResidentCheck(`${home}${born}${String(i % 1000).padStart(3, '0')}`),
      phone: `137${String(i).padStart(8, '0')}`,
      region_code: home,
    };
  });
  for (const rows of [clerks, reviewers, applicants] as const) {
    for (let i = 0; i < rows.length; i += USERS_PER_INSERT) {
      await db
        .insertInto('users')
        .values(rows.slice(i, i + USERS_PER_INSERT))
        .onConflict((oc) => oc.column('username').doNothing())
        .execute();
    }
  }
}
