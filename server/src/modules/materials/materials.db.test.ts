import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody } from '../../test/multipart.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookies, makeWorld } from '../../test/factories.js';
import { jpegImage, pdfWith, pngImage, zipWith } from '../../test/files.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof makeWorld>>;
let cookies: Record<'applicant' | 'applicant2' | 'clerk' | 'reviewerA' | 'reviewerB' | 'supervisor', string>;
let caseId: string;

const PDF = pdfWith(`% ${' '.repeat(2000)}\n`);

const multipart = multipartBody;

async function upload(cookie: string, id: string, fields: Parameters<typeof multipart>[0]) {
  const body = multipart(fields);
  return t.app.inject({ method: 'POST', url: `/api/cases/${id}/materials`, headers: { ...body.headers, cookie }, payload: body.payload });
}

beforeAll(async () => {
  t = await createTestApp();
  w = await makeWorld(t.db);
  cookies = await loginCookies(t.app, {
    applicant: w.applicant,
    applicant2: w.applicant2,
    clerk: w.clerk,
    reviewerA: w.reviewerA,
    reviewerB: w.reviewerB,
    supervisor: w.supervisor,
  });
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/cases',
    headers: { cookie: cookies.applicant },
    payload: { itemId: w.itemA.id, formData: { name: '材料测试', phone: '13800138000' } },
  });
  caseId = created.json().case.id;
});
afterAll(() => t.destroy());

