import { openNotice, signAndSeal, type NoticeContent } from './notice-pdf.js';

/**
 * 送达回证: the proof that a decision (and the licence) reached the applicant, as a bordered form —
 * the case, the document delivered, 送达方式, 送达地点, the recipient, the time, the clerk who
 * delivered it, the applicant's consent where the way changed — with the lines the recipient and
 * the clerk sign on paper, headed and sealed by the organ that decided.
 */
export async function renderDeliveryReceipt(content: NoticeContent): Promise<Buffer> {
  const { doc, width, done } = await openNotice(content);
  const left = 72;
  doc.moveDown(1);

  // The form: one bordered row per fact, the label in a narrow first column.
  const labelWidth = 110;
  const padding = 6;
  doc.fontSize(11.5).fillColor('#000');
  for (const row of content.rows ?? []) {
    const y = doc.y;
    const valueHeight = doc.font('body').heightOfString(row.value || '—', { width: width - labelWidth - 2 * padding, lineGap: 3 });
    const labelHeight = doc.font('bold').heightOfString(row.label, { width: labelWidth - 2 * padding });
    const height = Math.max(valueHeight, labelHeight) + 2 * padding;
    doc.lineWidth(0.8).rect(left, y, labelWidth, height).rect(left + labelWidth, y, width - labelWidth, height).stroke();
    doc.font('bold').text(row.label, left + padding, y + padding, { width: labelWidth - 2 * padding });
    doc.font('body').text(row.value || '—', left + labelWidth + padding, y + padding, { width: width - labelWidth - 2 * padding, lineGap: 3 });
    doc.x = left;
    doc.y = y + height;
  }

  doc.moveDown(1).font('body').fontSize(11.5);
  for (const paragraph of content.paragraphs) doc.text(paragraph, left, doc.y, { width, lineGap: 6 });
  doc.moveDown(0.6).fontSize(10).fillColor('#333').text(`受理窗口：${content.centreName}　咨询电话：${content.centrePhone}`, left, doc.y, { width });

  doc.moveDown(2).fontSize(11.5).fillColor('#000');
  signAndSeal(doc, content, width);

  doc
    .font('body')
    .fontSize(9.5)
    .fillColor('#333')
    .text(`本回证加盖${content.issuerName}电子印章，可在 ${content.verifyUrl} 上传本文件核验真伪。申请编号：${content.caseNumber}`, left, doc.page.height - 72 - 30, { width });
  doc.end();
  return done;
}
