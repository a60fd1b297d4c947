import { drawSeal, type PdfCanvas } from '../modules/seals/image.js';
import { openPdf } from './pdf.js';
import { chinaDateText } from '../util/china-time.js';
import { loadQrCode } from './lazy-libs.js';

export type NoticeKind = 'acceptance' | 'correction' | 'refusal' | 'approval' | 'denial' | 'special_procedure' | 'delivery';

export const NOTICE_TITLES: Record<NoticeKind, string> = {
  acceptance: '受理通知书',
  correction: '补正材料通知书',
  refusal: '不予受理决定书',
  approval: '准予行政许可决定书',
  denial: '不予行政许可决定书',
  special_procedure: '特别程序告知书',
  delivery: '送达回证',
};

/** 文号 character of the notices that are numbered after the case: 受 / 补 / 不受. */
export const SERIAL_MARK: Record<NoticeKind, string> = { acceptance: '受', correction: '补', refusal: '不受', approval: '准', denial: '不准', special_procedure: '特', delivery: '送' };

/** Where a verifier finds the document's id in the file when its bytes no longer match. */
export const PDF_DOCUMENT_KEY = 'NoticeIdentifier';

/** One step's opinion on a decision, under its own label (承办意见, 审核意见, 批准意见 …). */
export interface NoticeOpinion {
  label: string;
  text: string;
  /** Who signed the step, and the date, 'YYYY-MM-DD'. */
  signer: string;
  date: string;
}

export interface NoticeContent {
  kind: NoticeKind;
  /** The document's id, written into the PDF's information dictionary. */
  documentId: string;
  /** 标题: from the item type's words for decisions. */
  title: string;
  /** 文号. */
  documentNumber: string;
  /** The organ that issues and seals the notice (the department or the 行政审批局). */
  issuerName: string;
  /** The service centre whose window received the application. */
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
  /** The review chain's opinions, each under its label (decisions only). */
  opinions?: NoticeOpinion[];
  /** A form's rows, label and value (the 送达回证: document, 送达方式, 送达地点, recipient, time …). */
  rows?: { label: string; value: string }[];
  /** The issuing organ's seal, drawn over its name and the date. */
  seal: { departmentName: string; name: string };
  progressUrl: string;
  verifyUrl: string;
}

/**
 * An A4 document of the notice family, its heading drawn: the issuing organ in red, the title and
 * the 文号. Answers the document, the text width and its bytes once `doc.end()` is called.
 */
export async function openNotice(content: NoticeContent): Promise<{ doc: PDFKit.PDFDocument; width: number; done: Promise<Buffer> }> {
  const { doc, done } = await openPdf({
    size: 'A4',
    margins: { top: 72, bottom: 72, left: 72, right: 72 },
    info: { Title: content.title, Subject: content.documentNumber, [PDF_DOCUMENT_KEY]: content.documentId } as PDFKit.DocumentInfo,
  });

  const width = doc.page.width - 144;
  doc.font('bold').fontSize(15).fillColor('#b00000').text(content.issuerName, { width, align: 'center' });
  doc.moveDown(0.6).fontSize(22).fillColor('#000').text(content.title, { width, align: 'center' });
  doc.moveDown(0.4).font('body').fontSize(10.5).fillColor('#333').text(content.documentNumber, { width, align: 'center' });
  return { doc, width, done };
}

/** The organ's name and the date at the right, with its seal over them as a stamped seal is. */
export function signAndSeal(doc: PDFKit.PDFDocument, content: NoticeContent, width: number): void {
  const signatureY = doc.y;
  doc.text(content.issuerName, { width, align: 'right' }).text(chinaDateText(content.issuedOn), { width, align: 'right' });
  const sealSize = 118;
  drawSeal(doc as unknown as PdfCanvas, doc.page.width - 72 - Math.min(width, 190) / 2 - sealSize / 2 - 20, signatureY - sealSize / 2 + 12, sealSize, content.seal.departmentName, content.seal.name, 'bold');
}

/**
 * One A4 notice headed and sealed in the issuing organ's name, with its 文号, the case number, the
 * query code and a QR code to the progress page. The seal is drawn over the organ's name and the
 * date, as a stamped seal is; its SM2 signature over these bytes is kept beside the file.
 */
export async function renderNotice(content: NoticeContent): Promise<Buffer> {
  const { doc, width, done } = await openNotice(content);
  doc.moveDown(1.2).fontSize(12).fillColor('#000').text(`${content.applicantName}：`, { width });
  doc.moveDown(0.4);
  const opening = `你（单位）于${chinaDateText(content.appliedOn)}申请的“${content.itemName}”事项（申请编号 ${content.caseNumber}），`;
  const [first, ...rest] = content.paragraphs;
  doc.text(`　　${opening}${first ?? ''}`, { width, lineGap: 5 });
  (content.list ?? []).forEach((line, index) => doc.text(`　　${index + 1}. ${line}`, { width, lineGap: 5 }));
  // A decision's opinions follow its first paragraph, each under its step's label.
  for (const opinion of content.opinions ?? []) {
    doc.font('bold').text(`　　${opinion.label}：`, { width, continued: true }).font('body').text(`${opinion.text}（${opinion.signer}，${chinaDateText(opinion.date)}）`, { lineGap: 5 });
  }
  for (const paragraph of rest) doc.text(`　　${paragraph}`, { width, lineGap: 5 });
  doc.moveDown(0.6).text(`　　受理窗口：${content.centreName}　咨询电话：${content.centrePhone}`, { width, lineGap: 5 });

  doc.moveDown(2);
  signAndSeal(doc, content, width);

  // The QR code and the query code let the applicant follow the case without an account.
  const QRCode = await loadQrCode();
  const qr = await QRCode.toBuffer(content.progressUrl, { margin: 1, width: 240 });
  const y = doc.page.height - 72 - 110;
  doc.image(qr, 72, y, { width: 90 });
  doc
    .font('body')
    .fontSize(9.5)
    .fillColor('#333')
    .text('扫码查询办理进度', 172, y + 8, { lineBreak: false })
    .text(`申请编号：${content.caseNumber}　查询码：${content.queryCode}`, 172, y + 26, { lineBreak: false })
    .text('请妥善保管查询码，凭申请编号和查询码可随时查询办理进度。', 172, y + 44, { width: width - 100 })
    .text(`本文书加盖${content.issuerName}电子印章，可在 ${content.verifyUrl} 上传本文件核验真伪。`, 172, y + 62, { width: width - 100 });
  doc.end();
  return done;
}