describe('materials', () => {
  it('stores an upload under its own name and lets the owner, the clerk and the department read it', async () => {
    const response = await upload(cookies.applicant, caseId, { name: '营业执照', filename: '../../etc/营业执照.pdf', content: PDF });
    expect(response.statusCode).toBe(201);
    const { id } = response.json();

    const list = await t.app.inject({ url: `/api/cases/${caseId}/materials`, headers: { cookie: cookies.clerk } });
    expect(list.json().materials).toEqual([
      expect.objectContaining({ id, name: '营业执照', originalName: '营业执照.pdf', contentType: 'application/pdf', sizeBytes: PDF.length }),
    ]);
    // On disk under the material id, nowhere near the sent path.
    const stored = await fs.readFile(path.join(t.dataDir, 'files', id.slice(0, 2), id));
    expect(stored.equals(PDF)).toBe(true);

    for (const who of ['applicant', 'clerk', 'reviewerA'] as const) {
      const file = await t.app.inject({ url: `/api/cases/${caseId}/materials/${id}/file`, headers: { cookie: cookies[who] } });
      expect(file.statusCode, who).toBe(200);
      expect(file.headers['content-type']).toBe('application/pdf');
      expect(file.rawPayload.equals(PDF)).toBe(true);
    }
    for (const who of ['applicant2', 'reviewerB', 'supervisor'] as const) {
      const file = await t.app.inject({ url: `/api/cases/${caseId}/materials/${id}/file`, headers: { cookie: cookies[who] } });
      expect(file.statusCode, who).toBe(404);
    }
    const reads = await t.db.selectFrom('audit_events').select('actor_id').where('action', '=', 'material.read').execute();
    expect(reads).toHaveLength(3);
  });

  it('accepts PNG, JPEG and OFD by content and refuses anything else whatever its name says', async () => {
    const png = pngImage();
    const jpeg = jpegImage();
    expect((await upload(cookies.applicant, caseId, { name: '照片', filename: 'a.png', content: png })).statusCode).toBe(201);
    expect((await upload(cookies.applicant, caseId, { name: '身份证', filename: 'b.jpg', content: jpeg })).statusCode).toBe(201);
    expect((await upload(cookies.applicant, caseId, { name: '证明', filename: 'c.ofd', content: zipWith('OFD.xml') })).statusCode).toBe(201);

    const poisoned = await upload(cookies.applicant, caseId, {
      name: '伪装文件',
      filename: 'invoice.pdf',
      content: Buffer.from('MZ\x90\x00\x03 not a pdf at all'),
    });
    expect(poisoned.statusCode).toBe(415);
    expect(poisoned.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses oversize files, nameless materials, strangers and closed cases', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(20 * 1024 * 1024 + 10)]);
    const tooBig = await upload(cookies.applicant, caseId, { name: '大文件', filename: 'big.pdf', content: big });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.code).toBe('PAYLOAD_TOO_LARGE');

    const nameless = await upload(cookies.applicant, caseId, { filename: 'x.pdf', content: PDF });
    expect(nameless.statusCode).toBe(400);
    // An item that lists no materials takes a name; one that lists them, a material id.
    expect(nameless.json().error.details[0].field).toBe('body.materialId');

    expect((await upload(cookies.applicant2, caseId, { name: '别人的', filename: 'x.pdf', content: PDF })).statusCode).toBe(404);
    expect((await upload(cookies.reviewerA, caseId, { name: '审批人', filename: 'x.pdf', content: PDF })).statusCode).toBe(403);

    await t.app.inject({ method: 'POST', url: `/api/cases/${caseId}/accept`, headers: { cookie: cookies.clerk }, payload: {} });
    const late = await upload(cookies.applicant, caseId, { name: '迟到的', filename: 'x.pdf', content: PDF });
    expect(late.statusCode).toBe(409);
    const count = await t.db.selectFrom('case_materials').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(count.n).toBe(4);
  });

  it('the clerk records a check per material', async () => {
    const [material] = (await t.app.inject({ url: `/api/cases/${caseId}/materials`, headers: { cookie: cookies.clerk } })).json().materials;
    const checked = await t.app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/materials/${material.id}/check`,
      headers: { cookie: cookies.clerk },
      payload: { verdict: 'expired', note: '营业执照已过有效期' },
    });
    expect(checked.statusCode).toBe(200);
    const after = (await t.app.inject({ url: `/api/cases/${caseId}/materials`, headers: { cookie: cookies.applicant } })).json().materials[0];
    expect(after).toMatchObject({ verdict: 'expired', verdictNote: '营业执照已过有效期' });
  });
});

describe('several files, polyglots and names', () => {
  let fresh: string;
  beforeAll(async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { cookie: cookies.applicant },
      payload: { itemId: w.itemA.id, formData: { name: '多文件测试', phone: '13800138000' } },
    });
    fresh = created.json().case.id;
  });
  const materialsOf = async (id: string) => (await t.app.inject({ url: `/api/cases/${id}/materials`, headers: { cookie: cookies.applicant } })).json().materials;

  it('stores every file of one request, each under the name sent before it, with one audit row each', async () => {
    const response = await upload(cookies.applicant, fresh, {
      name: '身份证',
      filename: '正面.jpg',
      content: jpegImage(),
      more: [
        { filename: '反面.png', content: pngImage() },
        { name: '营业执照', filename: '执照.pdf', content: PDF },
      ],
    });
    expect(response.statusCode, response.body).toBe(201);
    const { id, materials } = response.json();
    expect(materials.map((m: { name: string; originalName: string }) => [m.name, m.originalName])).toEqual([
      ['身份证', '正面.jpg'],
      ['身份证', '反面.png'],
      ['营业执照', '执照.pdf'],
    ]);
    expect(id).toBe(materials[0].id);
    const stored = await materialsOf(fresh);
    expect(stored.map((m: { contentType: string }) => m.contentType).sort()).toEqual(['application/pdf', 'image/jpeg', 'image/png']);
    const audits = await t.db.selectFrom('audit_events').select('target_id').where('action', '=', 'material.upload').where('target_id', 'in', materials.map((m: { id: string }) => m.id)).execute();
    expect(audits).toHaveLength(3);
  });

  it('refuses the whole request, naming the file, when one file is a polyglot; stores nothing of it', async () => {
    const before = (await materialsOf(fresh)).length;
    const pngWithZip = Buffer.concat([pngImage(), zipWith('payload.txt')]);
    const refused = await upload(cookies.applicant, fresh, { name: '照片', filename: '第一页.pdf', content: PDF, more: [{ filename: '照片.png', content: pngWithZip }] });
    expect(refused.statusCode).toBe(415);
    expect(refused.json().error).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: '第 2 个文件「照片.png」：图片结尾之后附带了其他数据（如压缩包），请用图片软件另存后上传',
      details: [{ field: 'body.file[1]' }],
    });
    const scripted = await upload(cookies.applicant, fresh, { name: '申请书', filename: '申请书.pdf', content: pdfWith('4 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n') });
    expect(scripted.json().error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: 'PDF 含有 JavaScript 脚本' });
    expect(await materialsOf(fresh)).toHaveLength(before);
  });

  it('refuses more than ten files at once with a clear answer', async () => {
    const more = Array.from({ length: 10 }, (_, i) => ({ filename: `第${i + 2}页.pdf`, content: PDF }));
    const response = await upload(cookies.applicant, fresh, { name: '扫描件', filename: '第1页.pdf', content: PDF, more });
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: '一次最多上传 10 个文件' });
  });

  it('strips bidi controls from stored names and serves files as attachments that are never sniffed', async () => {
    const response = await upload(cookies.applicant, fresh, { name: '发票\u202E', filename: '发票\u202Efdp.exe', content: PDF });
    expect(response.statusCode).toBe(201);
    const stored = (await materialsOf(fresh)).find((m: { id: string }) => m.id === response.json().id);
    expect(stored).toMatchObject({ name: '发票', originalName: '发票fdp.exe' });
    const file = await t.app.inject({ url: `/api/cases/${fresh}/materials/${stored.id}/file`, headers: { cookie: cookies.applicant } });
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-disposition']).toMatch(/^attachment; /);
    expect(file.headers['content-type']).toBe('application/pdf');
  });
});
