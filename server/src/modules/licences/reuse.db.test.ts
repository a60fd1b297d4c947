import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemMaterial } from '../../db/schema.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, loginCookies, makeWorld, stageMaterial } from '../../test/factories.js';
import { sealSignerFor } from '../seals/keystore.js';
import { createSeal } from '../seals/service.js';
import { issueDirect } from './issue.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
let cookies: Record<'applicant' | 'clerk' | 'reviewerA' | 'reviewerB' | 'admin' | 'stranger', string>;
let secondItemId: number;
let licenceIdentifier: string;

const MATERIALS: ItemMaterial[] = [
  { id: 'M01', name: '申请书', requirement: 'required', form: 'original', copies: 1, source: '申请人自备' },
  { id: 'M02', name: '测试许可证', requirement: 'required', form: 'original', copies: 1, licenceType: '测试许可证', source: '测试局核发' },
  { id: 'M03', name: '户籍信息', requirement: 'required', form: 'copy', copies: 1, governmentHeld: true, source: '公安机关' },
  { id: 'M04', name: '无犯罪记录证明', requirement: 'required', form: 'original', copies: 1, commitmentAllowed: true, source: '公安机关' },
];

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
  const signer = sealSignerFor({ dataDir: t.dataDir });
  await createSeal(t.db, signer, { departmentId: w.deptA.id, actor: null });
  const type = await t.db
    .insertInto('licence_types')
    .values({ code: `${w.deptA.credit_code}001`, name: '测试许可证', department_id: w.deptA.id, holder_kind: 'both', number_prefix: 'CS', fields: JSON.stringify([{ key: 'name', label: '名称', formKey: 'name' }]), validity_years: 3, layout: JSON.stringify({ orientation: 'portrait', accent: '#1d5fa8' }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  licenceIdentifier = (await issueDirect(t.db, { signer, publicUrl: 'http://test' }, { typeId: type.id, holderUserId: w.applicant.id, data: { name: '已有证照' }, validFrom: new Date().toISOString().slice(0, 10) })).identifier;
  // Item B (another department) asks for the licence, the government's own data and a certificate a commitment may replace.
  secondItemId = w.itemB.id;
  await t.db.updateTable('service_items').set({ materials: JSON.stringify(MATERIALS) }).where('id', '=', secondItemId).execute();
  cookies = await loginCookies(t.app, {
    applicant: w.applicant,
    clerk: w.clerk,
    reviewerA: w.reviewerA,
    reviewerB: w.reviewerB,
    admin: w.admin,
    stranger: w.applicant2,
  });
});
afterAll(() => t.destroy());

async function apply(itemId: number, cookie = cookies.applicant): Promise<string> {
  // 申请书 (M01) has no stand-in: it is uploaded with the application.
  const materials = itemId === secondItemId ? [await stageMaterial(t.app, cookie, itemId, 'M01')] : [];
  const response = await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie }, payload: { itemId, formData: { name: '复用测试', phone: '13800138000' }, materials } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().case.id;
}

