import { openPdf } from '../../documents/pdf.js';
import { yuan } from './compute.js';
import type { TFeeNotice } from './schema.js';
import { loadQrCode } from '../../documents/lazy-libs.js';

/**
 * 缴款通知书 (非税收入): who pays what to whom, by which 缴款码, with the amount in words; the QR
 * code opens the case's payment page. An exempted or paid notice says so across its head.
 */
export async function renderFeeNoticePdf(notice: TFeeNotice, options: { payerName: string; centreName: string; publicUrl: string }): Promise<Buffer> {
  const { doc, done } = await openPdf({ size: 'A4', margins: { top: 56, bottom: 56, left: 56, right: 56 }, info: { Title: `缴款通知书 ${notice.number}`, Author: options.centreName } });
  const width = doc.page.width - 112;
  const payUrl = `${options.publicUrl}/portal/cases/${notice.caseId}`;
  const QRCode = await loadQrCode();
  const qr = await QRCode.toBuffer(payUrl, { type: 'png', margin: 1, width: 220, errorCorrectionLevel: 'M' });

  doc.font('bold').fontSize(20).text('政府非税收入缴款通知书', 56, 56, { width, align: 'center' });
  doc.font('body').fontSize(10).fillColor('#555').text(options.centreName, { width, align: 'center' });
  doc.fillColor('#000').moveDown(1);
  const status = notice.status === 'paid' ? '已缴费' : notice.status === 'exempted' ? '已减免' : null;
  if (status) doc.font('bold').fontSize(14).fillColor('#a8071a').text(`【${status}】`, { width, align: 'right' }).fillColor('#000');

  const top = doc.y;
  doc.font('body').fontSize(11);
  const row = (label: string, value: string) => doc.text(`${label}：${value}`, 56, doc.y + 4, { width: width - 120 });
  row('通知书编号', notice.number);
  row('缴款码', notice.paymentCode.replace(/(\d{4})(?=\d)/g, '$1 '));
  row('缴款人', options.payerName);
  row('办件编号', notice.caseNumber);
  row('办理事项', notice.itemName);
  row('执收单位', `${notice.departmentName}`);
  row('开具日期', new Date(notice.issuedAt).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' }));
  doc.image(qr, 56 + width - 104, top, { width: 104 });
  doc.fontSize(8).fillColor('#555').text('扫码在线缴费', 56 + width - 104, top + 108, { width: 104, align: 'center' }).fillColor('#000');
  doc.y = Math.max(doc.y, top + 130);

  doc.moveDown(1);
  const columns = [
    { title: '收费项目', x: 56, w: 170 },
    { title: '数量', x: 230, w: 40 },
    { title: '标准（元）', x: 274, w: 70 },
    { title: '金额（元）', x: 348, w: 70 },
    { title: '收费依据', x: 422, w: width - 366 },
  ];
  let y = doc.y;
  doc.font('bold').fontSize(10);
  for (const c of columns) doc.text(c.title, c.x, y, { width: c.w });
  y = doc.y + 4;
  doc.moveTo(56, y).lineTo(56 + width, y).stroke('#999');
  doc.font('body').fontSize(10);
  for (const line of notice.lines) {
    y += 6;
    const cells = [line.name, String(line.quantity), yuan(line.unitFen), yuan(line.amountFen), line.basis || '—'];
    let bottom = y;
    cells.forEach((text, i) => {
      doc.text(text, columns[i]!.x, y, { width: columns[i]!.w });
      bottom = Math.max(bottom, doc.y);
    });
    y = bottom;
  }
  y += 6;
  doc.moveTo(56, y).lineTo(56 + width, y).stroke('#999');
  doc.font('bold').fontSize(12).text(`合计：¥${notice.amountText}　（大写）人民币${notice.amountInWords}`, 56, y + 8, { width });
  doc.moveDown(1.5);
  doc.font('body').fontSize(9.5).fillColor('#333');
  for (const note of [
    '缴款方式：登录政务服务网“我的办件”在线缴费；或持本通知书到代理银行柜台、使用手机银行按“缴款码”缴纳。',
    '缴费完成后系统自动确认，无需再到窗口出示凭证；费用未缴清前不予出件（依法减免的除外）。',
    `如对收费有疑问，请咨询执收单位或拨打政务服务便民热线 12345。在线查看：${payUrl}`,
  ]) {
    doc.text(note, 56, doc.y + 3, { width });
  }
  doc.end();
  return done;
}
