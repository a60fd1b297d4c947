import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookies, makeWorld, reviewToDecision } from '../../test/factories.js';
import { sealSignerFor } from '../seals/keystore.js';
import { referenceSm2Verify } from '../seals/sm2-reference.js';
import { createSeal } from '../seals/service.js';
import { chinaDate } from '../../util/china-time.js';
import { issueDirect } from './issue.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
let cookies: Record<'applicant' | 'clerk' | 'reviewer' | 'admin' | 'stranger', string>;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
  await createSeal(t.db, sealSignerFor({ dataDir: t.dataDir }), { departmentId: w.deptA.id, actor: null });
  cookies = await loginCookies(t.app, {
    applicant: w.applicant,
    clerk: w.clerk,
    reviewer: w.reviewerA,
    admin: w.admin,
    stranger: w.applicant2,
  });
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/admin/licence-types',
    headers: { cookie: cookies.admin },
    payload: {
      code: `${w.deptA.credit_code}001`,
      name: '测试经营许可证',
      departmentId: w.deptA.id,
      holderKind: 'both',
      numberPrefix: 'JY',
      fields: [
        { key: 'operatorName', label: '经营者名称', formKey: 'name' },
        { key: 'count', label: '数量', formKey: 'count' },
      ],
      validityYears: 5,
      layout: { orientation: 'portrait', accent: '#1d5fa8' },
      itemIds: [w.itemA.id],
    },
  });
  expect(created.statusCode, created.body).toBe(201);
});
afterAll(() => t.destroy());

/** Applies for item A and takes the case through acceptance, review and approval. */
async function approvedCase(name: string): Promise<string> {
  const c = (
    await t.app.inject({ method: 'POST', url: '/api/cases', headers: { cookie: cookies.applicant }, payload: { itemId: w.itemA.id, formData: { name, phone: '13800138000', count: 3 } } })
  ).json().case;
  await t.app.inject({ method: 'POST', url: `/api/cases/${c.id}/accept`, headers: { cookie: cookies.clerk }, payload: {} });
  await reviewToDecision(t.db, c.id, w.reviewerA);
  const approved = await t.app.inject({ method: 'POST', url: `/api/cases/${c.id}/approve`, headers: { cookie: cookies.reviewer }, payload: { opinion: '符合条件' } });
  expect(approved.statusCode, approved.body).toBe(200);
  return c.id;
}

const verify = async (ref: string) => (await t.app.inject({ url: `/api/public/licences/verify?ref=${ref}` })).json();
const verifyPdf = async (pdf: Buffer) =>
  (await t.app.inject({ method: 'POST', url: '/api/public/licences/verify-pdf', headers: { 'content-type': 'application/pdf' }, payload: pdf })).json();

