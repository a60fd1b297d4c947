import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.js';
import { loginCookie, makeCentre, makeDepartment, makeUser } from '../../test/factories.js';
import { withCreditCheck } from '../../util/identity.js';
import { ITEM_HEADERS, MATERIAL_HEADERS } from './xlsx.js';

let t: TestApp;
let admin: string;
let centre: Awaited<ReturnType<typeof makeCentre>>;
let existing: Awaited<ReturnType<typeof makeDepartment>>;

beforeAll(async () => {
  t = await createTestApp();
  centre = await makeCentre(t.db);
  existing = await makeDepartment(t.db, centre, '梅河口市市场监督管理局');
  admin = await loginCookie(t.app, (await makeUser(t.db, 'admin', { centreId: centre.id })).username);
});
afterAll(() => t.destroy());

function multipart(content: Buffer) {
  const boundary = '----onewindowtest';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="catalog.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: admin } };
}
const upload = (content: Buffer) => t.app.inject({ method: 'POST', url: '/api/admin/items/import', ...multipart(content) });

async function template(): Promise<ExcelJS.Workbook> {
  const response = await t.app.inject({ url: '/api/admin/items/template.xlsx', headers: { cookie: admin } });
  expect(response.statusCode).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
  return workbook;
}

/** One row of the 事项 sheet by header name, the way a person fills it in. */
function itemRow(values: Record<string, string | number>): (string | number)[] {
  return ITEM_HEADERS.map((h) => values[h] ?? '');
}

const newDepartmentCredit = withCreditCheck('11220581MB7654321');
const code = (n: number, credit = existing.credit_code, type = 'XK', handling = 1) => `${credit}-4-220581-${type}-${String(n).padStart(5, '0')}-000-${String(handling).padStart(2, '0')}`;

function generatedItem(n: number) {
  const kinds = [
    { 办件类型: '承诺件', 法定办结时限: '20个工作日', 承诺办结时限: '5个工作日' },
    { 办件类型: '即办件', 法定办结时限: '二十日', 承诺办结时限: '当场办结' },
    { 办件类型: '承诺件', 法定办结时限: '60日', 承诺办结时限: '不需要现场核查的，3个工作日；需要现场核查的，10个工作日' },
    { 办件类型: '承诺件', 法定办结时限: 15, 承诺办结时限: 10 },
  ];
  const department = n % 3 === 0 ? '梅河口市交通运输局' : existing.name;
  const credit = n % 3 === 0 ? newDepartmentCredit : existing.credit_code;
  return itemRow({
    实施编码: code(n, credit),
    事项名称: `测试许可事项第${n}号`,
    事项类型: '行政许可',
    责任部门: department,
    ...kinds[n % 4],
    设定依据: '《中华人民共和国行政许可法》第十二条\n《吉林省优化营商环境条例》第二十条',
    受理条件: '申请人具有完全民事行为能力。',
    收费项目及标准: n % 10 === 0 ? '工本费：每证10元（依据：发改价格〔2004〕2831号）' : '不收费',
    到现场次数: n % 2 ? '0次' : '1次',
    网办深度: n % 2 ? '四级' : '三级',
    办理渠道: '网上办理、窗口办理',
    办理窗口: '一楼 A区 3 号',
    咨询电话: '0435-4221001',
    投诉电话: '0435-12345',
    办理流程: '1.申请：网上提交\n2.受理：一次性告知\n3.决定：准予或不予',
    服务对象: '法人',
    主题分类: '准营准办',
  });
}

