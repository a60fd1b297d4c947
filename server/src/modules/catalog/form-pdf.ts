import { openPdf } from '../../documents/pdf.js';
import type { FormField } from '../../db/schema.js';

/** 空白表 (to fill in by hand) or 样表 (filled with an example, to copy from). */
export type FormPdfKind = 'blank' | 'sample';

interface FormPdfItem {
  name: string;
  code: string;
  departmentName: string;
  target: 'natural' | 'legal' | 'both';
  formFields: FormField[];
}

/**
 * Example answers for a sample form, chosen from what the field asks (its label), so an
 * administrator's new form gets a sensible 样表 without anyone writing one. Values are plainly
 * examples (某某, 示例), never a real person's data.
 */
const SAMPLES: [RegExp, string][] = [
  [/电话|手机/, '138 0435 0000'],
  [/身份证|证件号/, '220581 19800101 001X'],
  [/信用代码/, '91220581MA0000000X'],
  [/法定代表人|负责人|联系人|姓名|申请人/, '张某某'],
  [/场所|地址|住所|地点/, '梅河口市新华大街 88 号'],
  [/名称|经营者|企业|单位|字号/, '梅河口市某某餐饮有限公司'],
  [/经营项目|经营范围|范围/, '热食类食品制售'],
  [/面积/, '120'],
  [/资金|金额|投资/, '50'],
  [/人数|数量/, '5'],
  [/原因|理由|说明|情况/, '按实际情况如实填写，例如：因经营需要申请办理。'],
];

/** The example answer a 样表 shows for one field. */
export function sampleValue(field: FormField, today: string): string {
  if (field.type === 'select') return field.options?.[0] ?? '';
  if (field.type === 'date') return `${Number(today.slice(0, 4))}年${Number(today.slice(5, 7))}月${Number(today.slice(8, 10))}日`;
  if (field.type === 'phone') return '138 0435 0000';
  const match = SAMPLES.find(([pattern]) => pattern.test(field.label));
  if (match) return match[1];
  return field.type === 'number' ? '1' : `（按实际填写${field.label}）`;
}

/**
 * 申请表 PDF of an item's online form, as the window hands it out: the applicant block, every
 * field of the form with room to write (a select lists its choices as boxes to tick), signature
 * and date. The 样表 carries example answers and a 样表 mark on every page.
 */
export async function renderFormPdf(item: FormPdfItem, kind: FormPdfKind, options: { centreName?: string; today: string }): Promise<Buffer> {
  const title = `${item.name}申请表`;
  const { doc, done } = await openPdf({ size: 'A4', margins: { top: 56, bottom: 56, left: 56, right: 56 }, info: { Title: kind === 'sample' ? `${title}（样表）` : title, Author: options.centreName ?? 'onewindow' } });
  const left = 56;
  const width = doc.page.width - 112;
  const labelWidth = 130;
  const sample = kind === 'sample';

  const watermark = () => {
    if (!sample) return;
    doc.save().font('bold').fontSize(96).fillColor('#d9363e').opacity(0.12).rotate(-30, { origin: [doc.page.width / 2, doc.page.height / 2] });
    doc.text('样表', 0, doc.page.height / 2 - 60, { width: doc.page.width, align: 'center' });
    doc.restore().opacity(1).fillColor('#000');
  };
  watermark();
  doc.on('pageAdded', watermark);

  doc.font('bold').fontSize(18).text(title, left, 56, { width, align: 'center' });
  doc.font('body').fontSize(10).fillColor('#444').text(`${sample ? '填写样表　' : ''}事项编码：${item.code}　　受理部门：${item.departmentName}`, { width, align: 'center' });
  doc.fillColor('#000').moveDown(0.8);

  const applicantRows: { label: string; value: string }[] =
    item.target === 'legal'
      ? [
          { label: '单位名称', value: '梅河口市某某餐饮有限公司' },
          { label: '统一社会信用代码', value: '91220581MA0000000X' },
          { label: '法定代表人', value: '张某某' },
        ]
      : [
          { label: '申请人姓名', value: '张某某' },
          { label: '居民身份证号', value: '220581 19800101 001X' },
        ];
  applicantRows.push({ label: '联系电话', value: '138 0435 0000' }, { label: '通讯地址', value: '梅河口市新华大街 88 号' });

  /** One bordered row: the label on the left, the answer (or space to write it) on the right. */
  const row = (label: string, value: string, lines = 1) => {
    const height = Math.max(28, 18 * lines + 10);
    if (doc.y + height > doc.page.height - 80) doc.addPage();
    const top = doc.y;
    doc.lineWidth(0.6).strokeColor('#555').rect(left, top, width, height).stroke();
    doc.moveTo(left + labelWidth, top).lineTo(left + labelWidth, top + height).stroke();
    doc.font('bold').fontSize(10.5).fillColor('#000').text(label, left + 8, top + 8, { width: labelWidth - 16 });
    doc.font('body').fontSize(10.5).fillColor(sample ? '#0b3d91' : '#000').text(value, left + labelWidth + 8, top + 8, { width: width - labelWidth - 16 });
    doc.fillColor('#000');
    doc.y = top + height;
    doc.x = left;
  };
  const section = (text: string) => {
    if (doc.y + 60 > doc.page.height - 80) doc.addPage();
    doc.moveDown(0.6).font('bold').fontSize(12).fillColor('#1f4e79').text(text, left, doc.y, { width });
    doc.fillColor('#000').moveDown(0.3);
  };

  section('一、申请人信息');
  for (const r of applicantRows) row(r.label, sample ? r.value : '');

  section('二、申请事项内容');
  for (const field of item.formFields) {
    const label = `${field.label}${field.required ? '（必填）' : ''}`;
    if (field.type === 'select') {
      const chosen = sample ? sampleValue(field, options.today) : null;
      row(label, (field.options ?? []).map((o) => `${o === chosen ? '■' : '□'} ${o}`).join('　　'), Math.ceil((field.options ?? []).join('').length / 24) || 1);
    } else {
      row(label, sample ? sampleValue(field, options.today) : '', field.type === 'textarea' ? 4 : 1);
    }
  }
  if (!item.formFields.length) row('申请内容', sample ? '按实际情况如实填写申请的具体内容。' : '', 5);

  section('三、申请人承诺');
  doc.font('body').fontSize(10.5).text('本人（单位）承诺所填写的内容和提交的材料真实、有效，如有虚假，愿意承担相应的法律责任。', left, doc.y, { width });
  doc.moveDown(1.5);
  const today = `${Number(options.today.slice(0, 4))}年${Number(options.today.slice(5, 7))}月${Number(options.today.slice(8, 10))}日`;
  doc.text(`申请人（签字或盖章）：${sample ? '张某某' : '________________'}　　　　日期：${sample ? today : '______年____月____日'}`, left, doc.y, { width });
  doc.moveDown(1.2);
  doc.font('body').fontSize(9).fillColor('#555').text(`${sample ? '本样表中的内容仅为填写示例。' : ''}网上申请无需打印本表：登录网上办事大厅在线填写即可。${options.centreName ? `　${options.centreName}` : ''}`, left, doc.y, { width });
  doc.end();
  return done;
}
