import { describe, expect, it } from 'vitest';
import { withCreditCheck } from '../../util/identity.js';
import { normalizeItemCode, parseItemCode } from './codes.js';
import { ITEM_COLUMNS, type ItemRowContent } from './xlsx.js';

const read = <K extends keyof ItemRowContent>(key: K, text: string) => (ITEM_COLUMNS[key].read as (t: string) => { value?: unknown; error?: string })(text);
const write = <K extends keyof ItemRowContent>(key: K, value: ItemRowContent[K]) => (ITEM_COLUMNS[key].write as (v: unknown) => string | number)(value);

describe('workbook cells', () => {
  it('reads the code written without separators or in full-width characters', () => {
    const credit = withCreditCheck('11220581MB1234567');
    const dashed = `${credit}-4-220581-XK-00001-000-01`;
    expect(normalizeItemCode(`${credit}4220581XK0000100001`)).toBe(dashed);
    expect(normalizeItemCode(` ${dashed.toLowerCase()} `)).toBe(dashed);
    expect(parseItemCode(`${credit}4220581XK0000100001`).ok).toBe(true);
  });

  it('writes every column so that it reads back the same (export → import does not drift)', () => {
    const samples: Partial<{ [K in keyof ItemRowContent]: ItemRowContent[K] }> = {
      kind: 'immediate',
      legalBasis: [
        { law: '《中华人民共和国行政许可法》', articles: '第十二条' },
        { law: '国务院决定', articles: '' },
      ],
      fees: { free: false, items: [{ name: '工本费', standard: '每证10元', basis: '发改价格〔2004〕2831号' }, { name: '按规定收取', standard: '', basis: '' }] },
      trips: 2,
      onlineDepth: 4,
      channels: ['online', 'window', 'agent', 'village'],
      process: [{ name: '申请', description: '网上提交：附件' }, { name: '受理', description: '' }],
      target: 'both',
      themes: ['准营准办', '设立变更'],
      status: 'suspended',
    };
    for (const [key, value] of Object.entries(samples) as [keyof ItemRowContent, never][]) {
      expect(read(key, String(write(key, value))), key).toEqual({ value });
    }
  });

  it('accepts the words real guides use', () => {
    expect(read('channels', '线上、线下、代办')).toEqual({ value: ['online', 'window', 'agent'] });
    expect(read('channels', '网上办理，村（社区）代办点')).toEqual({ value: ['online', 'village'] });
    expect(read('target', '企业')).toEqual({ value: 'legal' });
    expect(read('target', '个人和企业')).toEqual({ value: 'both' });
    expect(read('trips', '最多跑一次')).toEqual({ value: 1 });
    expect(read('trips', '零跑腿')).toEqual({ value: 0 });
    expect(read('onlineDepth', '全程网办')).toEqual({ value: 4 });
    expect(read('fees', '免费')).toEqual({ value: { free: true, items: [] } });
    expect(read('legalBasis', '《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》第五条')).toEqual({
      value: [
        { law: '《中华人民共和国食品安全法》', articles: '第三十五条' },
        { law: '《食品经营许可和备案管理办法》', articles: '第五条' },
      ],
    });
    expect(read('process', '申请→受理→审查→决定→送达')).toEqual({ value: ['申请', '受理', '审查', '决定', '送达'].map((name) => ({ name, description: '' })) });
    expect(read('fees', '按国家规定标准收取工本费')).toEqual({ value: { free: false, items: [{ name: '按国家规定标准收取工本费', standard: '', basis: '' }] } });
  });

  it('refuses what it cannot read, with the reason', () => {
    expect(read('kind', '急件')).toEqual({ error: '应为「即办件」或「承诺件」' });
    expect(read('channels', '邮寄')).toMatchObject({ error: expect.stringContaining('没有渠道「邮寄」') });
    expect(read('target', '外国人')).toMatchObject({ error: expect.stringContaining('应为') });
    expect(read('onlineDepth', '五级')).toMatchObject({ error: expect.stringContaining('应为') });
    expect(read('status', '作废')).toMatchObject({ error: expect.stringContaining('应为') });
  });
});

describe('reading a workbook filled by hand', () => {
  it('reads headers by name (with * marks, in any order) and the material words lists use', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const { readCatalogWorkbook } = await import('./xlsx.js');
    const credit = withCreditCheck('11220581MB1234567');
    const code = `${credit}4220581XK0000100001`;
    const workbook = new ExcelJS.Workbook();
    const items = workbook.addWorksheet('事项');
    items.addRow(['*事项名称', '*实施编码', '*责任部门', '*办件类型', '*法定办结时限', '*承诺办结时限', '服务对象', '收费项目及标准', '到现场次数', '网办深度', '办理渠道']);
    items.addRow(['食品经营许可（新办）', code, '梅河口市市场监督管理局', '承诺件', 20, '5个工作日', '企业', '不收费', '1次', '三级', '窗口办理']);
    items.addRow([]);
    const materials = workbook.addWorksheet('材料');
    materials.addRow(['实施编码', '材料名称', '必要性', '情形说明', '材料形式', '份数']);
    materials.addRow([code, '营业执照', '必须', '', '原件及复印件', '1份']);
    materials.addRow([code, '委托书', '视情况', '委托办理的', '电子版', 0]);
    const parsed = await readCatalogWorkbook(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(parsed.problems).toEqual([]);
    expect(parsed.items).toHaveLength(1);
    expect(parsed.items[0]!.content).toMatchObject({ code: `${credit}-4-220581-XK-00001-000-01`, legalLimitText: '20', target: 'legal', status: 'published', channels: ['window'] });
    expect(parsed.materials.map((m) => m.material)).toEqual([
      // A blank 来源渠道 stays unknown: nobody said the applicant brings it.
      { name: '营业执照', requirement: 'required', form: 'original_and_copy', copies: 1, source: '' },
      { name: '委托书', requirement: 'conditional', condition: '委托办理的', form: 'electronic', copies: 0, source: '' },
    ]);
  });

  it('reports a file that is not a workbook, or lacks the items sheet or a required column', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const { readCatalogWorkbook } = await import('./xlsx.js');
    expect((await readCatalogWorkbook(Buffer.from('not a zip'))).problems[0]!.message).toBe('不是有效的 xlsx 文件');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Sheet1');
    expect((await readCatalogWorkbook(Buffer.from(await workbook.xlsx.writeBuffer()))).problems[0]!.message).toBe('缺少工作表「事项」');
    workbook.addWorksheet('事项').addRow(['实施编码', '事项名称']);
    const missing = (await readCatalogWorkbook(Buffer.from(await workbook.xlsx.writeBuffer()))).problems.map((p) => p.message);
    expect(missing).toEqual(
      ['责任部门', '办件类型', '承诺办结时限', '收费项目及标准', '到现场次数', '网办深度', '办理渠道', '服务对象'].map((h) => `缺少列「${h}」`),
    );
  });
});
