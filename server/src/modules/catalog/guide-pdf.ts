import { openPdf } from '../../documents/pdf.js';
import { itemTypeName, LEVELS } from './codes.js';
import { formatLimit } from './limits.js';
import type { TItemDetail } from './schema.js';
import { loadQrCode } from '../../documents/lazy-libs.js';

const MATERIAL_FORM = { original: '原件', copy: '复印件', original_and_copy: '原件和复印件', electronic: '电子材料' } as const;
const REQUIREMENT = { required: '必要', optional: '非必要', conditional: '按情形' } as const;
const CHANNEL = { online: '网上办理', window: '窗口办理', agent: '代办帮办', village: '村（社区）代办点' } as const;
const DEPTH = ['', '一级（信息公开）', '二级（网上预约）', '三级（网上预审）', '四级（全程网办）'];
const TRIPS = ['0次（零跑动）', '1次（最多跑一次）', '多次'];

/** The guide's sections as plain text, shared by the PDF and the tests. */
export function guideSections(item: TItemDetail): { title: string; lines: string[] }[] {
  const limit = (text: string, value: number | null, unit: TItemDetail['legalLimitUnit']) => (text ? text : formatLimit(value, unit));
  return [
    {
      title: '一、基本信息',
      lines: [
        `事项类型：${itemTypeName(item.itemType)}　　办件类型：${item.kind === 'immediate' ? '即办件' : '承诺件'}`,
        `实施编码：${item.code}`,
        `责任部门：${item.departmentName}　　实施主体：${item.implementingBody}（${LEVELS[item.implementingLevel] ?? ''}）`,
        `服务对象：${item.target === 'natural' ? '自然人' : item.target === 'legal' ? '法人' : '自然人、法人'}`,
        ...(item.delegatedTo ? [`已下放至：${item.delegatedTo}`] : []),
        ...(item.takenOverFrom ? [`承接自：${item.takenOverFrom}`] : []),
      ],
    },
    { title: '二、设定依据', lines: item.legalBasis.length ? item.legalBasis.map((b) => `${b.law}${b.articles}`) : ['—'] },
    { title: '三、受理条件', lines: [item.conditions || '—'] },
    {
      title: '四、申请材料',
      lines: item.materials.length
        ? item.materials.map(
            (m, i) =>
              `${i + 1}. ${m.name}（${REQUIREMENT[m.requirement]}${m.condition ? `：${m.condition}` : ''}；${MATERIAL_FORM[m.form]} ${m.copies} 份；来源：${m.source}` +
              `${m.licenceType ? `；可用电子证照「${m.licenceType}」替代，无需提交纸质材料` : ''}${m.blankForm ? `；空白表格：${m.blankForm}` : ''}${m.sample ? `；示例：${m.sample}` : ''}）`,
          )
        : ['无需提交材料'],
    },
    {
      title: '五、收费',
      lines: item.fees.free ? ['不收费'] : item.fees.items.map((f) => `${f.name}：${f.standard}${f.basis ? `（依据：${f.basis}）` : ''}`),
    },
    {
      title: '六、办理时限',
      lines: [
        `法定办结时限：${limit(item.legalLimitText, item.legalLimitDays, item.legalLimitUnit)}${item.legalExtensionWorkdays ? `（可延长 ${item.legalExtensionWorkdays} 个工作日）` : ''}`,
        `承诺办结时限：${limit(item.promisedLimitText, item.promisedLimitDays, item.promisedLimitUnit)}`,
        `到现场次数：${TRIPS[item.trips] ?? ''}　　网办深度：${DEPTH[item.onlineDepth] ?? ''}`,
      ],
    },
    { title: '七、办理流程', lines: item.process.length ? item.process.map((s, i) => `${i + 1}. ${s.name}${s.description ? `：${s.description}` : ''}`) : ['—'] },
    {
      title: '八、办理渠道与窗口',
      lines: [`办理渠道：${item.channels.map((c) => CHANNEL[c]).join('、')}`, `办理窗口：${item.windows || '—'}`],
    },
    { title: '九、咨询与投诉', lines: [`咨询电话：${item.consultPhone || '—'}`, `投诉电话：${item.complaintPhone || '—'}`] },
    ...(item.description ? [{ title: '十、办理说明', lines: [item.description] }] : []),
  ];
}

/** Where the QR code leads: the item's online application page. */
export const applyUrl = (publicUrl: string, itemId: number) => `${publicUrl}/portal/apply/${itemId}`;

/** 办事指南 PDF: the item's guide with a QR code to apply online. */
export async function renderGuidePdf(item: TItemDetail, options: { publicUrl: string; centreName?: string }): Promise<Buffer> {
  const { doc, done } = await openPdf({ size: 'A4', margins: { top: 56, bottom: 56, left: 56, right: 56 }, info: { Title: `${item.name} 办事指南`, Author: options.centreName ?? 'onewindow' } });

  const url = applyUrl(options.publicUrl, item.id);
  const QRCode = await loadQrCode();
  const qr = await QRCode.toBuffer(url, { type: 'png', margin: 1, width: 240, errorCorrectionLevel: 'M' });
  const pageWidth = doc.page.width - 112;

  doc.font('bold').fontSize(20).text(`${item.name}`, 56, 56, { width: pageWidth - 110 });
  doc.font('body').fontSize(13).fillColor('#555').text('办事指南', { width: pageWidth - 110 });
  if (options.centreName) doc.fontSize(10).text(options.centreName, { width: pageWidth - 110 });
  doc.image(qr, 56 + pageWidth - 96, 50, { width: 96 });
  doc.fontSize(8).fillColor('#555').text('扫码网上申请', 56 + pageWidth - 96, 150, { width: 96, align: 'center' });
  doc.fillColor('#000');
  doc.y = Math.max(doc.y, 170);
  doc.x = 56;

  for (const section of guideSections(item)) {
    doc.moveDown(0.6);
    doc.font('bold').fontSize(13).fillColor('#1f4e79').text(section.title, 56, doc.y, { width: pageWidth });
    doc.fillColor('#000').font('body').fontSize(10.5);
    for (const line of section.lines) doc.text(line, 56, doc.y + 2, { width: pageWidth, lineGap: 2 });
  }
  doc.moveDown(1);
  doc.font('body').fontSize(9).fillColor('#555').text(`网上申请：${url}`, 56, doc.y, { width: pageWidth });
  doc.text(`版本：${item.versionNo ?? '—'}　　本指南由事项目录自动生成`, { width: pageWidth });
  doc.end();
  return done;
}