describe('electronic licences (电子证照)', () => {
  it('issues a sealed licence when the case is approved: in the case result, the wallet and the public check', async () => {
    const caseId = await approvedCase('鑫达食品');
    const result = (await t.app.inject({ url: `/api/cases/${caseId}/licences`, headers: { cookie: cookies.applicant } })).json();
    expect(result.licences).toHaveLength(1);
    const issued = result.licences[0];
    expect(issued.typeName).toBe('测试经营许可证');
    expect(issued.identifier).toMatch(new RegExp(`^${w.deptA.credit_code}001${w.deptA.credit_code}${chinaDate().replaceAll('-', '')}0000101[0-9A-Z]$`));
    expect(issued.number).toBe(`JY220581${chinaDate().replaceAll('-', '')}00001`);

    const wallet = (await t.app.inject({ url: '/api/licences/mine', headers: { cookie: cookies.applicant } })).json().licences;
    expect(wallet.map((l: { identifier: string }) => l.identifier)).toEqual([issued.identifier]);
    expect(wallet[0].fields).toEqual([
      { key: 'operatorName', label: '经营者名称', value: '鑫达食品' },
      { key: 'count', label: '数量', value: '3' },
    ]);
    expect(wallet[0].events.map((e: { action: string }) => e.action)).toEqual(['issued']);
    expect((await t.app.inject({ url: '/api/licences/mine', headers: { cookie: cookies.stranger } })).json().licences).toEqual([]);
    expect((await t.app.inject({ url: `/api/licences/${issued.id}/pdf`, headers: { cookie: cookies.stranger } })).statusCode).toBe(404);

    const check = await verify(issued.identifier);
    expect(check.verdict).toBe('genuine');
    expect(check.sealVerdict).toBe('valid');
    // The holder's ID number is masked on the public page.
    const holder = (await t.db.selectFrom('users').select('identity_number').where('id', '=', w.applicant.id).executeTakeFirstOrThrow()).identity_number!;
    expect(check.licence.holderCode).toBe(`${holder.slice(0, 6)}********${holder.slice(-4)}`);
    expect(JSON.stringify(check)).not.toContain(holder);
    expect((await verify(issued.number)).licence.identifier).toBe(issued.identifier);

    // Approving is announced once: a retried hook finds the licence already issued.
    expect(await t.db.selectFrom('licences').select('id').where('case_id', '=', caseId).execute()).toHaveLength(1);
    // Renders and seals licence faces (CJK font subsets): seconds each on a busy machine.
  }, 120_000);

  it('verifies the published key and documented bytes with an independent SM2 implementation', async () => {
    const caseId = await approvedCase('独立验签');
    const [licence] = (await t.app.inject({ url: `/api/cases/${caseId}/licences`, headers: { cookie: cookies.applicant } })).json().licences;
    const signed = (await t.app.inject({ url: `/api/licences/${licence.id}/signed-data`, headers: { cookie: cookies.applicant } })).json();
    const pdf = (await t.app.inject({ url: `/api/licences/${licence.id}/pdf`, headers: { cookie: cookies.applicant } })).rawPayload;
    const published = (await t.app.inject({ url: '/api/public/seals' })).json().seals.find((s: { id: number }) => s.id === licence.seal.id);

    // Only public material: the key from the public list, the signature from the public check.
    const data = Buffer.from(signed.signedData, 'utf8');
    expect(referenceSm2Verify(data, Buffer.from(licence.dataSignature, 'hex'), published.publicKey)).toBe(true);
    expect(referenceSm2Verify(pdf, Buffer.from(licence.pdfSignature, 'hex'), published.publicKey)).toBe(true);
    const changed = Buffer.from(data);
    changed[changed.length - 3] = changed[changed.length - 3]! ^ 0x01;
    expect(referenceSm2Verify(changed, Buffer.from(licence.dataSignature, 'hex'), published.publicKey)).toBe(false);
    // Another user ID gives another Z: the ID is part of what is checked.
    expect(referenceSm2Verify(data, Buffer.from(licence.dataSignature, 'hex'), published.publicKey, '')).toBe(false);

    // OpenSSL is a third implementation, where the machine has it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sm2-'));
    try {
      fs.writeFileSync(path.join(dir, 'key.pem'), published.publicKeyPem);
      fs.writeFileSync(path.join(dir, 'face.pdf'), pdf);
      fs.writeFileSync(path.join(dir, 'face.sig'), Buffer.from(licence.pdfSignature, 'hex'));
      let openssl: string | null = null;
      try {
        openssl = execFileSync('openssl', ['dgst', '-sm3', '-verify', 'key.pem', '-sigopt', 'distid:1234567812345678', '-signature', 'face.sig', 'face.pdf'], { cwd: dir, encoding: 'utf8' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      if (openssl !== null) expect(openssl.trim()).toBe('Verified OK');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports one changed byte in the PDF or in the signed data as altered', async () => {
    const caseId = await approvedCase('篡改测试');
    const [licence] = (await t.app.inject({ url: `/api/cases/${caseId}/licences`, headers: { cookie: cookies.applicant } })).json().licences;
    const pdf = (await t.app.inject({ url: `/api/licences/${licence.id}/pdf`, headers: { cookie: cookies.applicant } })).rawPayload;
    expect((await verifyPdf(pdf)).verdict).toBe('genuine');
    const altered = Buffer.from(pdf);
    const middle = Math.floor(altered.length / 2);
    altered[middle] = altered[middle]! ^ 0x20;
    const result = await verifyPdf(altered);
    expect(result.verdict).toBe('altered');
    expect(result.licence.identifier).toBe(licence.identifier);
    expect((await verifyPdf(Buffer.from('%PDF-1.3 nothing here'))).verdict).toBe('not_found');

    const { signedData } = (await t.app.inject({ url: `/api/licences/${licence.id}/signed-data`, headers: { cookie: cookies.applicant } })).json();
    const verifyData = async (text: string) =>
      (await t.app.inject({ method: 'POST', url: '/api/public/licences/verify-data', payload: { signedData: text } })).json().verdict;
    expect(await verifyData(signedData)).toBe('genuine');
    expect(await verifyData(signedData.replace('篡改测试', '篡改测验'))).toBe('altered');
  });

  it('runs the life cycle: 变更 supersedes, 吊销 revokes, expiry by date, each recorded', async () => {
    const caseId = await approvedCase('生命周期');
    const [licence] = (await t.app.inject({ url: `/api/cases/${caseId}/licences`, headers: { cookie: cookies.applicant } })).json().licences;
    const life = (id: string, body: object, cookie = cookies.reviewer) => t.app.inject({ method: 'POST', url: `/api/licences/${id}/lifecycle`, headers: { cookie }, payload: body });

    expect((await life(licence.id, { action: 'revoke', reason: '越权' }, cookies.applicant)).statusCode).toBe(403);
    const changed = await life(licence.id, { action: 'change', reason: '经营者名称变更', data: { operatorName: '生命周期（新）' } });
    expect(changed.statusCode, changed.body).toBe(200);
    const v2 = changed.json().licence;
    expect(v2.version).toBe(2);
    expect(v2.number).toBe(licence.number);
    expect(v2.fields[0].value).toBe('生命周期（新）');
    expect((await verify(licence.identifier)).verdict).toBe('superseded');
    expect((await verify(v2.identifier)).verdict).toBe('genuine');
    expect((await life(licence.id, { action: 'revoke', reason: '旧版本' })).statusCode).toBe(409);

    expect((await life(v2.id, { action: 'suspend', reason: '停业整顿' })).json().licence.status).toBe('suspended');
    expect((await verify(v2.identifier)).verdict).toBe('suspended');
    expect((await life(v2.id, { action: 'resume', reason: '整改完成' })).json().licence.status).toBe('valid');
    const revoked = (await life(v2.id, { action: 'revoke', reason: '严重违法' })).json().licence;
    expect(revoked.events.map((e: { action: string; version: number }) => `${e.version}:${e.action}`)).toEqual([
      '1:issued',
      '1:superseded',
      '2:changed',
      '2:suspended',
      '2:resumed',
      '2:revoked',
    ]);
    const check = await verify(v2.identifier);
    expect(check.verdict).toBe('revoked');
    expect(check.message).toBe('已吊销');
    // The newest version answers for the number.
    expect((await verify(licence.number)).verdict).toBe('revoked');
    const audits = await t.db.selectFrom('audit_events').select('action').where('target_id', 'in', [licence.id, v2.id]).orderBy('id').execute();
    expect(audits.map((a) => a.action)).toEqual(['licence.issue', 'licence.change', 'licence.suspend', 'licence.resume', 'licence.revoke']);

    // A row changed behind the seal's back (a later expiry typed into the database) is altered.
    const other = (await t.app.inject({ url: `/api/cases/${await approvedCase('篡改有效期')}/licences`, headers: { cookie: cookies.applicant } })).json().licences[0];
    await t.db.updateTable('licences').set({ valid_to: '2099-12-31' }).where('identifier', '=', other.identifier).execute();
    expect((await verify(other.identifier)).verdict).toBe('altered');
  }, 120_000);

  it('expires a licence by its signed date, recording the expiry once', async () => {
    const type = await t.db.selectFrom('licence_types').select('id').where('name', '=', '测试经营许可证').executeTakeFirstOrThrow();
    // Issued six years ago with a five-year validity: its last day has passed whatever today is.
    const sixYearsAgo = `${Number(chinaDate().slice(0, 4)) - 6}-01-01`;
    const old = await issueDirect(t.db, { signer: sealSignerFor({ dataDir: t.dataDir }), publicUrl: 'http://test' }, { typeId: type.id, holderUserId: w.applicant.id, data: { operatorName: '旧证' }, validFrom: sixYearsAgo });
    expect(old.valid_to).toBe(`${Number(sixYearsAgo.slice(0, 4)) + 5 - 1}-12-31`);
    expect((await verify(old.identifier)).verdict).toBe('expired');
    const wallet = async () => (await t.app.inject({ url: '/api/licences/mine', headers: { cookie: cookies.applicant } })).json().licences;
    const seen = (await wallet()).find((l: { identifier: string }) => l.identifier === old.identifier);
    expect(seen.status).toBe('expired');
    expect(seen.events.map((e: { action: string }) => e.action)).toEqual(['issued', 'expired']);
    await wallet();
    expect(await t.db.selectFrom('licence_events').select('id').where('licence_id', '=', old.id).where('action', '=', 'expired').execute()).toHaveLength(1);
  });

  it('keeps what a seal signed verifiable after the seal is rotated and revoked (valid at signing time)', async () => {
    const caseId = await approvedCase('印章轮换');
    const [licence] = (await t.app.inject({ url: `/api/cases/${caseId}/licences`, headers: { cookie: cookies.applicant } })).json().licences;
    const rotated = await t.app.inject({ method: 'POST', url: '/api/admin/seals', headers: { cookie: cookies.admin }, payload: { departmentId: w.deptA.id } });
    expect(rotated.statusCode, rotated.body).toBe(201);
    const revoked = await t.app.inject({ method: 'POST', url: `/api/admin/seals/${licence.seal.id}/revoke`, headers: { cookie: cookies.admin }, payload: { reason: '密钥保管介质遗失' } });
    expect(revoked.statusCode, revoked.body).toBe(204);
    const check = await verify(licence.identifier);
    expect(check.verdict).toBe('genuine');
    expect(check.sealVerdict).toBe('valid_at_signing_time');

    const next = (await t.app.inject({ url: `/api/cases/${await approvedCase('新印章')}/licences`, headers: { cookie: cookies.applicant } })).json().licences[0];
    expect(next.seal.id).toBe(rotated.json().id);
    expect((await verify(next.identifier)).sealVerdict).toBe('valid');
    const seals = (await t.app.inject({ url: '/api/admin/seals', headers: { cookie: cookies.admin } })).json().seals;
    expect(seals.map((s: { status: string }) => s.status)).toEqual(['active', 'revoked']);
    // The private key never leaves the server, encrypted or not.
    expect(JSON.stringify(seals)).not.toMatch(/private/i);
  });
});
