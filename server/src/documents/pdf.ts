import { cjkFontData } from './fonts.js';
import { loadPdfKit } from './lazy-libs.js';

/**
 * A new PDF document with the CJK font registered as 'body' and 'bold', and its bytes once
 * `doc.end()` is called. Every document the platform draws starts here.
 */
export async function openPdf(options: PDFKit.PDFDocumentOptions): Promise<{ doc: PDFKit.PDFDocument; done: Promise<Buffer> }> {
  const font = cjkFontData();
  if (!font) throw new Error('no CJK font found: install the dependencies (npm install)');
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument(options);
  doc.registerFont('body', font.regular);
  doc.registerFont('bold', font.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  return { doc, done };
}
