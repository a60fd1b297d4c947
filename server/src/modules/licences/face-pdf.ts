import { openPdf } from '../../documents/pdf.js';
import type { LicenceLayout } from '../../db/schema.js';
import { drawSeal, type PdfCanvas } from '../seals/image.js';
import { chinaDateText } from '../../util/china-time.js';
import { loadQrCode } from '../../documents/lazy-libs.js';

export interface LicenceFace {
  typeName: string;
  identifier: string;
  number: string;
  version: number;
  holderLabel: string;
  holderName: string;
  holderCodeLabel: string;
  holderCode: string;
  fields: { label: string; value: string }[];
  validFrom: string;
  validTo: string | null;
  issuedOn: string;
  issuerName: string;
  seal: { departmentName: string; name: string };
  layout: LicenceLayout;
  verifyUrl: string;
}


/** Where a verifier finds the identifier in the file when its bytes no longer match. */
export const PDF_IDENTIFIER_KEY = 'LicenceIdentifier';

/**
 * 照面: one page with the licence's fields, the issuing department's seal over its name and a QR
 * code to the public verification page. The identifier also goes into the document information
 * dictionary, so a verifier can name the licence a changed file claims to be.
 */
export async function renderLicenceFace(face: LicenceFace): Promise<Buffer> {
  const landscape = face.layout.orientation === 'landscape';
  const { doc, done } = await openPdf({
    size: 'A4',
    layout: landscape ? 'landscape' : 'portrait',
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    info: { Title: face.typeName, Subject: face.identifier, [PDF_IDENTIFIER_KEY]: face.identifier } as PDFKit.DocumentInfo,
  });

  const { width: pageWidth, height: pageHeight } = doc.page;
  const accent = face.layout.accent || '#8b1a1a';
  doc.lineWidth(3).strokeColor(accent).rect(28, 28, pageWidth - 56, pageHeight - 56).stroke();
  doc.lineWidth(0.8).rect(36, 36, pageWidth - 72, pageHeight - 72).stroke();

  const left = 72;
  const width = pageWidth - 144;
  doc.font('bold').fontSize(28).fillColor(accent).text(face.typeName, left, 64, { width, align: 'center', characterSpacing: 4 });
  doc.font('body').fontSize(10).fillColor('#333').text(`证照编号：${face.number}${face.version > 1 ? `（第 ${face.version} 版）` : ''}`, left, 110, { width, align: 'center' });

  const labelWidth = 120;
  let y = 145;
  const row = (label: string, value: string) => {
    doc.font('bold').fontSize(12).fillColor('#000').text(label, left + 20, y, { width: labelWidth });
    doc.font('body').fontSize(12).text(value || '—', left + 20 + labelWidth, y, { width: width - labelWidth - 40, lineGap: 3 });
    y = Math.max(doc.y, y + 18) + 8;
  };
  row(face.holderLabel, face.holderName);
  row(face.holderCodeLabel, face.holderCode);
  for (const field of face.fields) row(field.label, field.value);
  row('有效期限', face.validTo ? `${chinaDateText(face.validFrom)} 至 ${chinaDateText(face.validTo)}` : `${chinaDateText(face.validFrom)} 起长期有效`);

  const bottom = pageHeight - 72;
  const QRCode = await loadQrCode();
  const qr = await QRCode.toBuffer(face.verifyUrl, { margin: 1, width: 240 });
  doc.image(qr, left, bottom - 110, { width: 96 });
  doc.font('body').fontSize(8.5).fillColor('#333').text('扫码验证真伪', left, bottom - 10, { width: 96, align: 'center' });

  const issuerX = pageWidth - 72 - 220;
  doc.font('bold').fontSize(13).fillColor('#000').text(`发证机关：${face.issuerName}`, issuerX, bottom - 80, { width: 220, align: 'right' });
  doc.font('body').fontSize(12).text(chinaDateText(face.issuedOn), issuerX, bottom - 56, { width: 220, align: 'right' });
  // The seal overlaps the issuer's name and date, as a stamped seal does.
  drawSeal(doc as unknown as PdfCanvas, pageWidth - 72 - 150, bottom - 140, 130, face.seal.departmentName, face.seal.name, 'bold');

  doc.font('body').fontSize(7.5).fillColor('#666').text(`电子证照标识：${face.identifier}`, left + 110, bottom - 24, { width: width - 110 });
  if (face.layout.footnote) doc.text(face.layout.footnote, left + 110, bottom - 12, { width: width - 110 });
  doc.end();
  return done;
}