describe('减证便民: licences instead of uploads', () => {
  it('attaches the valid licence after the applicant authorises its use; the clerk sees it verified, nothing uploaded', async () => {
    const preview = (await t.app.inject({ url: `/api/catalog/items/${secondItemId}/reuse-preview`, headers: { cookie: cookies.applicant } })).json();
    expect(preview.materials.map((m: { way: string; licence: { identifier: string } | null }) => [m.way, m.licence?.identifier ?? null])).toEqual([
      ['upload', null],
      ['licence', licenceIdentifier],
      ['government', null],
      ['commitment', null],
    ]);

    const caseId = await apply(secondItemId);
    const before = (await t.app.inject({ url: `/api/cases/${caseId}/reuse`, headers: { cookie: cookies.clerk } })).json();
    expect(before.materials[1].licence).toBeNull();

    const authorised = await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/licence-use`, headers: { cookie: cookies.applicant } });
    expect(authorised.statusCode, authorised.body).toBe(200);
    const seen = (await t.app.inject({ url: `/api/cases/${caseId}/reuse`, headers: { cookie: cookies.clerk } })).json().materials;
    expect(seen[1].licence).toMatchObject({ identifier: licenceIdentifier, typeName: '测试许可证', verdict: 'genuine' });
    expect(seen[1].authorisedAt).not.toBeNull();
    expect(seen[2].governmentProvided).toBe(true);
    expect(seen[0].licence).toBeNull();
    // Only 申请书 was uploaded: the licence and the shared data stand in for the others.
    expect(await t.db.selectFrom('case_materials').select('item_material_id').where('case_id', '=', caseId).execute()).toEqual([{ item_material_id: 'M01' }]);
    const audit = await t.db.selectFrom('audit_events').select(['action', 'actor_id']).where('target_id', '=', caseId).where('action', '=', 'licence.authorise_use').execute();
    expect(audit).toEqual([{ action: 'licence.authorise_use', actor_id: w.applicant.id }]);

    // Someone else cannot authorise on this case, nor read it.
    expect((await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/licence-use`, headers: { cookie: cookies.stranger } })).statusCode).toBe(404);
    // An applicant without the licence gets nothing attached.
    const otherCase = await apply(secondItemId, cookies.stranger);
    const none = (await t.app.inject({ method: 'POST', url: `/api/cases/${otherCase}/licence-use`, headers: { cookie: cookies.stranger } })).json().materials;
    expect(none[1].licence).toBeNull();
  });

  it('takes a commitment in place of a material and flags it for the department to check', async () => {
    const caseId = await apply(secondItemId);
    const refused = await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/commitments`, headers: { cookie: cookies.applicant }, payload: { materialName: '申请书', statement: '本人承诺所填信息真实有效，如有不实愿承担责任。' } });
    expect(refused.statusCode).toBe(400);
    const signed = await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/commitments`, headers: { cookie: cookies.applicant }, payload: { materialName: '无犯罪记录证明', statement: '本人承诺无犯罪记录，如有不实愿承担法律责任。' } });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().materials[3].commitment.checkStatus).toBe('pending');

    const pending = (await t.app.inject({ url: '/api/commitments/pending', headers: { cookie: cookies.reviewerB } })).json().commitments;
    const mine = pending.filter((c: { caseId: string }) => c.caseId === caseId);
    expect(mine.map((c: { materialName: string }) => c.materialName)).toEqual(['无犯罪记录证明']);
    expect((await t.app.inject({ url: '/api/commitments/pending', headers: { cookie: cookies.reviewerA } })).json().commitments).toEqual([]);
    const check = await t.app.inject({ method: 'POST', url: `/api/commitments/${mine[0].id}/check`, headers: { cookie: cookies.reviewerB }, payload: { result: 'false', note: '核查发现有犯罪记录' } });
    expect(check.json()).toEqual({ id: mine[0].id, checkStatus: 'false' });
    expect((await t.app.inject({ method: 'POST', url: `/api/commitments/${mine[0].id}/check`, headers: { cookie: cookies.reviewerB }, payload: { result: 'confirmed', note: '重复' } })).statusCode).toBe(409);
  });

  it('counts exempt materials and licence uses per item and department', async () => {
    const stats = (await t.app.inject({ url: '/api/catalog/reuse-stats' })).json();
    const item = stats.items.find((i: { itemId: number }) => i.itemId === secondItemId);
    // Two cases authorised use (one found the licence, one did not): licence uses count attachments.
    // Three submissions of the item; in one a licence replaced an upload.
    expect(item).toMatchObject({ materials: 4, exempt: 2, commitmentAllowed: 1, licenceUses: 1, sharedUses: 2, commitments: 1, submissions: 3, submissionsWithLicence: 1 });
    const department = stats.departments.find((d: { departmentId: number }) => d.departmentId === w.deptB.id);
    expect(department).toMatchObject({ items: 1, materials: 4, exempt: 2, licenceUses: 1, submissions: 3, submissionsWithLicence: 1 });
    // The administrator's view is the centre's, the same figures.
    const admin = await loginCookie(t.app, w.admin.username);
    const centre = (await t.app.inject({ url: '/api/admin/reuse-stats', headers: { cookie: admin } })).json();
    expect(centre.items.find((i: { itemId: number }) => i.itemId === secondItemId)).toEqual(item);
    expect((await t.app.inject({ url: '/api/admin/reuse-stats', headers: { cookie: cookies.applicant } })).statusCode).toBe(403);
  });

  it('shares a holder licences with another department on an authorisation or a legal basis, logging every read', async () => {
    const holder = (await t.db.selectFrom('users').select('identity_number').where('id', '=', w.applicant.id).executeTakeFirstOrThrow()).identity_number!;
    const authorisedCase = await t.db.selectFrom('case_licence_uses as u').innerJoin('cases as c', 'c.id', 'u.case_id').select('c.number').where('c.applicant_id', '=', w.applicant.id).where('u.kind', '=', 'licence').executeTakeFirstOrThrow();
    const query = (cookie: string, body: object) => t.app.inject({ method: 'POST', url: '/api/share/licences/query', headers: { cookie }, payload: { holderCode: holder, purpose: '审查申请材料', ...body } });

    const byAuthorisation = await query(cookies.reviewerB, { basis: 'authorisation', basisRef: authorisedCase.number });
    expect(byAuthorisation.statusCode, byAuthorisation.body).toBe(200);
    expect(byAuthorisation.json().licences.map((l: { identifier: string }) => l.identifier)).toEqual([licenceIdentifier]);
    expect(byAuthorisation.body).not.toContain(holder);
    // Department A has no case of this holder with an authorisation.
    expect((await query(cookies.reviewerA, { basis: 'authorisation', basisRef: authorisedCase.number })).statusCode).toBe(403);
    expect((await query(cookies.reviewerA, { basis: 'legal', basisRef: '《食品安全法》第一百一十条' })).statusCode).toBe(200);
    expect((await query(cookies.applicant, { basis: 'legal', basisRef: '《食品安全法》第一百一十条' })).statusCode).toBe(403);

    const supervisor = await loginCookie(t.app, w.supervisor.username);
    const reads = (await t.app.inject({ url: '/api/share/reads', headers: { cookie: supervisor } })).json().reads;
    expect(reads.map((r: { basis: string; licenceCount: number; purpose: string }) => [r.basis, r.licenceCount, r.purpose])).toEqual([
      ['legal', 1, '审查申请材料'],
      ['authorisation', 1, '审查申请材料'],
    ]);
    const stored = await t.db.selectFrom('licence_share_reads').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(holder);
  });
});