describe('catalogue import (目录导入)', () => {
  it('gives a template with Chinese headers, every sheet and the instructions', async () => {
    const workbook = await template();
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['事项', '材料', '部门', '填写说明']);
    expect((workbook.getWorksheet('事项')!.getRow(1).values as string[]).slice(1)).toEqual(ITEM_HEADERS);
    expect((workbook.getWorksheet('材料')!.getRow(1).values as string[]).slice(1)).toEqual(MATERIAL_HEADERS);
    const help = workbook.getWorksheet('填写说明')!.getColumn(1).values.join('\n');
    expect(help).toContain('实施编码结构');
    expect(help).toContain('当场办结');
  });

  it('reports every bad cell by sheet, row and column and imports nothing', async () => {
    const workbook = await template();
    const items = workbook.getWorksheet('事项')!;
    items.addRow(generatedItem(1)); // row 2: fine
    items.addRow(itemRow({ ...Object.fromEntries(ITEM_HEADERS.map((h, i) => [h, generatedItem(2)[i]!])), 实施编码: 'XK-00002' })); // row 3
    items.addRow(itemRow({ ...Object.fromEntries(ITEM_HEADERS.map((h, i) => [h, generatedItem(4)[i]!])), 法定办结时限: '5-10个工作日', 办件类型: '急件' })); // row 4
    items.addRow(itemRow({ ...Object.fromEntries(ITEM_HEADERS.map((h, i) => [h, generatedItem(5)[i]!])), 责任部门: '不存在的局', 事项类型: '行政处罚' })); // row 5
    items.addRow(generatedItem(1)); // row 6: duplicate of row 2
    items.addRow(itemRow({ ...Object.fromEntries(ITEM_HEADERS.map((h, i) => [h, generatedItem(7)[i]!])), 法定办结时限: '5个工作日', 承诺办结时限: '10个工作日', 事项名称: '' })); // row 7
    const materials = workbook.getWorksheet('材料')!;
    materials.addRow([code(1), '申请书', '必要', '', '原件', 1]);
    materials.addRow([code(999), '营业执照', '必要', '', '原件', 1]);
    materials.addRow([code(1), '租赁合同', '按情形提供', '', '扫描件', 'x']);
    const departments = workbook.getWorksheet('部门')!;
    departments.addRow(['梅河口市交通运输局', '11220581MB765432X', '0435-1']);

    const before = await t.db.selectFrom('service_items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const response = await upload(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(response.statusCode).toBe(400);
    const error = response.json().error;
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', message: '导入文件有 13 处错误，未导入任何内容' });
    const col = (header: string) => String.fromCharCode(65 + ITEM_HEADERS.indexOf(header));
    const expected: [string, string][] = [
      [`事项!${col('实施编码')}3`, '「实施编码」「XK-00002」：实施编码格式应为'],
      [`事项!${col('办件类型')}4`, '「办件类型」「急件」：应为「即办件」或「承诺件」'],
      // Every bad cell of a row, not only its first.
      [`事项!${col('法定办结时限')}4`, '「法定办结时限」「5-10个工作日」：「5-10个工作日」是一个区间'],
      [`事项!${col('事项类型')}5`, '「事项类型」「行政处罚」：与实施编码中的类型（行政许可）不一致'],
      [`事项!${col('责任部门')}5`, '「责任部门」「不存在的局」：没有这个部门'],
      [`事项!${col('实施编码')}6`, '与第 2 行的实施编码重复'],
      [`事项!${col('事项名称')}7`, '「事项名称」：必填'],
      [`事项!${col('承诺办结时限')}7`, '「承诺办结时限」「10个工作日」：承诺时限（10个工作日）不能长于法定时限（5个工作日）'],
      ['材料!A3', '「事项」表中没有这个实施编码'],
      ['材料!D4', '按情形提供的材料应写明情形'],
      ['材料!E4', '「材料形式」「扫描件」：应为 原件、复印件、原件和复印件 或 电子材料'],
      ['材料!F4', '「份数」「x」：应为 0 到 99 的整数'],
      ['部门!B2', '「统一社会信用代码」「11220581MB765432X」：不是有效的统一社会信用代码'],
    ];
    expect(error.details.map((d: { field: string }) => d.field)).toEqual(expected.map((e) => e[0]));
    error.details.forEach((d: { message: string }, i: number) => expect(d.message).toContain(expected[i]![1]));
    const after = await t.db.selectFrom('service_items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect(await t.db.selectFrom('departments').select('id').where('name', '=', '梅河口市交通运输局').executeTakeFirst()).toBeUndefined();
  });

  it('reports limits it cannot read instead of guessing, and promised limits longer than legal ones', async () => {
    const workbook = await template();
    const items = workbook.getWorksheet('事项')!;
    const base = Object.fromEntries(ITEM_HEADERS.map((h, i) => [h, generatedItem(8)[i]!]));
    items.addRow(itemRow({ ...base, 法定办结时限: '5-10个工作日' }));
    items.addRow(itemRow({ ...base, 实施编码: code(9), 法定办结时限: '5个工作日', 承诺办结时限: '10个工作日' }));
    items.addRow(itemRow({ ...base, 实施编码: code(10), 承诺办结时限: '另行通知' }));
    const error = (await upload(Buffer.from(await workbook.xlsx.writeBuffer()))).json().error;
    const legal = String.fromCharCode(65 + ITEM_HEADERS.indexOf('法定办结时限'));
    const promised = String.fromCharCode(65 + ITEM_HEADERS.indexOf('承诺办结时限'));
    expect(error.details).toEqual([
      { field: `事项!${legal}2`, message: '「法定办结时限」「5-10个工作日」：「5-10个工作日」是一个区间，请写明一个时限（或按条件分别写明）' },
      { field: `事项!${promised}3`, message: '「承诺办结时限」「10个工作日」：承诺时限（10个工作日）不能长于法定时限（5个工作日）' },
      { field: `事项!${promised}4`, message: '「承诺办结时限」「另行通知」：无法识别时限「另行通知」，请写成「20个工作日」「60日」「3个小时」「当场办结」或数字' },
    ]);
  });

  it('imports 3,000 items with materials and a new department in one go, then round-trips without drift', async () => {
    const workbook = await template();
    const items = workbook.getWorksheet('事项')!;
    const materials = workbook.getWorksheet('材料')!;
    for (let n = 1000; n < 4000; n++) {
      items.addRow(generatedItem(n));
      const credit = n % 3 === 0 ? newDepartmentCredit : existing.credit_code;
      materials.addRow([code(n, credit), '申请书', '必要', '', '原件', 1, '申请书空白表格', '', '', '申请人自备']);
      materials.addRow([code(n, credit), '营业执照', '必要', '', '复印件', 1, '', '', '营业执照', '市场监督管理部门核发']);
    }
    workbook.getWorksheet('部门')!.addRow(['梅河口市交通运输局', newDepartmentCredit, '0435-4221010']);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());

    const started = performance.now();
    const response = await upload(file);
    const seconds = (performance.now() - started) / 1000;
    console.log(`import of 3,000 items: ${seconds.toFixed(1)} s`);
    expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
    expect(response.json()).toEqual({ ok: true, dryRun: false, written: true, created: 3000, updated: 0, unchanged: 0, departmentsCreated: 1, skippedRows: [], problems: [] });

    const rows = await t.db.selectFrom('service_items').selectAll().where('name', 'like', '测试许可事项第%').orderBy('id').execute();
    expect(rows).toHaveLength(3000);
    expect(rows.filter((r) => r.current_version_id === null)).toEqual([]);
    const sample = rows.find((r) => r.name === '测试许可事项第1002号')!;
    expect(sample).toMatchObject({
      status: 'published',
      item_type: '01',
      kind: 'promised',
      legal_limit_days: 60,
      // 行政许可: "日" counts in working days (art. 82)
      legal_limit_unit: 'workday',
      promised_limit_days: 10,
      promised_limit_unit: 'workday',
      promised_limit_text: '不需要现场核查的，3个工作日；需要现场核查的，10个工作日',
      promised_limit_conditions: [
        { condition: '不需要现场核查的', value: 3, unit: 'workday' },
        { condition: '需要现场核查的', value: 10, unit: 'workday' },
      ],
      trips: 1,
      online_depth: 3,
      channels: ['online', 'window'],
      target: 'legal',
      themes: ['准营准办'],
    });
    expect(sample.materials).toEqual([
      // Numbered in list order as they are saved (stable ids for uploads and checks).
      { id: 'M01', name: '申请书', requirement: 'required', form: 'original', copies: 1, blankForm: '申请书空白表格', source: '申请人自备' },
      { id: 'M02', name: '营业执照', requirement: 'required', form: 'copy', copies: 1, licenceType: '营业执照', source: '市场监督管理部门核发' },
    ]);
    expect(sample.legal_basis).toEqual([
      { law: '《中华人民共和国行政许可法》', articles: '第十二条' },
      { law: '《吉林省优化营商环境条例》', articles: '第二十条' },
    ]);
    const transport = await t.db.selectFrom('departments').selectAll().where('name', '=', '梅河口市交通运输局').executeTakeFirstOrThrow();
    expect(rows.filter((r) => r.department_id === transport.id)).toHaveLength(1000);
    const search = (await t.app.inject({ url: `/api/catalog/items?q=${encodeURIComponent('第1002号')}` })).json();
    expect(search.items.map((i: { name: string }) => i.name)).toEqual(['测试许可事项第1002号']);

    // Export → import → export: nothing changes, no version is added.
    const versionsBefore = await t.db.selectFrom('service_item_versions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const exported = await t.app.inject({ url: '/api/admin/items/export.xlsx', headers: { cookie: admin } });
    expect(exported.statusCode).toBe(200);
    const again = (await upload(exported.rawPayload)).json();
    expect(again).toMatchObject({ ok: true, created: 0, updated: 0, unchanged: 3000 });
    const versionsAfter = await t.db.selectFrom('service_item_versions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(versionsAfter.n).toBe(versionsBefore.n);
    const reexported = await t.app.inject({ url: '/api/admin/items/export.xlsx', headers: { cookie: admin } });
    expect(await sheetValues(reexported.rawPayload)).toEqual(await sheetValues(exported.rawPayload));

    // The first import and its export hold the same values, cell by cell, for the items sheet.
    const firstImport = await sheetValues(file);
    const exportedValues = await sheetValues(exported.rawPayload);
    const byCode = new Map(exportedValues.事项!.slice(1).map((r) => [r[0], r]));
    const normalise = (r: unknown[]) => r.map((v) => (v === undefined || v === null ? '' : String(v)));
    for (const row of firstImport.事项!.slice(1).slice(0, 50)) {
      const out = byCode.get(row[0])!;
      const expected = normalise(row);
      // 实施主体 left blank is filled with the department; 状态 blank means 已发布.
      expected[ITEM_HEADERS.indexOf('实施主体')] = normalise(out)[ITEM_HEADERS.indexOf('实施主体')]!;
      expected[ITEM_HEADERS.indexOf('状态')] = '已发布';
      expect(normalise(out).slice(0, ITEM_HEADERS.length)).toEqual(expected.slice(0, ITEM_HEADERS.length).map((v, i) => v || normalise(out)[i]!));
    }

    // One changed cell: one update, one new version.
    const edited = new ExcelJS.Workbook();
    await edited.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const sheet = edited.getWorksheet('事项')!;
    sheet.getRow(2).getCell(ITEM_HEADERS.indexOf('承诺办结时限') + 1).value = '2个工作日';
    const changed = (await upload(Buffer.from(await edited.xlsx.writeBuffer()))).json();
    expect(changed).toMatchObject({ ok: true, created: 0, updated: 1, unchanged: 2999 });
    const versionsChanged = await t.db.selectFrom('service_item_versions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(versionsChanged.n).toBe(versionsAfter.n + 1);
  }, 120_000);
});

describe('an import that never guesses (问题逐格列出、可先检查、可只导入无误的行)', () => {
  it('keeps every condition, refuses blanks, quotes cells as written, and imports the valid rows on request', async () => {
    const workbook = await template();
    const items = workbook.getWorksheet('事项')!;
    const base = { ...Object.fromEntries(ITEM_HEADERS.map((h, i) => [h, generatedItem(9001)[i]!])), 办件类型: '承诺件', 法定办结时限: '20个工作日', 承诺办结时限: '5个工作日' };
    const row = (values: Record<string, string | number>) => items.addRow(itemRow({ ...base, ...values }));
    row({ 实施编码: code(9001), 事项名称: '环境影响评价文件审批', 法定办结时限: '报告书60日,报告表30日,登记表15日', 承诺办结时限: '报告书20日,报告表10日,登记表5日' }); // 2
    row({ 实施编码: code(9002), 收费项目及标准: '', 网办深度: '' }); // 3
    row({ 实施编码: code(9003, existing.credit_code, 'GG', 0), 事项名称: '就业创业证申领', 事项类型: '公共服务', 法定办结时限: '', 承诺办结时限: '5个工作日' }); // 4
    row({ 实施编码: code(9004), 法定办结时限: '无' }); // 5
    row({ 实施编码: code(9005), 办件类型: '即办件', 法定办结时限: '20个工作日', 承诺办结时限: '5个工作日' }); // 6
    row({ 实施编码: code(9006), 办件类型: '急件', 到现场次数: '跑三趟', 承诺办结时限: '另行通知' }); // 7
    row({ 实施编码: code(9007) }); // 8: fine, but one of its materials is not
    const materials = workbook.getWorksheet('材料')!;
    materials.addRow([code(9001), '环境影响报告书', '按情形提供', '编制报告书的', '原件', 1, '', '', '', '申请人自备']);
    materials.addRow([code(9007), '申请书', '必要', '', '', 1]);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const col = (header: string) => String.fromCharCode(65 + ITEM_HEADERS.indexOf(header));
    const expected = [
      [`事项!${col('收费项目及标准')}3`, '请填写收费情况：不收费的写「不收费」，收费的每行写一项「项目：标准（依据：文件）」'],
      [`事项!${col('网办深度')}3`, '请填写网办深度：一级、二级、三级 或 四级'],
      [`事项!${col('法定办结时限')}5`, '行政许可事项必须写明法定办结时限（《行政许可法》第四十二条：一般为二十日）'],
      [`事项!${col('办件类型')}6`, '即办件的承诺时限应为当场办结或数小时，现为「5个工作日」'],
      [`事项!${col('办件类型')}7`, '应为「即办件」或「承诺件」'],
      [`事项!${col('承诺办结时限')}7`, '无法识别时限「另行通知」，请写成「20个工作日」「60日」「3个小时」「当场办结」或数字'],
      [`事项!${col('到现场次数')}7`, '应为 0次、1次 或 多次'],
      ['材料!E3', '请填写材料形式：原件、复印件、原件和复印件 或 电子材料'],
    ];
    const count = async () => (await t.db.selectFrom('service_items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const before = await count();
    const send = (query: string) => t.app.inject({ method: 'POST', url: `/api/admin/items/import${query}`, ...multipart(file) });

    // A dry run: every problem and what importing the valid rows would do; nothing written.
    const dry = await send('?dryRun=true&mode=valid');
    expect(dry.statusCode, dry.body.slice(0, 300)).toBe(200);
    const report = dry.json();
    expect(report).toMatchObject({ ok: false, dryRun: true, created: 2, updated: 0, unchanged: 0, skippedRows: [3, 5, 6, 7, 8] });
    const sorted = (list: { field: string; message: string }[]) => [...list].map((p) => [p.field, p.message]).sort((a, b) => a[0]!.localeCompare(b[0]!));
    expect(sorted(report.problems)).toEqual([...expected].sort((a, b) => a[0]!.localeCompare(b[0]!)));
    // The cell as written, never the internal value ("即办件", not "immediate").
    expect(report.problems.find((p: { field: string }) => p.field === `事项!${col('办件类型')}6`).value).toBe('即办件');
    expect(await count()).toBe(before);

    // All or nothing: refused, every cell listed, nothing written.
    const refused = await send('');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details).toHaveLength(expected.length);
    expect(await count()).toBe(before);

    // The valid rows only.
    const partial = await send('?mode=valid');
    expect(partial.statusCode).toBe(200);
    expect(partial.json()).toMatchObject({ ok: false, dryRun: false, written: true, created: 2, skippedRows: [3, 5, 6, 7, 8] });
    expect(await count()).toBe(before + 2);
    const imported = await t.db.selectFrom('service_items').selectAll().where('code', 'in', [code(9001), code(9003, existing.credit_code, 'GG', 0)]).orderBy('code').execute();
    expect(imported.map((i) => [i.name, i.legal_limit_days, i.legal_limit_unit, i.legal_limit_text, i.legal_limit_conditions])).toEqual(
      expect.arrayContaining([
        [
          '环境影响评价文件审批',
          60,
          'workday',
          '报告书60日,报告表30日,登记表15日',
          [
            { condition: '报告书', value: 60, unit: 'workday' },
            { condition: '报告表', value: 30, unit: 'workday' },
            { condition: '登记表', value: 15, unit: 'workday' },
          ],
        ],
        // A public service with no statutory limit: none is made up.
        ['就业创业证申领', null, 'workday', '', []],
      ]),
    );
    const environment = imported.find((i) => i.name === '环境影响评价文件审批')!;
    expect(environment.promised_limit_conditions).toHaveLength(3);
    const audit = await t.db.selectFrom('audit_events').select('detail').where('action', '=', 'catalog.import').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ created: 2, skippedRows: 5, problems: expected.length });
  });

  it('never reads a blank fee as 不收费 or a blank material form as 原件', async () => {
    const { readCatalogWorkbook } = await import('./xlsx.js');
    const workbook = await template();
    workbook.getWorksheet('事项')!.addRow(itemRow({ ...Object.fromEntries(ITEM_HEADERS.map((h, i) => [h, generatedItem(9100)[i]!])), 收费项目及标准: '' }));
    workbook.getWorksheet('材料')!.addRow([code(9100), '身份证', '', '', '', '']);
    const parsed = await readCatalogWorkbook(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(parsed.items[0]!.content.fees).toBeUndefined();
    expect(parsed.materials).toEqual([]);
    expect(parsed.problems.map((p) => `${p.sheet}!${p.column}${p.row} ${p.message}`)).toEqual([
      `事项!${String.fromCharCode(65 + ITEM_HEADERS.indexOf('收费项目及标准'))}2 请填写收费情况：不收费的写「不收费」，收费的每行写一项「项目：标准（依据：文件）」`,
      '材料!C2 请填写必要性：必要、非必要 或 按情形提供',
      '材料!E2 请填写材料形式：原件、复印件、原件和复印件 或 电子材料',
      '材料!F2 请填写份数（0 到 99）',
    ]);
  });
});

async function sheetValues(data: Buffer): Promise<Record<string, unknown[][]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as unknown as ArrayBuffer);
  const out: Record<string, unknown[][]> = {};
  for (const sheet of workbook.worksheets) {
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    out[sheet.name] = rows;
  }
  return out;
}
