import fc from 'fast-check';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { cjkFontData } from '../documents/fonts.js';
import { renderNotice, type NoticeContent } from '../documents/notice-pdf.js';
import { extractPdfText } from './pdf-text.js';

/**
 * The tests read PDFs back with extractPdfText, so it must read what pdfkit writes: every glyph,
 * whatever the mix. pdfkit maps a ligature glyph ("fi", "ff", "ffi": factories' names hold base-36
 * and hex) to several characters and a character beyond the BMP to a surrogate pair, each written
 * in the ToUnicode CMap as one destination of several UTF-16 units; reading only one-unit
 * destinations shifted every later glyph of the font by one.
 */

const font = cjkFontData();
const chars = (s: string) => [...s];
const CJK = chars('测试局政务服务中心事项申请编号受理通知书准予行政许可决定梅河口市监审批你单位于的一是在不了有和人这大为上个国我以要他时来用们生到作地出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题');
const LATIN = chars('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/@');
const PUNCTUATION = chars('，。、；：？！“”‘’（）《》〔〕【】—…');
// Sequences the font turns into one glyph, and characters of CJK Extension B and beyond it has.
const TRICKY = ['fi', 'fl', 'ff', 'ffi', 'ffl', 'office', 'ff3c', '𬌗', '𬭚'];

const piece = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...CJK) },
  { weight: 4, arbitrary: fc.constantFrom(...LATIN) },
  { weight: 2, arbitrary: fc.constantFrom(...PUNCTUATION) },
  { weight: 2, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 1, arbitrary: fc.constantFrom(' ', '　') },
);
const text = fc.array(piece, { minLength: 1, maxLength: 60 }).map((p) => p.join(''));
const segment = fc.record({ text, font: fc.constantFrom('body', 'bold'), continued: fc.boolean(), size: fc.constantFrom(9.5, 10.5, 12, 15, 22) });

async function render(segments: { text: string; font: string; continued: boolean; size: number }[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margins: { top: 72, bottom: 72, left: 72, right: 72 } });
  doc.registerFont('body', font!.regular);
  doc.registerFont('bold', font!.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  for (const s of segments) doc.font(s.font).fontSize(s.size).text(s.text, { width: 451, continued: s.continued, lineGap: 5 });
  doc.end();
  return done;
}

// Lines wrap anywhere in Chinese text and pdfkit drops the spaces where it breaks: compared without whitespace.
const flat = (s: string) => s.replace(/\s+/g, '');

describe.skipIf(!font)('extractPdfText reads back what pdfkit writes with the CJK font', () => {
  it('ligatures and characters beyond the BMP map to their characters, the glyphs after them too', async () => {
    const written = 'office fi ffi 测试局mhx3k2a0ff3c1 申请编号 220581-20261202-00002 姓名𬌗𬭚';
    expect(extractPdfText(await render([{ text: written, font: 'body', continued: false, size: 12 }]))).toBe(written);
  });

  it('any mix of Chinese, latin, punctuation, both fonts and continued text reads back as written', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 6 }), async (segments) => {
        const pdf = await render(segments);
        expect(flat(extractPdfText(pdf))).toBe(flat(segments.map((s) => s.text).join('')));
      }),
      { numRuns: 20 },
    );
  }, 60_000);

  it('a sealed decision whose names hold ligatures reads back line by line: heading, case number, opinions', async () => {
    const caseNumber = '220581-20261202-00002';
    const content: NoticeContent = {
      kind: 'approval',
      documentId: '00000000-0000-4000-8000-000000000001',
      title: '准予行政许可决定书',
      documentNumber: '梅市监许准〔2026〕1号',
      issuerName: '测试局mhx3k2a0ff3c1',
      centreName: '测试政务服务中心mhx3kfi2b1a9',
      centrePhone: '0435-1234567',
      departmentName: '测试局mhx3k2a0ff3c1',
      applicantName: '张𬌗',
      itemName: '测试事项mhx3kffl40c2e',
      caseNumber,
      queryCode: 'K7ffi2',
      appliedOn: '2026-12-02',
      issuedOn: '2026-12-09',
      paragraphs: ['经审查，符合法定条件、标准，决定准予行政许可。', '如不服本决定，可以依法申请行政复议或者提起行政诉讼。'],
      opinions: [
        { label: '承办意见', text: '材料齐全，符合条件', signer: '测试reviewer', date: '2026-12-03' },
        { label: '批准意见', text: '同意准予许可', signer: '测试department_head', date: '2026-12-08' },
      ],
      seal: { departmentName: '测试局mhx3k2a0ff3c1', name: '行政许可专用章' },
      progressUrl: 'https://example.org/progress/fi',
      verifyUrl: 'https://example.org/verify',
    };
    const text = extractPdfText(await renderNotice(content));
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual([content.issuerName, content.title, content.documentNumber]);
    expect(lines).toContain('张𬌗：');
    expect(flat(text)).toContain(flat(`你（单位）于2026年12月2日申请的“${content.itemName}”事项（申请编号 ${caseNumber}），经审查`));
    expect(text).toContain('材料齐全，符合条件（测试reviewer');
    expect(text).toContain('同意准予许可（测试department_head');
    expect(text).toContain(`申请编号：${caseNumber}　查询码：K7ffi2`);
    expect(lines.filter((l) => l === content.issuerName)).toHaveLength(2);
  }, 30_000);
});
