/**
 * The document libraries, loaded on first use instead of at start. pdfkit, exceljs and qrcode are
 * some 65 MB resident and half a second of a core to load, in every server process (the primary
 * and each HTTP worker), while most processes and most requests draw no document.
 */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => (loading ??= load());
}

export const loadPdfKit = once(async () => (await import('pdfkit')).default);
export const loadExcel = once(async () => (await import('exceljs')).default);
export const loadQrCode = once(async () => (await import('qrcode')).default);
