import { openPdf } from '../../documents/pdf.js';
import { loadQrCode } from '../../documents/lazy-libs.js';

export interface ContactCard {
  name: string;
  creditCode: string;
  presence: 'online' | 'hall';
  address: string;
  phone: string;
  contactName: string;
  grade: string;
  score: number;
  services: { name: string; certificateNumber: string; validTo: string; feeStandard: string }[];
  publicUrl: string;
}

/** 联系卡: one card-sized page with what an owner needs to reach the intermediary, and a QR to its public page. */
export async function renderContactCard(card: ContactCard): Promise<Buffer> {
  // A5 landscape: printed and handed out at the hall's intermediary counter.
  const { doc, done } = await openPdf({ size: 'A5', layout: 'landscape', margins: { top: 36, bottom: 36, left: 40, right: 40 }, info: { Title: `${card.name} 联系卡` } });
  const width = doc.page.width - 80 - 130;
  doc.font('bold').fontSize(11).fillColor('#b00000').text('中介超市 · 中介机构联系卡', 40, 36);
  doc.moveDown(0.5).fontSize(17).fillColor('#000').text(card.name, { width });
  doc.font('body').fontSize(10).fillColor('#333').moveDown(0.3);
  for (const line of [
    `统一社会信用代码：${card.creditCode}`,
    `入驻方式：${card.presence === 'hall' ? '实体中介超市（大厅入驻）' : '网上中介超市'}`,
    `信用等级：${card.grade}（${card.score} 分）`,
    `联系人：${card.contactName}　电话：${card.phone}`,
    `地址：${card.address}`,
  ]) doc.text(line, { width, lineGap: 3 });
  doc.moveDown(0.5).font('bold').text('服务事项及收费标准', { width });
  doc.font('body');
  for (const s of card.services) doc.text(`· ${s.name}（资质 ${s.certificateNumber}，至 ${s.validTo}）：${s.feeStandard}`, { width, lineGap: 2 });
  const QRCode = await loadQrCode();
  const qr = await QRCode.toBuffer(card.publicUrl, { margin: 1, width: 240 });
  doc.image(qr, doc.page.width - 40 - 110, 60, { width: 110 });
  doc.fontSize(8.5).fillColor('#555').text('扫码查看资质、评价与信用', doc.page.width - 40 - 120, 175, { width: 130, align: 'center' });
  doc.fontSize(8).fillColor('#777').text('本中心不指定任何中介机构。投诉电话：0435-12345', 40, doc.page.height - 52, { width: doc.page.width - 80 });
  doc.end();
  return done;
}
