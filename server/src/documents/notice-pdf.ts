import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { findCjkFont } from './fonts.js';

export type NoticeKind = 'acceptance' | 'correction' | 'refusal' | 'approval' | 'denial';

export const NOTICE_TITLES: Record<NoticeKind, string> = {
  acceptance: '受理通知书',
  correction: '补正材料通知书',
  refusal: '不予受理决定书',
  approval: '准予行政许可决定书',
  denial: '不予行政许可决定书',
};

/** 文号 character for each kind: 受 / 补 / 不受 / 准 / 不准. */
const SERIAL_MARK: Record<NoticeKind, string> = { acceptance: '受', correction: '补', refusal: '不受', approval: '准', denial: '不准' };

export interface NoticeContent {
  kind: NoticeKind;
  centreName: string;
  centrePhone: string;
  departmentName: string;
  applicantName: string;
  itemName: string;
  caseNumber: string;
  queryCode: string;
  /** Date of the application, 'YYYY-MM-DD'. */
  appliedOn: string;
  /** Date the notice is issued, 'YYYY-MM-DD'. */
  issuedOn: string;
  /** Paragraphs specific to the kind (dates, reasons, the list of missing materials, remedies). */
  paragraphs: string[];
  /** Numbered list under the paragraphs, e.g. every missing material (一次性告知). */
  list?: string[];
  progressUrl: string;
}

const cnDate = (date: string) => `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/** One A4 notice with the centre's name, the case number, the query code and a QR code to the progress page. */
export async function renderNotice(content: NoticeContent): Promise<Buffer> {
  const font = findCjkFont();
  if (!font) throw new Error('no CJK font found: install the dependencies (npm install)');
  const doc = new PDFDocument({ size: 'A4', margins: { top: 72, bottom: 72, left: 72, right: 72 }, info: { Title: NOTICE_TITLES[content.kind] } });
  doc.registerFont('body', font.regular);
  doc.registerFont('bold', font.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  const width = doc.page.width - 144;
  doc.font('bold').fontSize(15).fillColor('#b00000').text(content.centreName, { width, align: 'center' });
  doc.moveDown(0.6).fontSize(22).fillColor('#000').text(NOTICE_TITLES[content.kind], { width, align: 'center' });
  doc
    .moveDown(0.4)
    .font('body')
    .fontSize(10.5)
    .fillColor('#333')
    .text(`〔${content.issuedOn.slice(0, 4)}〕${SERIAL_MARK[content.kind]}字第 ${content.caseNumber} 号`, { width, align: 'center' });
  doc.moveDown(1.2).fontSize(12).fillColor('#000').text(`${content.applicantName}：`, { width });
  doc.moveDown(0.4);
  const opening = `你（单位）于${cnDate(content.appliedOn)}申请的“${content.itemName}”事项（申请编号 ${content.caseNumber}），`;
  const [first, ...rest] = content.paragraphs;
  doc.text(`　　${opening}${first ?? ''}`, { width, lineGap: 5 });
  (content.list ?? []).forEach((line, index) => doc.text(`　　${index + 1}. ${line}`, { width, lineGap: 5 }));
  for (const paragraph of rest) doc.text(`　　${paragraph}`, { width, lineGap: 5 });
  doc.moveDown(0.6).text(`　　办理部门：${content.departmentName}　咨询电话：${content.centrePhone}`, { width, lineGap: 5 });

  doc.moveDown(2).text(content.centreName, { width, align: 'right' }).text(cnDate(content.issuedOn), { width, align: 'right' });

  // The QR code and the query code let the applicant follow the case without an account.
  const qr = await QRCode.toBuffer(content.progressUrl, { margin: 1, width: 240 });
  const y = doc.page.height - 72 - 110;
  doc.image(qr, 72, y, { width: 90 });
  doc
    .fontSize(9.5)
    .fillColor('#333')
    .text('扫码查询办理进度', 172, y + 8)
    .text(`申请编号：${content.caseNumber}`, 172, y + 28)
    .text(`查询码：${content.queryCode}`, 172, y + 46)
    .text('请妥善保管查询码，凭申请编号和查询码可随时查询办理进度。', 172, y + 64, { width: width - 100 });
  doc.end();
  return done;
}
