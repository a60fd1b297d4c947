import { drawSeal, type PdfCanvas } from '../modules/seals/image.js';
import { openPdf } from './pdf.js';
import { chinaDate, chinaDateText } from '../util/china-time.js';
import { loadQrCode } from './lazy-libs.js';

/** 中标通知书 as the trading centre issues it (招标投标法 art. 45). */
export interface AwardNoticeContent {
  noticeNumber: string;
  projectNumber: string;
  title: string;
  lot: number;
  lotName: string;
  winner: string;
  winnerCreditCode: string;
  tenderer: string;
  centre: string;
  price: number;
  durationDays: number | null;
  issuedAt: Date;
  /** The electronic seal that signed it (null on notices signed before seals with the platform key). */
  seal: { code: string; name: string; departmentName: string } | null;
  /** SM3 of the signed record and the seal's SM2 signature over it. */
  digest: string;
  signature: string;
  verifyUrl: string;
}

const cnDate = (d: Date) => chinaDateText(chinaDate(d));
const yuan = (n: number) => n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export async function renderAwardNotice(content: AwardNoticeContent): Promise<Buffer> {
  const { doc, done } = await openPdf({ size: 'A4', margins: { top: 72, bottom: 72, left: 72, right: 72 }, info: { Title: '中标通知书', Subject: content.noticeNumber } });
  const width = doc.page.width - 144;

  doc.font('bold').fontSize(24).fillColor('#000').text('中标通知书', { width, align: 'center' });
  doc.moveDown(0.4).font('body').fontSize(10.5).fillColor('#333').text(`编号：${content.noticeNumber}`, { width, align: 'center' });
  doc.moveDown(1.2).fontSize(12).fillColor('#000').text(`${content.winner}（统一社会信用代码 ${content.winnerCreditCode}）：`, { width });
  doc.moveDown(0.4);
  const duration = content.durationDays === null ? '' : `，工期（交货期）${content.durationDays} 日`;
  for (const paragraph of [
    `${content.tenderer}的“${content.title}”（项目编号 ${content.projectNumber}）第${content.lot}标段（${content.lotName}），经评标委员会评审、中标候选人公示期满，确定你单位为中标人，中标价 ${yuan(content.price)} 元${duration}。`,
    '请你单位收到本通知书后，在三十日内按照招标文件和你单位的投标文件与招标人订立书面合同（《中华人民共和国招标投标法》第四十六条）。',
  ]) {
    doc.text(`　　${paragraph}`, { width, lineGap: 6 });
  }
  doc.moveDown(2).text(`招标人：${content.tenderer}`, { width, align: 'right' });
  const sealTop = doc.y - 70;
  doc.text(`见证单位：${content.centre}`, { width, align: 'right' }).text(cnDate(content.issuedAt), { width, align: 'right' });
  // The red round seal over the issuing line, as on paper.
  if (content.seal) drawSeal(doc as unknown as PdfCanvas, doc.page.width - 72 - 140, sealTop, 120, content.seal.departmentName, content.seal.name, 'bold');

  // The seal: the centre's SM2 signature over the notice's record, checkable at the QR's address.
  const QRCode = await loadQrCode();
  const qr = await QRCode.toBuffer(content.verifyUrl, { margin: 1, width: 240 });
  // Room for a 72-byte DER signature on three lines above the bottom margin (else pdfkit breaks the page).
  const y = doc.page.height - 72 - 170;
  doc.image(qr, 72, y, { width: 90 });
  doc
    .fontSize(8.5)
    .fillColor('#333')
    .text(
      content.seal
        ? `电子印章：${content.seal.departmentName}${content.seal.name}（编码 ${content.seal.code}，SM2/SM3），扫码或在公共资源交易公开页核验。`
        : '电子签章（SM2）：本通知书由交易中心以其 SM2 密钥签名，扫码核验。',
      172,
      y,
      { width: width - 100 },
    )
    // Upper case: the font's ligatures (ff, fi) would merge lower-case hex letters.
    .text(`SM3 摘要：${content.digest.toUpperCase()}`, 172, y + 22, { width: width - 100 })
    .text(`签名值：${content.signature.toUpperCase()}`, 172, y + 44, { width: width - 100 });
  doc.end();
  return done;
}
